// RandomHorizontalFlip: torchvision.transforms.RandomHorizontalFlip(p). Core: F.hflip (mirror every row).
// Draws: one uniform u per image; flips when u < p (torchvision: torch.rand(1) < p).
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>Mirrors an image left-right with probability p (torchvision RandomHorizontalFlip / F.hflip).</summary>
public sealed class RandomHorizontalFlip : IImageAugmentation
{
    private readonly ImageShape _shape;

    /// <summary>Builds the step for images of <paramref name="shape"/>; validates the options.</summary>
    public RandomHorizontalFlip(RandomHorizontalFlipOptions options, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        shape.Check();
        options.Validate(shape.Channels);
        Options = options;
        _shape = shape;
    }

    /// <summary>The options the step was built from.</summary>
    public RandomHorizontalFlipOptions Options { get; }

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

    /// <summary>F.hflip: image (C, H, W) in place, column x ↔ W − 1 − x.</summary>
    public static void Apply(Span<float> image, ImageShape shape)
    {
        for (int row = 0; row < shape.Channels * shape.Height; row++)
            image.Slice(row * shape.Width, shape.Width).Reverse();
    }
}
