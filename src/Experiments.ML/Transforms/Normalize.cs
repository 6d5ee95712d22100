// Normalize: torchvision.transforms.Normalize(mean, std): x ← (x − mean[c]) / std[c] per channel. Deterministic.
// The trainer normalizes from the model's InputSchema; this step is for evaluation-side and preview use and for
// checking that convention against torchvision.
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>Per-channel standardization (torchvision Normalize / F.normalize); draws nothing.</summary>
public sealed class Normalize : IImageAugmentation
{
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly ImageShape _shape;

    /// <summary>Builds the step: one mean and one standard deviation per channel (or one for all channels).</summary>
    public Normalize(IReadOnlyList<double> mean, IReadOnlyList<double> std, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        shape.Check();
        _mean = PerChannel("mean", mean, shape.Channels);
        _std = PerChannel("std", std, shape.Channels);
        foreach (float s in _std)
            if (!(s > 0 && float.IsFinite(s)))
                throw new AugmentationOptionsException("std", $"expected every std > 0; found [{string.Join(", ", std)}] (torchvision: 'std evaluated to zero, leading to division by zero').");
        foreach (float m in _mean)
            if (!float.IsFinite(m))
                throw new AugmentationOptionsException("mean", $"expected finite means; found [{string.Join(", ", mean)}].");
        _shape = shape;
    }

    /// <inheritdoc/>
    public string Name => "normalize";

    /// <inheritdoc/>
    public int ScratchSize => 0;

    /// <summary>The per-channel means.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>The per-channel standard deviations.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <inheritdoc/>
    public void Augment(Span<float> image, RandomStream random, Span<float> scratch) => Apply(image, _shape, _mean, _std);

    /// <summary>F.normalize: image (C, H, W) in place, x ← (x − mean[c]) / std[c] in float32.</summary>
    public static void Apply(Span<float> image, ImageShape shape, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        for (int c = 0; c < shape.Channels; c++)
        {
            float m = mean[c], s = std[c];
            foreach (ref float x in image.Slice(c * shape.Plane, shape.Plane))
                x = (x - m) / s;
        }
    }

    private static float[] PerChannel(string key, IReadOnlyList<double> values, int channels)
    {
        if (values.Count == channels) return values.Select(v => (float)v).ToArray();
        if (values.Count == 1) return Enumerable.Repeat((float)values[0], channels).ToArray();
        throw new AugmentationOptionsException(key, $"expected {channels} value(s), one per channel (or a single value for all); found {values.Count}.");
    }
}
