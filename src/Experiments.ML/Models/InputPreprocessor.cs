// InputPreprocessor: the one definition of InputSchema's preprocessing, raw pixels → model input, in float32:
//   scaled = pixel / 255                  when PixelScale is 1/255 (torchvision's ToTensor: img.float().div(255))
//          = pixel · (float)PixelScale    otherwise
//   x[n, c, h, w] = (scaled − Mean[c]) / Std[c]
// Every path uses it or computes the same operations: training (the batch cursor's PixelScaling gives pixel / 255,
// then InputNormalizer subtracts and divides), ImageClassifier, and the exported ONNX graph (Div by 255 — or Mul by
// the scale — then Sub and Div with the same float32 constants). So the engine and an ONNX runtime see bit-identical
// network inputs. The division by 255, not a multiply by 1/255 (which differs in the last bit for some bytes), keeps
// the values equal to PyTorch's.
// Speed: bytes go through PixelScaling's SIMD widening and IEEE division, then TensorPrimitives' Subtract and
// Divide per channel plane; every step rounds each element exactly as the scalar expression does.
using System.Numerics.Tensors;
using Experiments.Engine;
using Experiments.ML.Data;
using Tensor = Experiments.Engine.Tensor;

namespace Experiments.ML.Models;

/// <summary>The float32 constants of an input schema, checked once (see <see cref="InputPreprocessor.Constants"/>).</summary>
/// <param name="Scale">The pixel scale as float32 (used when <paramref name="DivideBy255"/> is false).</param>
/// <param name="DivideBy255">True when the pixel scale is exactly 1/255: pixels are divided by 255.</param>
/// <param name="Mean">Per-channel mean as float32.</param>
/// <param name="Std">Per-channel standard deviation as float32.</param>
/// <param name="Shape">The shape of one sample.</param>
public sealed record PreprocessingConstants(float Scale, bool DivideBy255, float[] Mean, float[] Std, InputShape Shape);

/// <summary>
/// Applies an <see cref="InputSchema"/> to raw pixels (0..255, row-major C×H×W per sample):
/// <c>x = (pixel / 255 − Mean[c]) / Std[c]</c> in float32 (or <c>pixel·PixelScale</c> for another scale), giving the
/// (N, C, H, W) tensor a network takes.
/// </summary>
public static class InputPreprocessor
{
    /// <summary>Normalizes <paramref name="count"/> samples of raw byte pixels into an (N, C, H, W) tensor.</summary>
    public static Tensor Normalize(ReadOnlySpan<byte> pixels, int count, InputSchema schema)
    {
        var constants = Constants(schema);
        var output = new float[CheckCount(pixels.Length, count, constants.Shape)];
        Normalize(pixels, output, constants);
        return Tensor.Wrap(output, count, constants.Shape.Channels, constants.Shape.Height, constants.Shape.Width);
    }

    /// <summary>Normalizes <paramref name="count"/> samples of raw float pixels (0..255) into an (N, C, H, W) tensor.</summary>
    public static Tensor Normalize(ReadOnlySpan<float> pixels, int count, InputSchema schema)
    {
        var constants = Constants(schema);
        var output = new float[CheckCount(pixels.Length, count, constants.Shape)];
        Normalize(pixels, output, constants);
        return Tensor.Wrap(output, count, constants.Shape.Channels, constants.Shape.Height, constants.Shape.Width);
    }

    /// <summary>
    /// Normalizes whole samples from <paramref name="pixels"/> into <paramref name="destination"/> (same length, a
    /// multiple of the sample size): caller-owned buffers, no allocation.
    /// </summary>
    public static void Normalize(ReadOnlySpan<float> pixels, Span<float> destination, InputSchema schema) =>
        Normalize(pixels, destination, Constants(schema));

    /// <summary>Normalizes whole samples of raw float pixels (0..255) with checked constants; no allocation.</summary>
    public static void Normalize(ReadOnlySpan<float> pixels, Span<float> destination, PreprocessingConstants constants)
    {
        CheckBuffers(pixels.Length, destination.Length, constants.Shape);
        destination = destination[..pixels.Length];
        if (constants.DivideBy255) TensorPrimitives.Divide(pixels, 255f, destination);
        else TensorPrimitives.Multiply(pixels, constants.Scale, destination);
        Standardize(destination, constants);
    }

    /// <summary>Normalizes whole samples of raw byte pixels with checked constants; no allocation.</summary>
    public static void Normalize(ReadOnlySpan<byte> pixels, Span<float> destination, PreprocessingConstants constants)
    {
        CheckBuffers(pixels.Length, destination.Length, constants.Shape);
        destination = destination[..pixels.Length];
        if (constants.DivideBy255)
        {
            PixelScaling.ToUnitInterval(pixels, destination);
        }
        else
        {
            for (int i = 0; i < pixels.Length; i++) destination[i] = pixels[i] * constants.Scale;
        }
        Standardize(destination, constants);
    }

    /// <summary>x ← (x − Mean[c]) / Std[c] in place over whole samples of scaled pixels (N, C, H, W).</summary>
    public static void Standardize(Span<float> scaled, PreprocessingConstants constants)
    {
        var shape = constants.Shape;
        int channels = shape.Channels;
        // With one channel the whole span is one plane run; otherwise each (sample, channel) plane in turn.
        int run = channels == 1 ? scaled.Length : shape.Height * shape.Width;
        for (int p = 0, offset = 0; offset < scaled.Length; p++, offset += run)
        {
            int c = p % channels;
            Span<float> plane = scaled.Slice(offset, run);
            TensorPrimitives.Subtract(plane, constants.Mean[c], plane);
            TensorPrimitives.Divide(plane, constants.Std[c], plane);
        }
    }

    /// <summary>
    /// The float32 constants the preprocessing uses (pixel scale, per-channel mean and std), after checking the
    /// schema: one mean and one std per channel, std positive, all finite, scale finite and positive.
    /// </summary>
    public static PreprocessingConstants Constants(InputSchema schema)
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
        if (!float.IsFinite(scale) || !(scale > 0))
            throw new ArgumentException($"input schema pixel_scale: expected a finite positive value (1/255 for bytes → [0, 1]); found {schema.PixelScale}.", nameof(schema));
        var mean = schema.Mean.Select(m => (float)m).ToArray();
        var std = schema.Std.Select(s => (float)s).ToArray();
        for (int c = 0; c < shape.Channels; c++)
        {
            if (!float.IsFinite(mean[c]))
                throw new ArgumentException($"input schema mean[{c}]: expected a finite value; found {schema.Mean[c]}.", nameof(schema));
            if (!(std[c] > 0) || !float.IsFinite(std[c]))
                throw new ArgumentException($"input schema std[{c}]: expected a positive finite value; found {schema.Std[c]}.", nameof(schema));
        }
        return new PreprocessingConstants(scale, schema.PixelScale == 1.0 / 255.0, mean, std, shape);
    }

    private static int CheckCount(int length, int count, InputShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (length != (long)count * shape.Length)
            throw new ArgumentException(
                $"expected {count} samples × {shape.Length} values ({shape.Channels}×{shape.Height}×{shape.Width}) = {(long)count * shape.Length} pixels; found {length}.",
                "pixels");
        return length;
    }

    private static void CheckBuffers(int pixels, int destination, InputShape shape)
    {
        if (pixels % shape.Length != 0 || destination < pixels)
            throw new ArgumentException(
                $"expected whole samples of {shape.Length} values and a destination at least as long; found {pixels} pixels and a destination of {destination}.",
                nameof(pixels));
    }
}
