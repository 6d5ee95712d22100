// The typed options of every augmentation step: what a pipeline definition's `augmentation:` list binds to
// (YAML names in each summary, torchvision's parameter names and defaults) and what AugmentationCatalog builds
// transforms from. Validate() is the single range check both the YAML loader and the catalog call, so a bad value
// is reported the same way whether it came from a file or from code.
namespace Experiments.ML.Transforms;

/// <summary>An inclusive range [Min, Max] of a sampled parameter (torchvision's <c>(min, max)</c> tuples).</summary>
public readonly record struct ValueRange(double Min, double Max)
{
    /// <summary>The symmetric range [−v, v].</summary>
    public static ValueRange Symmetric(double v) => new(-v, v);

    /// <inheritdoc/>
    public override string ToString() => $"[{Min:R}, {Max:R}]";
}

/// <summary>Pixel interpolation of geometric transforms (torchvision InterpolationMode NEAREST / BILINEAR).</summary>
public enum Interpolation
{
    /// <summary>Nearest neighbour (torchvision's default for rotation and affine).</summary>
    Nearest,
    /// <summary>Bilinear.</summary>
    Bilinear,
}

/// <summary>A bad augmentation parameter: <see cref="Key"/> names it (e.g. <c>degrees</c>), the message says expected vs found.</summary>
public sealed class AugmentationOptionsException(string key, string message) : Exception(message)
{
    /// <summary>The parameter name, as in YAML.</summary>
    public string Key { get; } = key;
}

/// <summary>One augmentation step. <see cref="Name"/> is its YAML <c>kind</c>.</summary>
public abstract record AugmentationOptions
{
    /// <summary>The YAML kind, e.g. <c>random_rotation</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Checks every parameter for images with <paramref name="channels"/> channels; throws <see cref="AugmentationOptionsException"/> on the first bad one.</summary>
    public abstract void Validate(int channels);

    private protected static void Probability(string key, double p)
    {
        if (!(p >= 0 && p <= 1)) throw new AugmentationOptionsException(key, $"expected a probability in [0, 1]; found {p:R}.");
    }

    private protected static void Ordered(string key, ValueRange r, double lowest, double highest)
    {
        if (!double.IsFinite(r.Min) || !double.IsFinite(r.Max) || r.Min > r.Max)
            throw new AugmentationOptionsException(key, $"expected [min, max] with min ≤ max; found {r}.");
        if (r.Min < lowest || r.Max > highest)
            throw new AugmentationOptionsException(key, $"expected values within [{lowest:R}, {highest:R}]; found {r}.");
    }

    private protected static void Pixel(string key, double v)
    {
        if (!(v >= 0 && v <= 1)) throw new AugmentationOptionsException(key, $"expected a pixel value in [0, 1] (images are scaled to [0, 1] before augmentation); found {v:R}.");
    }
}

/// <summary><c>random_horizontal_flip</c>: torchvision RandomHorizontalFlip(p = 0.5).</summary>
public sealed record RandomHorizontalFlipOptions : AugmentationOptions
{
    /// <inheritdoc/>
    public override string Name => "random_horizontal_flip";
    /// <summary>Probability of flipping an image.</summary>
    public double P { get; init; } = 0.5;
    /// <inheritdoc/>
    public override void Validate(int channels) => Probability("p", P);
}

/// <summary><c>random_vertical_flip</c>: torchvision RandomVerticalFlip(p = 0.5).</summary>
public sealed record RandomVerticalFlipOptions : AugmentationOptions
{
    /// <inheritdoc/>
    public override string Name => "random_vertical_flip";
    /// <summary>Probability of flipping an image.</summary>
    public double P { get; init; } = 0.5;
    /// <inheritdoc/>
    public override void Validate(int channels) => Probability("p", P);
}

