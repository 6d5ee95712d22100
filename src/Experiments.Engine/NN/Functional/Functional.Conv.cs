// Convolutions: conv1d and conv2d (PyTorch's F.conv1d / F.conv2d: cross-correlation, zero padding,
// dilation 1, groups 1), forward and backward side by side. The work happens in Kernels/Simd/ConvKernels.cs
// (im2col + GEMM); Kernels/Reference/ReferenceConv.cs is its scalar twin.
//
// Shapes: conv2d x (N, Cin, H, W), w (Cout, Cin, Kh, Kw), b (Cout) → y (N, Cout, Ho, Wo), Ho = (H + 2Ph − Kh)/Sh + 1
//         conv1d x (N, Cin, L),    w (Cout, Cin, K),      b (Cout) → y (N, Cout, Lo),     Lo = (L + 2P − K)/S + 1
// Backward: dL/dx = conv_transpose(gy, w); dL/dw = Σ_n gy_n ⋆ x_n; dL/db = Σ_{n,spatial} gy.
using Experiments.Engine.Kernels;
using Experiments.Engine.Kernels.Simd;

namespace Experiments.Engine.NN;

public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (PyTorch's <c>torch.nn.functional.conv2d</c>): x (N, Cin, H, W), weight (Cout, Cin, Kh, Kw),
    /// bias (Cout) → (N, Cout, Ho, Wo) with Ho = (H + 2·Ph − Kh) / Sh + 1.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 4)
            throw new ArgumentException($"Conv2d weight must be (Cout, Cin, Kh, Kw); got {weight.ShapeString}.", nameof(weight));
        if (input.Rank != 4)
            throw new ArgumentException($"Conv2d expects input (N, C, H, W); got {input.ShapeString}. Add a batch dimension with Reshape(1, C, H, W) for a single image.", nameof(input));
        var g = new ConvGeometry(input.Size(0), input.Size(1), input.Size(2), input.Size(3),
            weight.Size(0), weight.Size(2), weight.Size(3), stride.H, stride.W, padding.H, padding.W);
        return Convolution("Conv2d", input, weight, bias, g, oneD: false);
    }

    /// <summary>2-D convolution with the same stride and padding along H and W.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0) =>
        Conv2d(input, weight, bias, (stride, stride), (padding, padding));

    /// <summary>
    /// 1-D convolution (PyTorch's <c>torch.nn.functional.conv1d</c>): x (N, Cin, L), weight (Cout, Cin, K),
    /// bias (Cout) → (N, Cout, Lo) with Lo = (L + 2·P − K) / S + 1.
    /// </summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 3)
            throw new ArgumentException($"Conv1d weight must be (Cout, Cin, K); got {weight.ShapeString}.", nameof(weight));
        if (input.Rank != 3)
            throw new ArgumentException($"Conv1d expects input (N, C, L); got {input.ShapeString}. Add a batch dimension with Reshape(1, C, L) for a single sequence.", nameof(input));
        var g = new ConvGeometry(input.Size(0), input.Size(1), 1, input.Size(2),
            weight.Size(0), 1, weight.Size(2), 1, stride, 0, padding);
        return Convolution("Conv1d", input, weight, bias, g, oneD: true);
    }

    // The shared primitive: checks the geometry, runs the kernel, records the backward.
    private static Tensor Convolution(string op, Tensor input, Tensor weight, Tensor? bias, ConvGeometry g, bool oneD)
    {
        if (input.Size(1) != weight.Size(1))
            throw new ArgumentException($"{op}: input has {input.Size(1)} channels ({input.ShapeString}) but the weight {weight.ShapeString} expects {weight.Size(1)}.", nameof(input));
        if (bias is not null && (bias.Rank != 1 || bias.Size(0) != g.OutChannels))
            throw new ArgumentException($"{op} bias must be ({g.OutChannels}); got {bias.ShapeString}.", nameof(bias));
        CheckWindow(op, g, input.ShapeString);

        var y = oneD ? Tensor.RentShape(false, g.Batch, g.OutChannels, g.OutWidth) : Tensor.RentShape(false, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        // Training a weight: keep the forward's im2col columns for the weight gradient (owned by the graph node).
        float[]? cols = weight.RequiresGrad && Autograd.NeedsGrad(input, weight, bias) ? BufferPool.RentFloats(ConvKernels.ColumnCacheLength(g)) : null;
        ConvKernels.Forward(g, Segment(input), Segment(weight), bias is null ? default : Segment(bias), Segment(y), cols: cols);
        Autograd.Record(y, op, bias is null ? [input, weight] : [input, weight, bias], gy =>
            ConvKernels.Backward(g, Segment(input), Segment(weight), Segment(gy),
                GradSegment(input), GradSegment(weight), bias is null ? default : GradSegment(bias), cols: cols));
        if (cols is not null) y.GradFn!.Own(cols);
        return y;
    }

    // Stride ≥ 1, padding ≥ 0, window ≥ 1 and an output of at least one element, quoting the bad value (PyTorch's messages).
    private static void CheckWindow(string op, in ConvGeometry g, string inputShape)
    {
        if (g.StrideH < 1 || g.StrideW < 1)
            throw new ArgumentOutOfRangeException("stride", $"{op}: stride must be at least 1; got ({g.StrideH}, {g.StrideW}).");
        if (g.PadH < 0 || g.PadW < 0)
            throw new ArgumentOutOfRangeException("padding", $"{op}: padding must be non-negative; got ({g.PadH}, {g.PadW}).");
        if (g.KernelH < 1 || g.KernelW < 1)
            throw new ArgumentException($"{op}: kernel size must be at least 1; got ({g.KernelH}, {g.KernelW}).");
        if (g.Height + 2 * g.PadH < g.KernelH || g.Width + 2 * g.PadW < g.KernelW)
            throw new ArgumentException($"{op}: the kernel ({g.KernelH}, {g.KernelW}) is larger than the padded input ({g.Height + 2 * g.PadH}, {g.Width + 2 * g.PadW}) of {inputShape}; the output would be empty. Use a smaller kernel or more padding.");
    }

    // A tensor's elements as an array segment (kernels capture it in parallel loops, where spans cannot go).
    private static ArraySegment<float> Segment(Tensor t) => new(t.Storage, t.Offset, t.Length);

    // The gradient buffer of t as a segment, or empty when t does not require grad.
    private static ArraySegment<float> GradSegment(Tensor t)
    {
        if (!t.RequiresGrad) return default;
        Autograd.GradSink(t);
        return Segment(t.Grad!);
    }
}
