// InputNormalizer: applies an InputSchema to batches the cursor filled with pixels in [0, 1]:
//   x = (p·k − mean[c]) / std[c],  k = PixelScale·255 (1 for the usual 1/255 scaling, then skipped)
// in place, per channel, in float32 as torchvision's Normalize does (sub_ then div_). Allocation-free.
// Shapes: images (N, C, H, W) row-major.
using Experiments.ML.Models;

namespace Experiments.ML.Training;

internal sealed class InputNormalizer
{
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly float _rescale;
    private readonly bool _identity;
    private readonly int _planeSize;

    public InputNormalizer(InputSchema schema)
    {
        Check(schema);
        _mean = schema.Mean.Select(m => (float)m).ToArray();
        _std = schema.Std.Select(s => (float)s).ToArray();
        _rescale = (float)(schema.PixelScale * 255.0);
        _planeSize = schema.Shape.Height * schema.Shape.Width;
        _identity = Math.Abs(schema.PixelScale * 255.0 - 1.0) < 1e-12 && _mean.All(m => m == 0f) && _std.All(s => s == 1f);
    }

    /// <summary>Checks one mean and one positive std per channel and a positive pixel scale, quoting the bad value.</summary>
    public static void Check(InputSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        int channels = schema.Shape.Channels;
        if (schema.Mean.Count != channels || schema.Std.Count != channels)
            throw new ArgumentException($"InputSchema: expected one mean and one std per channel ({channels}); found {schema.Mean.Count} mean and {schema.Std.Count} std values.", nameof(schema));
        for (int c = 0; c < channels; c++)
        {
            if (!double.IsFinite(schema.Mean[c]))
                throw new ArgumentException($"InputSchema: mean[{c}] must be finite; found {schema.Mean[c]}.", nameof(schema));
            if (!(schema.Std[c] > 0) || !double.IsFinite(schema.Std[c]))
                throw new ArgumentException($"InputSchema: std[{c}] must be positive and finite; found {schema.Std[c]}.", nameof(schema));
        }
        if (!(schema.PixelScale > 0) || !double.IsFinite(schema.PixelScale))
            throw new ArgumentException($"InputSchema: pixel scale must be positive and finite; found {schema.PixelScale} (use 1/255 for bytes → [0, 1]).", nameof(schema));
    }

    /// <summary>Normalizes the first <paramref name="count"/> images of <paramref name="images"/> in place.</summary>
    public void Apply(Span<float> images, int count)
    {
        if (_identity) return;
        int channels = _mean.Length;
        for (int n = 0; n < count; n++)
            for (int c = 0; c < channels; c++)
            {
                Span<float> plane = images.Slice((n * channels + c) * _planeSize, _planeSize);
                float mean = _mean[c], std = _std[c], k = _rescale;
                for (int i = 0; i < plane.Length; i++) plane[i] = (plane[i] * k - mean) / std;
            }
    }
}