/// <summary><c>random_rotation</c>: torchvision RandomRotation(degrees, interpolation = nearest, fill = 0); the angle is U(min, max) degrees, counter-clockwise.</summary>
public sealed record RandomRotationOptions : AugmentationOptions
{
    /// <inheritdoc/>
    public override string Name => "random_rotation";
    /// <summary>Angle range in degrees (YAML: a number d means [−d, d]).</summary>
    public ValueRange Degrees { get; init; } = ValueRange.Symmetric(10);
    /// <summary>Interpolation.</summary>
    public Interpolation Interpolation { get; init; } = Interpolation.Nearest;
    /// <summary>Value of pixels that come from outside the image, in [0, 1].</summary>
    public double Fill { get; init; }
    /// <inheritdoc/>
    public override void Validate(int channels)
    {
        Ordered("degrees", Degrees, -360, 360);
        Pixel("fill", Fill);
    }
}

/// <summary>
/// <c>color_jitter</c>: torchvision ColorJitter(brightness, contrast, saturation, hue). A number b means factors
/// U(max(0, 1 − b), 1 + b); brightness and contrast apply in a random order per image as torchvision does.
/// Saturation and hue need colour: on 1-channel images any non-zero value is a validation error.
/// </summary>
public sealed record ColorJitterOptions : AugmentationOptions
{
    /// <inheritdoc/>
    public override string Name => "color_jitter";
    /// <summary>Brightness factor range (null = off).</summary>
    public ValueRange? Brightness { get; init; }
    /// <summary>Contrast factor range (null = off).</summary>
    public ValueRange? Contrast { get; init; }
    /// <summary>Saturation factor range (colour images only).</summary>
    public ValueRange? Saturation { get; init; }
    /// <summary>Hue shift range within [−0.5, 0.5] (colour images only).</summary>
    public ValueRange? Hue { get; init; }

    /// <summary>torchvision's reading of a single number b for brightness/contrast/saturation: [max(0, 1 − b), 1 + b].</summary>
    public static ValueRange Factor(double b) => new(Math.Max(0, 1 - b), 1 + b);

    /// <inheritdoc/>
    public override void Validate(int channels)
    {
        if (Brightness is { } b) Ordered("brightness", b, 0, double.MaxValue);
        if (Contrast is { } c) Ordered("contrast", c, 0, double.MaxValue);
        if (Saturation is { } s) Ordered("saturation", s, 0, double.MaxValue);
        if (Hue is { } h) Ordered("hue", h, -0.5, 0.5);
        if (channels == 1)
        {
            if (Saturation is { } sat && (sat.Min != 1 || sat.Max != 1))
                throw new AugmentationOptionsException("saturation", "saturation changes colour, and these images have 1 channel (grayscale); remove 'saturation' or use brightness/contrast.");
            if (Hue is { } hue && (hue.Min != 0 || hue.Max != 0))
                throw new AugmentationOptionsException("hue", "hue changes colour, and these images have 1 channel (grayscale); remove 'hue' or use brightness/contrast.");
        }
        if (Brightness is null && Contrast is null && Saturation is null && Hue is null)
            throw new AugmentationOptionsException("brightness", "expected at least one of brightness, contrast; found none, so the step would do nothing.");
    }
}

/// <summary><c>random_affine</c>: torchvision RandomAffine(degrees, translate, scale, shear, interpolation, fill).</summary>
public sealed record RandomAffineOptions : AugmentationOptions
{
    /// <inheritdoc/>
    public override string Name => "random_affine";
    /// <summary>Rotation range in degrees.</summary>
    public ValueRange Degrees { get; init; } = ValueRange.Symmetric(0);
    /// <summary>Maximum absolute translation as fractions of width and height (null = none).</summary>
    public (double X, double Y)? Translate { get; init; }
    /// <summary>Scale factor range (null = 1).</summary>
    public ValueRange? Scale { get; init; }
    /// <summary>Shear range in degrees parallel to x (null = none).</summary>
    public ValueRange? ShearX { get; init; }
    /// <summary>Shear range in degrees parallel to y (null = none).</summary>
    public ValueRange? ShearY { get; init; }
    /// <summary>Interpolation.</summary>
    public Interpolation Interpolation { get; init; } = Interpolation.Nearest;
    /// <summary>Fill value in [0, 1].</summary>
    public double Fill { get; init; }
    /// <inheritdoc/>
    public override void Validate(int channels)
    {
        Ordered("degrees", Degrees, -360, 360);
        if (Translate is { } t && !(t.X >= 0 && t.X <= 1 && t.Y >= 0 && t.Y <= 1))
            throw new AugmentationOptionsException("translate", $"expected two fractions in [0, 1]; found [{t.X:R}, {t.Y:R}].");
        if (Scale is { } s) Ordered("scale", s, double.Epsilon, double.MaxValue);
        if (ShearX is { } sx) Ordered("shear", sx, -89, 89);
        if (ShearY is { } sy) Ordered("shear", sy, -89, 89);
        Pixel("fill", Fill);
    }
}

