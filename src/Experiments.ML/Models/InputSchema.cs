// The model's input contract: raw pixels (bytes 0..255, row-major C×H×W) → x = (pixel·Scale − Mean[c]) / Std[c].
// Stored in every model package and baked into exported ONNX graphs, so a consumer passes the pixels it has.
namespace Experiments.ML.Models;

/// <summary>Shape and preprocessing of the model input (pixel scaling, then per-channel normalization).</summary>
public sealed record InputSchema
{
    /// <summary>Per-sample shape of the raw image.</summary>
    public InputShape Shape { get; init; } = InputShape.Mnist;

    /// <summary>Multiplier applied to raw pixel values first (1/255 maps bytes to [0, 1]).</summary>
    public double PixelScale { get; init; } = 1.0 / 255.0;

    /// <summary>Per-channel mean subtracted after scaling (one value per channel).</summary>
    public IReadOnlyList<double> Mean { get; init; } = [0.0];

    /// <summary>Per-channel standard deviation divided by after subtracting the mean.</summary>
    public IReadOnlyList<double> Std { get; init; } = [1.0];

    /// <inheritdoc/>
    public bool Equals(InputSchema? other) =>
        other is not null && Shape == other.Shape && PixelScale.Equals(other.PixelScale)
        && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Shape, PixelScale, Mean.Count);
}
