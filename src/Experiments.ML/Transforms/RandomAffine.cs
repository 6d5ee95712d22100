// RandomAffine: torchvision.transforms.RandomAffine(degrees, translate, scale, shear, interpolation, fill).
// Core: F.affine with torchvision's inverse matrix (AffineParameters.InverseMatrix) and GridSampler.
// Draws, in torchvision's order (RandomAffine.get_params): angle = U(degrees); if translate: tx = round(U(−X·W, X·W)),
// ty = round(U(−Y·H, Y·H)) with round half to even like Python's round; if scale: s = U(scale); if shear x:
// U(shear x); if shear y: U(shear y). Absent parameters draw nothing.
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>A random rotation, translation, scale and shear about the image centre (torchvision RandomAffine / F.affine).</summary>
public sealed class RandomAffine : IImageAugmentation
{
    private readonly ImageShape _shape;

    /// <summary>Builds the step for images of <paramref name="shape"/>; validates the options.</summary>
    public RandomAffine(RandomAffineOptions options, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        shape.Check();
        options.Validate(shape.Channels);
        Options = options;
        _shape = shape;
    }

    /// <summary>The options the step was built from.</summary>
    public RandomAffineOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Name;

    /// <inheritdoc/>
    public int ScratchSize => _shape.Size;

    /// <summary>This image's warp, drawn as RandomAffine.get_params does (translations rounded to whole pixels).</summary>
    public AffineParameters Sample(RandomStream random)
    {
        double angle = random.NextUniform(Options.Degrees.Min, Options.Degrees.Max);
        double tx = 0, ty = 0;
        if (Options.Translate is { } t)
        {
            double maxDx = t.X * _shape.Width, maxDy = t.Y * _shape.Height;
            tx = Math.Round(random.NextUniform(-maxDx, maxDx), MidpointRounding.ToEven);
            ty = Math.Round(random.NextUniform(-maxDy, maxDy), MidpointRounding.ToEven);
        }
        double scale = Options.Scale is { } s ? random.NextUniform(s.Min, s.Max) : 1.0;
        double shearX = Options.ShearX is { } sx ? random.NextUniform(sx.Min, sx.Max) : 0.0;
        double shearY = Options.ShearY is { } sy ? random.NextUniform(sy.Min, sy.Max) : 0.0;
        return new AffineParameters(angle, tx, ty, scale, shearX, shearY);
    }

    /// <inheritdoc/>
    public void Augment(Span<float> image, RandomStream random, Span<float> scratch)
    {
        AffineParameters warp = Sample(random);
        Span<float> warped = scratch[.._shape.Size];
        Apply(image, warped, _shape, warp, Options.Interpolation, (float)Options.Fill);
        warped.CopyTo(image);
    }

    /// <summary>F.affine(src, angle, translate, scale, shear, interpolation, fill=[fill]); src and dst (C, H, W) must not overlap.</summary>
    public static void Apply(ReadOnlySpan<float> src, Span<float> dst, ImageShape shape, AffineParameters warp, Interpolation interpolation, float fill)
    {
        Span<double> matrix = stackalloc double[6];
        warp.InverseMatrix(matrix);
        GridSampler.Affine(src, dst, shape.Channels, shape.Height, shape.Width, matrix, interpolation, fill);
    }
}
