// MaxPool2d: 2-D max pooling (PyTorch's nn.MaxPool2d, dilation 1, floor mode).
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>
/// y = max over each (Kh, Kw) window, (N, C, H, W) → (N, C, Ho, Wo), Ho = (H + 2·Ph − Kh) / Sh + 1
/// (PyTorch's <c>torch.nn.MaxPool2d</c>). Stride defaults to the kernel size; padding (−∞) at most half the kernel.
/// Backward routes each gradient to the first maximum of its window.
/// </summary>
public sealed class MaxPool2d : Module
{
    /// <summary>Square window; <paramref name="stride"/> null means the kernel size (PyTorch's default).</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0)
        : this((kernelSize, kernelSize), (stride ?? kernelSize, stride ?? kernelSize), (padding, padding))
    {
    }

    /// <summary>(H, W) window, stride and padding.</summary>
    public MaxPool2d((int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding)
    {
        ConvArguments.CheckWindow("MaxPool2d", kernelSize, stride, padding);
        ConvArguments.CheckPoolPadding("MaxPool2d", kernelSize, padding);
        (KernelSize, Stride, Padding) = (kernelSize, stride, padding);
    }

    public (int H, int W) KernelSize { get; }
    public (int H, int W) Stride { get; }
    public (int H, int W) Padding { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding);

    /// <inheritdoc/>
    protected override string ExtraRepr() => ConvArguments.PoolRepr(KernelSize, Stride, Padding) + ", dilation=1, ceil_mode=False";
}
