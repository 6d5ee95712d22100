// AvgPool2d: 2-D average pooling (PyTorch's nn.AvgPool2d, floor mode).
namespace Experiments.Engine.NN;

/// <summary>
/// y = mean over each (Kh, Kw) window, (N, C, H, W) → (N, C, Ho, Wo), Ho = (H + 2·Ph − Kh) / Sh + 1
/// (PyTorch's <c>torch.nn.AvgPool2d</c>). Stride defaults to the kernel size; zero padding, counted in the divisor
/// when <c>countIncludePad</c> (PyTorch's default true).
/// </summary>
public sealed class AvgPool2d : Module
{
    /// <summary>Square window; <paramref name="stride"/> null means the kernel size (PyTorch's default).</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool countIncludePad = true)
        : this((kernelSize, kernelSize), (stride ?? kernelSize, stride ?? kernelSize), (padding, padding), countIncludePad)
    {
    }

    /// <summary>(H, W) window, stride and padding.</summary>
    public AvgPool2d((int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding, bool countIncludePad = true)
    {
        ConvArguments.CheckWindow("AvgPool2d", kernelSize, stride, padding);
        ConvArguments.CheckPoolPadding("AvgPool2d", kernelSize, padding);
        (KernelSize, Stride, Padding, CountIncludePad) = (kernelSize, stride, padding, countIncludePad);
    }

    public (int H, int W) KernelSize { get; }
    public (int H, int W) Stride { get; }
    public (int H, int W) Padding { get; }

    /// <summary>Whether padded zeros count in the divisor (PyTorch's <c>count_include_pad</c>).</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AvgPool2d(input, KernelSize, Stride, Padding, CountIncludePad);

    /// <inheritdoc/>
    protected override string ExtraRepr() => ConvArguments.PoolRepr(KernelSize, Stride, Padding);
}