/// <summary><c>random_crop</c>: torchvision RandomCrop(size, padding, fill = 0, padding_mode constant).</summary>
public sealed record RandomCropOptions : AugmentationOptions
{
    /// <inheritdoc/>
    public override string Name => "random_crop";
    /// <summary>Output height (YAML <c>size</c>: a number or [height, width]).</summary>
    public int Height { get; init; } = 28;
    /// <summary>Output width.</summary>
    public int Width { get; init; } = 28;
    /// <summary>Zero-padding on every border before cropping.</summary>
    public int Padding { get; init; } = 4;
    /// <summary>Padding value in [0, 1].</summary>
    public double Fill { get; init; }
    /// <inheritdoc/>
    public override void Validate(int channels)
    {
        if (Height < 1 || Width < 1) throw new AugmentationOptionsException("size", $"expected a positive size; found [{Height}, {Width}].");
        if (Padding < 0) throw new AugmentationOptionsException("padding", $"expected padding ≥ 0; found {Padding}.");
        Pixel("fill", Fill);
    }
}

/// <summary><c>random_erasing</c>: torchvision RandomErasing(p = 0.5, scale = (0.02, 0.33), ratio = (0.3, 3.3), value = 0).</summary>
public sealed record RandomErasingOptions : AugmentationOptions
{
    /// <inheritdoc/>
    public override string Name => "random_erasing";
    /// <summary>Probability of erasing a rectangle.</summary>
    public double P { get; init; } = 0.5;
    /// <summary>Erased area as a fraction of the image.</summary>
    public ValueRange Scale { get; init; } = new(0.02, 0.33);
    /// <summary>Aspect ratio range of the rectangle.</summary>
    public ValueRange Ratio { get; init; } = new(0.3, 3.3);
    /// <summary>Value written into the rectangle.</summary>
    public double Value { get; init; }
    /// <inheritdoc/>
    public override void Validate(int channels)
    {
        Probability("p", P);
        Ordered("scale", Scale, 0, 1);
        Ordered("ratio", Ratio, double.Epsilon, double.MaxValue);
        Pixel("value", Value);
    }
}

/// <summary><c>elastic_distortion</c>: Simard et al. (2003) elastic deformation, torchvision ElasticTransform(alpha = 50, sigma = 5) defaults.</summary>
public sealed record ElasticDistortionOptions : AugmentationOptions
{
    /// <inheritdoc/>
    public override string Name => "elastic_distortion";
    /// <summary>Displacement magnitude in pixels.</summary>
    public double Alpha { get; init; } = 50;
    /// <summary>Gaussian smoothing σ of the displacement field, in pixels.</summary>
    public double Sigma { get; init; } = 5;
    /// <summary>Interpolation.</summary>
    public Interpolation Interpolation { get; init; } = Interpolation.Bilinear;
    /// <summary>Fill value in [0, 1].</summary>
    public double Fill { get; init; }
    /// <inheritdoc/>
    public override void Validate(int channels)
    {
        if (!(Alpha >= 0 && double.IsFinite(Alpha))) throw new AugmentationOptionsException("alpha", $"expected alpha ≥ 0; found {Alpha:R}.");
        if (!(Sigma > 0 && double.IsFinite(Sigma))) throw new AugmentationOptionsException("sigma", $"expected sigma > 0; found {Sigma:R}.");
        Pixel("fill", Fill);
    }
}
