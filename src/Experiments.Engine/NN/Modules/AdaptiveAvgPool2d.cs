// AdaptiveAvgPool2d: average pooling to a fixed output size (PyTorch's nn.AdaptiveAvgPool2d); size 1 is
// global average pooling, the usual head of compact CNNs.
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>
/// (N, C, H, W) → (N, C, Ho, Wo); cell (i, j) averages rows ⌊i·H/Ho⌋..⌈(i+1)·H/Ho⌉ − 1 and columns likewise
/// (PyTorch's <c>torch.nn.AdaptiveAvgPool2d</c>). <c>new AdaptiveAvgPool2d(1)</c> is global average pooling.
/// </summary>
public sealed class AdaptiveAvgPool2d : Module
{
    /// <summary>A square output size.</summary>
    public AdaptiveAvgPool2d(int outputSize)
        : this((outputSize, outputSize))
    {
    }

    /// <summary>An (H, W) output size.</summary>
    public AdaptiveAvgPool2d((int H, int W) outputSize)
    {
        if (outputSize.H <= 0 || outputSize.W <= 0)
            throw new ArgumentOutOfRangeException(nameof(outputSize), $"AdaptiveAvgPool2d output size must be positive; got ({outputSize.H}, {outputSize.W}).");
        OutputSize = outputSize;
    }

    public (int H, int W) OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr() => OutputSize.H == OutputSize.W
        ? string.Create(CultureInfo.InvariantCulture, $"output_size={OutputSize.H}")
        : string.Create(CultureInfo.InvariantCulture, $"output_size=({OutputSize.H}, {OutputSize.W})");
}
