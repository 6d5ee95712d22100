// RandomVerticalFlip: torchvision.transforms.RandomVerticalFlip(p). Core: F.vflip (reverse the row order).
// Draws: one uniform u per image; flips when u < p.
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>Mirrors an image top-bottom with probability p (torchvision RandomVerticalFlip / F.vflip).</summary>
public sealed class RandomVerticalFlip : IImageAugmentation
{
    private readonly ImageShape _shape;

    /// <summary>Builds the step for images of <paramref name="shape"/>; validates the options.</summary>
    public RandomVerticalFlip(RandomVerticalFlipOptions options, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        shape.Check();
        options.Validate(shape.Channels);
        Options = options;
        _shape = shape;
    }

    /// <summary>The options the step was built from.</summary>
    public RandomVerticalFlipOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Name;

    /// <inheritdoc/>
    public int ScratchSize => 0;

    /// <summary>Whether this image is flipped: one draw, u &lt; p.</summary>
    public bool Sample(RandomStream random) => random.NextBernoulli(Options.P);

    /// <inheritdoc/>
    public void Augment(Span<float> image, RandomStream random, Span<float> scratch)
    {
        if (Sample(random)) Apply(image, _shape);
    }

    /// <summary>F.vflip: image (C, H, W) in place, row y ↔ H − 1 − y.</summary>
    public static void Apply(Span<float> image, ImageShape shape)
    {
        int w = shape.Width, h = shape.Height;
        for (int c = 0; c < shape.Channels; c++)
        {
            Span<float> plane = image.Slice(c * shape.Plane, shape.Plane);
            for (int top = 0, bottom = h - 1; top < bottom; top++, bottom--)
            {
                Span<float> a = plane.Slice(top * w, w), b = plane.Slice(bottom * w, w);
                for (int x = 0; x < w; x++) (a[x], b[x]) = (b[x], a[x]);
            }
        }
    }
}
