// RandomRotation: torchvision.transforms.RandomRotation(degrees, interpolation, fill), no expand, centre of the image.
// Core: F.rotate(img, angle) = affine resampling with torchvision's inverse matrix for −angle (GridSampler).
// Draws: angle = U(min, max) degrees, one double per image; positive is counter-clockwise.
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>Rotates an image about its centre by a random angle (torchvision RandomRotation / F.rotate).</summary>
public sealed class RandomRotation : IImageAugmentation
{
    private readonly ImageShape _shape;

    /// <summary>Builds the step for images of <paramref name="shape"/>; validates the options.</summary>
    public RandomRotation(RandomRotationOptions options, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        shape.Check();
        options.Validate(shape.Channels);
        Options = options;
        _shape = shape;
    }

    /// <summary>The options the step was built from.</summary>
    public RandomRotationOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Name;

    /// <inheritdoc/>
    public int ScratchSize => _shape.Size;

    /// <summary>This image's angle in degrees: U(min, max) (RandomRotation.get_params).</summary>
    public double Sample(RandomStream random) => random.NextUniform(Options.Degrees.Min, Options.Degrees.Max);

    /// <inheritdoc/>
    public void Augment(Span<float> image, RandomStream random, Span<float> scratch)
    {
        double angle = Sample(random);
        Span<float> rotated = scratch[.._shape.Size];
        Apply(image, rotated, _shape, angle, Options.Interpolation, (float)Options.Fill);
        rotated.CopyTo(image);
    }

    /// <summary>
    /// F.rotate(src, <paramref name="degrees"/>, interpolation, fill=[fill]): counter-clockwise about the image
    /// centre, same size; src and dst are (C, H, W) and must not overlap.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> src, Span<float> dst, ImageShape shape, double degrees, Interpolation interpolation, float fill)
    {
        Span<double> matrix = stackalloc double[6];
        AffineParameters.Rotation(degrees).InverseMatrix(matrix);
        GridSampler.Affine(src, dst, shape.Channels, shape.Height, shape.Width, matrix, interpolation, fill);
    }
}
