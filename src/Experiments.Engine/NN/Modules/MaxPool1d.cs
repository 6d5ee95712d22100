// MaxPool1d: 1-D max pooling (PyTorch's nn.MaxPool1d, dilation 1, floor mode).
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>
/// y = max over each window of K, (N, C, L) → (N, C, Lo), Lo = (L + 2·P − K) / S + 1 (PyTorch's <c>torch.nn.MaxPool1d</c>).
/// Stride defaults to the kernel size; padding (−∞) at most half the kernel. Backward routes each gradient to the
/// first maximum of its window.
/// </summary>
public sealed class MaxPool1d : Module
{
    /// <summary>Creates the layer; <paramref name="stride"/> null means the kernel size (PyTorch's default).</summary>
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0)
    {
        ConvArguments.CheckWindow("MaxPool1d", (1, kernelSize), (1, stride ?? kernelSize), (0, padding));
        ConvArguments.CheckPoolPadding("MaxPool1d", (1, kernelSize), (0, padding));
        (KernelSize, Stride, Padding) = (kernelSize, stride ?? kernelSize, padding);
    }

    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.MaxPool1d(input, KernelSize, Stride, Padding);

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture,
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation=1, ceil_mode=False");
}
