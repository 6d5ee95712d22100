// Pooling: max_pool1d/2d, avg_pool2d and adaptive_avg_pool2d (PyTorch's F.* with dilation 1, floor mode),
// forward and backward side by side. Loops in Kernels/Reference/ReferencePool.cs (and Kernels/Simd/PoolKernels.cs
// for the (1, 2) / (2, 2) max windows of the seed CNNs), run in parallel over fixed batch partitions
// (Kernels/Simd/BatchPartitions.cs), so results never depend on the thread count.
//
// Shapes: 2-D x (N, C, H, W) → (N, C, Ho, Wo), Ho = (H + 2·Ph − Kh) / Sh + 1; 1-D x (N, C, L) → (N, C, Lo).
// Backward: max routes gy to the first maximum of each window; avg spreads gy / divisor over the window.
using Experiments.Engine.Kernels;
using Experiments.Engine.Kernels.Reference;
using Experiments.Engine.Kernels.Simd;

namespace Experiments.Engine.NN;

public static partial class Functional
{
    /// <summary>
    /// 2-D max pooling (PyTorch's <c>torch.nn.functional.max_pool2d</c>): (N, C, H, W) → (N, C, Ho, Wo); padding
    /// counts as −∞ and may be at most half the kernel; ties go to the first maximum in row-major order.
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, (int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding)
    {
        CheckRank("MaxPool2d", input, 4, "(N, C, H, W)");
        var g = PoolGeometry(input.Size(0), input.Size(1), input.Size(2), input.Size(3), kernelSize, stride, padding);
        return MaxPool("MaxPool2d", input, g, oneD: false);
    }

    /// <summary>2-D max pooling with square window; <paramref name="stride"/> defaults to the kernel size (PyTorch's default).</summary>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0) =>
        MaxPool2d(input, (kernelSize, kernelSize), (stride ?? kernelSize, stride ?? kernelSize), (padding, padding));

