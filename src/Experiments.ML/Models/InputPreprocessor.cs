// InputPreprocessor: the one implementation of InputSchema's preprocessing in our engine, raw pixels → model input:
//   x[n, c, h, w] = (pixel[n, c, h, w] · PixelScale − Mean[c]) / Std[c]      evaluated in float32, in this order
// The exported ONNX graph (Packaging/Interop/OnnxExporter) performs the same three float32 operations (Mul, Sub,
// Div) with the same float32 constants, so our engine and an ONNX runtime see bit-identical network inputs.
using Experiments.Engine;

namespace Experiments.ML.Models;

/// <summary>
/// Applies an <see cref="InputSchema"/> to raw pixels (0..255, row-major C×H×W per sample):
/// <c>x = (pixel·PixelScale − Mean[c]) / Std[c]</c> in float32, giving the (N, C, H, W) tensor a network takes.
/// </summary>
public static class InputPreprocessor
{
    /// <summary>Normalizes <paramref name="count"/> samples of raw byte pixels into an (N, C, H, W) tensor.</summary>
    public static Tensor Normalize(ReadOnlySpan<byte> pixels, int count, InputSchema schema)
    {
        var raw = new float[pixels.Length];
        for (int i = 0; i < raw.Length; i++) raw[i] = pixels[i];
        return Normalize(raw, count, schema);
    }

    /// <summary>Normalizes <paramref name="count"/> samples of raw float pixels (0..255) into an (N, C, H, W) tensor.</summary>
    public static Tensor Normalize(ReadOnlySpan<float> pixels, int count, InputSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var shape = schema.Shape;
        if (pixels.Length != (long)count * shape.Length)
            throw new ArgumentException(
                $"expected {count} samples × {shape.Length} values ({shape.Channels}×{shape.Height}×{shape.Width}) = {(long)count * shape.Length} pixels; found {pixels.Length}.",
                nameof(pixels));
        var output = new float[pixels.Length];
        Normalize(pixels, output, schema);
        return Tensor.Wrap(output, count, shape.Channels, shape.Height, shape.Width);
    }

    /// <summary>
    /// Normalizes whole samples from <paramref name="pixels"/> into <paramref name="destination"/> (same length, a
    /// multiple of the sample size): caller-owned buffers, no allocation.
    /// </summary>
    public static void Normalize(ReadOnlySpan<float> pixels, Span<float> destination, InputSchema schema)
    {
        var (scale, mean, std) = Constants(schema);
        var shape = schema.Shape;
        int plane = shape.Height * shape.Width;
        if (pixels.Length % shape.Length != 0 || destination.Length != pixels.Length)
            throw new ArgumentException(
                $"expected whole samples of {shape.Length} values and a destination of the same length; found {pixels.Length} pixels and a destination of {destination.Length}.",
                nameof(pixels));
        for (int i = 0; i < pixels.Length; i++)
        {
            int c = i % shape.Length / plane;
            destination[i] = (pixels[i] * scale - mean[c]) / std[c];
        }
    }

    /// <summary>
    /// The float32 constants the preprocessing uses (pixel scale, per-channel mean and std), after checking the
    /// schema: one mean and one std per channel, std positive, all finite, scale finite and non-zero.
    /// </summary>
    public static (float Scale, float[] Mean, float[] Std) Constants(InputSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var shape = schema.Shape;
        if (shape.Channels <= 0 || shape.Height <= 0 || shape.Width <= 0)
            throw new ArgumentException($"input schema shape: expected positive C×H×W; found {shape.Channels}×{shape.Height}×{shape.Width}.", nameof(schema));
        if (schema.Mean.Count != shape.Channels || schema.Std.Count != shape.Channels)
            throw new ArgumentException(
                $"input schema: expected one mean and one std per channel ({shape.Channels}); found {schema.Mean.Count} mean and {schema.Std.Count} std values.",
                nameof(schema));
        var scale = (float)schema.PixelScale;
        if (!float.IsFinite(scale) || scale == 0)
            throw new ArgumentException($"input schema pixel_scale: expected a finite non-zero value; found {schema.PixelScale}.", nameof(schema));
        var mean = schema.Mean.Select(m => (float)m).ToArray();
        var std = schema.Std.Select(s => (float)s).ToArray();
        for (int c = 0; c < shape.Channels; c++)
        {
            if (!float.IsFinite(mean[c]))
                throw new ArgumentException($"input schema mean[{c}]: expected a finite value; found {schema.Mean[c]}.", nameof(schema));
            if (!(std[c] > 0) || !float.IsFinite(std[c]))
                throw new ArgumentException($"input schema std[{c}]: expected a positive finite value; found {schema.Std[c]}.", nameof(schema));
        }
        return (scale, mean, std);
    }
}
