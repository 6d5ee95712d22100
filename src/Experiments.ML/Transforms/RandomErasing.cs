// RandomErasing: torchvision.transforms.RandomErasing(p, scale, ratio, value) with a constant value.
// Core: F.erase(img, i, j, h, w, v): every channel of the rectangle is set to v.
// Draws (RandomErasing.forward / get_params): u < p decides whether to erase; then up to 10 attempts, each drawing
// area = H·W·U(scale) and aspect = exp(U(log ratio₀, log ratio₁)), h = round(√(area·aspect)),
// w = round(√(area / aspect)) (round half to even like Python); an attempt with h ≥ H or w ≥ W is rejected (torchvision
// also rejects nothing else, so h or w may be 0: then nothing is erased), otherwise top = randint(0, H − h + 1),
// left = randint(0, W − w + 1). When all 10 attempts fail the image is unchanged (torchvision erases the whole
// image with itself).
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>Erases a random rectangle with a constant value, with probability p (torchvision RandomErasing / F.erase).</summary>
public sealed class RandomErasing : IImageAugmentation
{
    private const int Attempts = 10;
    private readonly ImageShape _shape;
    private readonly double _logRatioMin, _logRatioMax;

    /// <summary>Builds the step for images of <paramref name="shape"/>; validates the options.</summary>
    public RandomErasing(RandomErasingOptions options, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        shape.Check();
        options.Validate(shape.Channels);
        Options = options;
        _shape = shape;
        _logRatioMin = Math.Log(options.Ratio.Min);
        _logRatioMax = Math.Log(options.Ratio.Max);
    }

    /// <summary>The options the step was built from.</summary>
    public RandomErasingOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Name;

    /// <inheritdoc/>
    public int ScratchSize => 0;

    /// <summary>This image's rectangle, or <see cref="ErasingRectangle.None"/> when it is not erased.</summary>
    public ErasingRectangle Sample(RandomStream random)
    {
        if (!random.NextBernoulli(Options.P)) return ErasingRectangle.None;
        int imgH = _shape.Height, imgW = _shape.Width;
        double area = imgH * imgW;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            double eraseArea = area * random.NextUniform(Options.Scale.Min, Options.Scale.Max);
            double aspect = Math.Exp(random.NextUniform(_logRatioMin, _logRatioMax));
            int h = (int)Math.Round(Math.Sqrt(eraseArea * aspect), MidpointRounding.ToEven);
            int w = (int)Math.Round(Math.Sqrt(eraseArea / aspect), MidpointRounding.ToEven);
            if (!(h < imgH && w < imgW)) continue;
            int top = random.NextInt(imgH - h + 1);
            int left = random.NextInt(imgW - w + 1);
            return new ErasingRectangle(top, left, h, w);
        }
        return ErasingRectangle.None;
    }

    /// <inheritdoc/>
    public void Augment(Span<float> image, RandomStream random, Span<float> scratch) => Apply(image, _shape, Sample(random), (float)Options.Value);

    /// <summary>F.erase: sets the pixels of <paramref name="rectangle"/> (clipped to the image) to <paramref name="value"/> in every channel.</summary>
    public static void Apply(Span<float> image, ImageShape shape, ErasingRectangle rectangle, float value)
    {
        if (rectangle.IsEmpty) return;
        int y0 = Math.Max(0, rectangle.Top), y1 = Math.Min(shape.Height, rectangle.Top + rectangle.Height);
        int x0 = Math.Max(0, rectangle.Left), x1 = Math.Min(shape.Width, rectangle.Left + rectangle.Width);
        if (y0 >= y1 || x0 >= x1) return;
        for (int c = 0; c < shape.Channels; c++)
            for (int y = y0; y < y1; y++)
                image.Slice(c * shape.Plane + y * shape.Width + x0, x1 - x0).Fill(value);
    }
}