    /// <summary>1-D max pooling (PyTorch's <c>torch.nn.functional.max_pool1d</c>): (N, C, L) → (N, C, Lo); stride defaults to the kernel size.</summary>
    public static Tensor MaxPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0)
    {
        CheckRank("MaxPool1d", input, 3, "(N, C, L)");
        var g = PoolGeometry(input.Size(0), input.Size(1), 1, input.Size(2), (1, kernelSize), (1, stride ?? kernelSize), (0, padding));
        return MaxPool("MaxPool1d", input, g, oneD: true);
    }

    /// <summary>
    /// 2-D average pooling (PyTorch's <c>torch.nn.functional.avg_pool2d</c>): (N, C, H, W) → (N, C, Ho, Wo); zero padding,
    /// counted in the divisor when <paramref name="countIncludePad"/> (PyTorch's default true).
    /// </summary>
    public static Tensor AvgPool2d(Tensor input, (int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding, bool countIncludePad = true)
    {
        CheckRank("AvgPool2d", input, 4, "(N, C, H, W)");
        var g = PoolGeometry(input.Size(0), input.Size(1), input.Size(2), input.Size(3), kernelSize, stride, padding);
        CheckPool("AvgPool2d", g, input.ShapeString);
        var y = Tensor.RentShape(true, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        BatchPartitions.Run(g.Batch, new PoolBody(PoolBody.Kind.AvgForward, g, Segment(input), Segment(y), null, countIncludePad));
        Autograd.Record(y, "AvgPool2d", [input], gy =>
        {
            if (!input.RequiresGrad) return;
            BatchPartitions.Run(g.Batch, new PoolBody(PoolBody.Kind.AvgBackward, g, Segment(gy), GradSegment(input), null, countIncludePad));
        });
        return y;
    }

    /// <summary>2-D average pooling with a square window; stride defaults to the kernel size.</summary>
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool countIncludePad = true) =>
        AvgPool2d(input, (kernelSize, kernelSize), (stride ?? kernelSize, stride ?? kernelSize), (padding, padding), countIncludePad);

    /// <summary>
    /// Adaptive average pooling (PyTorch's <c>torch.nn.functional.adaptive_avg_pool2d</c>): (N, C, H, W) → (N, C, Ho, Wo),
    /// output cell (i, j) averages rows ⌊i·H/Ho⌋..⌈(i+1)·H/Ho⌉ and columns likewise. Output (1, 1) is global average pooling.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int H, int W) outputSize)
    {
        CheckRank("AdaptiveAvgPool2d", input, 4, "(N, C, H, W)");
        if (outputSize.H < 1 || outputSize.W < 1)
            throw new ArgumentOutOfRangeException(nameof(outputSize), $"AdaptiveAvgPool2d output size must be at least (1, 1); got ({outputSize.H}, {outputSize.W}).");
        int n = input.Size(0), c = input.Size(1), h = input.Size(2), w = input.Size(3), ho = outputSize.H, wo = outputSize.W;
        if (h < 1 || w < 1)
            throw new ArgumentException($"AdaptiveAvgPool2d needs a non-empty plane; got input {input.ShapeString}.", nameof(input));
        var y = Tensor.RentShape(true, n, c, ho, wo);
        ReferencePool.AdaptiveAvgForward(n * c, h, w, ho, wo, input.Data, y.Data);
        Autograd.Record(y, "AdaptiveAvgPool2d", [input], gy =>
        {
            if (input.RequiresGrad) ReferencePool.AdaptiveAvgBackward(n * c, h, w, ho, wo, gy.Data, Autograd.GradSink(input));
        });
        return y;
    }

    private static Tensor MaxPool(string op, Tensor input, ConvGeometry g, bool oneD)
    {
        CheckPool(op, g, input.ShapeString);
        var y = oneD ? Tensor.RentShape(false, g.Batch, g.OutChannels, g.OutWidth) : Tensor.RentShape(false, g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        int[] argmax = BufferPool.RentInts(y.Length);     // owned by the graph node (or returned at once without one)
        BatchPartitions.Run(g.Batch, new PoolBody(PoolKernels.Handles(g) ? PoolBody.Kind.MaxForwardFast : PoolBody.Kind.MaxForward,
            g, Segment(input), Segment(y), argmax, false));
        Autograd.Record(y, op, [input], gy =>
        {
            if (!input.RequiresGrad) return;
            BatchPartitions.Run(g.Batch, new PoolBody(PoolBody.Kind.MaxBackward, g, Segment(gy), GradSegment(input), argmax, false));
        });
        if (y.GradFn is { } node) node.Own(argmax);
        else BufferPool.Return(argmax);
        return y;
    }

    // One pooling kernel over the planes of samples [start, end): reads `from`, writes (or for backward adds into) `to`.
    private readonly struct PoolBody(PoolBody.Kind kind, ConvGeometry g, ArraySegment<float> from, ArraySegment<float> to, int[]? argmax, bool countIncludePad) : IPartitionBody
    {
        public enum Kind { MaxForward, MaxForwardFast, MaxBackward, AvgForward, AvgBackward }

        public void Invoke(int part, int start, int end)
        {
            int c = g.InChannels, first = start * c, count = (end - start) * c;
            switch (kind)
            {
                case Kind.MaxForwardFast: PoolKernels.MaxForward(g, first, count, from, to, argmax); break;
                case Kind.MaxForward: ReferencePool.MaxForward(g, first, count, from, to, argmax); break;
                case Kind.MaxBackward: ReferencePool.MaxBackward(g, first, count, from, argmax, to); break;
                case Kind.AvgForward: ReferencePool.AvgForward(g, countIncludePad, first, count, from, to); break;
                case Kind.AvgBackward: ReferencePool.AvgBackward(g, countIncludePad, first, count, from, to); break;
            }
        }
    }

    private static ConvGeometry PoolGeometry(int n, int c, int h, int w, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding) =>
        new(n, c, h, w, c, kernel.H, kernel.W, stride.H, stride.W, padding.H, padding.W);

    // Pooling adds PyTorch's rule that padding is at most half the window to the convolution checks.
    private static void CheckPool(string op, in ConvGeometry g, string inputShape)
    {
        CheckWindow(op, g, inputShape);
        if (2 * g.PadH > g.KernelH || 2 * g.PadW > g.KernelW)
            throw new ArgumentOutOfRangeException("padding", $"{op}: padding should be at most half of the kernel size; got padding ({g.PadH}, {g.PadW}) for kernel ({g.KernelH}, {g.KernelW}).");
    }

    private static void CheckRank(string op, Tensor input, int rank, string layout)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != rank)
            throw new ArgumentException($"{op} expects input {layout}; got {input.ShapeString}.", nameof(input));
    }
}
