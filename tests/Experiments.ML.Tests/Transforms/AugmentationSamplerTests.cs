// The samplers of each step draw torchvision's parameter distributions: checked over many draws (ranges, integer
// rounding, rejection rules) with fixed seeds, so the tests are exact and fast.
using Experiments.Engine.Random;
using Experiments.ML.Transforms;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Tests.Transforms;

public class AugmentationSamplerTests
{
    private static readonly ImageShape Shape = new(1, 28, 28);
    private const int Draws = 4000;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void Flips_HappenWithProbabilityP(double p)
    {
        var h = new RandomHorizontalFlip(new RandomHorizontalFlipOptions { P = p }, Shape);
        var v = new RandomVerticalFlip(new RandomVerticalFlipOptions { P = p }, Shape);
        var random = new RandomStream(1);
        int hs = 0, vs = 0;
        for (int i = 0; i < Draws; i++) { hs += h.Sample(random) ? 1 : 0; vs += v.Sample(random) ? 1 : 0; }
        Assert.InRange(hs / (double)Draws, p - 0.03, p + 0.03);
        Assert.InRange(vs / (double)Draws, p - 0.03, p + 0.03);
        if (p == 0) Assert.Equal(0, hs + vs);
        if (p == 1) Assert.Equal(2 * Draws, hs + vs);
    }

    [Fact]
    public void Rotation_AngleIsUniformInItsRange()
    {
        var step = new RandomRotation(new RandomRotationOptions { Degrees = new(-5, 15) }, Shape);
        var random = new RandomStream(2);
        double[] angles = Enumerable.Range(0, Draws).Select(_ => step.Sample(random)).ToArray();
        Assert.All(angles, a => Assert.InRange(a, -5, 15));
        Assert.InRange(angles.Average(), 4.5, 5.5);
        Assert.True(angles.Min() < -4.9 && angles.Max() > 14.9);
    }

    [Fact]
    public void Affine_TranslationIsWholePixelsWithinTheFraction_OtherParametersInRange()
    {
        var step = new RandomAffine(new RandomAffineOptions { Degrees = new(-10, 10), Translate = (0.1, 0.2), Scale = new(0.8, 1.2), ShearX = new(-5, 5), ShearY = new(1, 3) }, Shape);
        var random = new RandomStream(3);
        var seenTx = new HashSet<double>();
        for (int i = 0; i < Draws; i++)
        {
            AffineParameters a = step.Sample(random);
            Assert.Equal(Math.Round(a.TranslateX), a.TranslateX);
            Assert.Equal(Math.Round(a.TranslateY), a.TranslateY);
            Assert.InRange(a.TranslateX, -3, 3);   // round(U(−0.1·28, 0.1·28)) = round(U(−2.8, 2.8))
            Assert.InRange(a.TranslateY, -6, 6);   // round(U(−5.6, 5.6))
            Assert.InRange(a.Angle, -10, 10);
            Assert.InRange(a.Scale, 0.8, 1.2);
            Assert.InRange(a.ShearX, -5, 5);
            Assert.InRange(a.ShearY, 1, 3);
            seenTx.Add(a.TranslateX);
        }
        Assert.Equal(new double[] { -3, -2, -1, 0, 1, 2, 3 }, seenTx.Order());
        var none = new RandomAffine(new RandomAffineOptions { Degrees = new(0, 0) }, Shape).Sample(new RandomStream(4));
        Assert.Equal(AffineParameters.Identity, none);
    }

    [Fact]
    public void ColorJitter_FactorsInRange_BothOrdersOccur()
    {
        var step = new ColorJitter(new ColorJitterOptions { Brightness = ColorJitterOptions.Factor(0.2), Contrast = new(0.5, 0.9) }, Shape);
        var random = new RandomStream(5);
        int brightnessFirst = 0;
        for (int i = 0; i < Draws; i++)
        {
            ColorJitterParameters p = step.Sample(random);
            Assert.InRange(p.Brightness!.Value, 0.8, 1.2);
            Assert.InRange(p.Contrast!.Value, 0.5, 0.9);
            brightnessFirst += p.BrightnessFirst ? 1 : 0;
        }
        Assert.InRange(brightnessFirst / (double)Draws, 0.47, 0.53);
        Assert.Null(new ColorJitter(new ColorJitterOptions { Contrast = new(0.5, 0.9) }, Shape).Sample(random).Brightness);
    }

    [Fact]
    public void ColorJitter_OrderMatters_AsInTorchvision()
    {
        // brightness 1.5 clamps bright pixels before contrast sees them, so the two orders give different images.
        (float[] image, ImageShape shape) = TransformGoldens.Image(0);
        float[] a = (float[])image.Clone(), b = (float[])image.Clone();
        ColorJitter.Apply(a, shape, new ColorJitterParameters(1.5, 0.5, BrightnessFirst: true));
        ColorJitter.Apply(b, shape, new ColorJitterParameters(1.5, 0.5, BrightnessFirst: false));
        Assert.False(a.AsSpan().SequenceEqual(b));
        float[] c = (float[])image.Clone();
        ColorJitter.AdjustBrightness(c, shape, 1.5);
        ColorJitter.AdjustContrast(c, shape, 0.5);
        Assert.True(a.AsSpan().SequenceEqual(c));
    }

    [Fact]
    public void Crop_OffsetsCoverZeroToTwicePadding()
    {
        var step = new RandomCrop(new RandomCropOptions { Height = 28, Width = 28, Padding = 3 }, Shape);
        var random = new RandomStream(6);
        var tops = new HashSet<int>();
        var lefts = new HashSet<int>();
        for (int i = 0; i < Draws; i++) { var (t, l) = step.Sample(random); tops.Add(t); lefts.Add(l); }
        Assert.Equal(Enumerable.Range(0, 7), tops.Order());
        Assert.Equal(Enumerable.Range(0, 7), lefts.Order());
    }

    [Fact]
    public void Erasing_RectanglesFitTheImage_AreaAndAspectFollowScaleAndRatio()
    {
        var step = new RandomErasing(new RandomErasingOptions { P = 1, Scale = new(0.05, 0.2), Ratio = new(0.5, 2) }, Shape);
        var random = new RandomStream(7);
        for (int i = 0; i < Draws; i++)
        {
            ErasingRectangle r = step.Sample(random);
            Assert.False(r.IsEmpty);
            Assert.True(r.Top >= 0 && r.Left >= 0 && r.Top + r.Height <= 28 && r.Left + r.Width <= 28, r.ToString());
            // h = round(√(A·a)), w = round(√(A/a)) with A ≤ 0.2·784 and a ≤ 2: h·w is near A, within the rounding.
            Assert.InRange(r.Height * r.Width, 0.05 * 784 * 0.6, 0.2 * 784 * 1.5);
            Assert.InRange(r.Height / (double)r.Width, 0.5 / 1.8, 2 * 1.8);
        }
        var never = new RandomErasing(new RandomErasingOptions { P = 0 }, Shape);
        Assert.True(never.Sample(random).IsEmpty);
        // An area larger than the image never fits: all 10 attempts fail and the image is left alone.
        var tooBig = new RandomErasing(new RandomErasingOptions { P = 1, Scale = new(1, 1), Ratio = new(1, 1) }, Shape);
        Assert.True(tooBig.Sample(random).IsEmpty);
    }

    [Fact]
    public void Elastic_RawFieldsAreUniformInMinusOneToOne_DxFirst()
    {
        var dx = new float[784];
        var dy = new float[784];
        ElasticDistortion.SampleRawFields(new RandomStream(8), dx, dy);
        var reference = new RandomStream(8);
        Assert.Equal(reference.NextSingle() * 2f - 1f, dx[0]);
        Assert.All(dx.Concat(dy), v => Assert.InRange(v, -1f, 1f));
        Assert.InRange(dx.Average(), -0.1, 0.1);
        Assert.Equal(41, ElasticDistortion.GaussianKernel(5).Length);  // int(8·5 + 1) = 41, odd
        Assert.Equal(33, ElasticDistortion.GaussianKernel(4).Length);  // 33
        Assert.Equal(9, ElasticDistortion.GaussianKernel(1).Length);   // 9
        Assert.Equal(1f, ElasticDistortion.GaussianKernel(3).Sum(), 5);
    }

    [Fact]
    public void BrightnessAndContrast_VectorPath_EqualsTheScalarFormula_ForEveryRemainder()
    {
        var random = new RandomStream(9);
        for (int width = 1; width <= 13; width++)
        {
            var shape = new ImageShape(1, 3, width);
            var image = new float[shape.Size];
            random.FillUniform(image, 0, 1);
            float[] bright = (float[])image.Clone(), contrast = (float[])image.Clone();
            ColorJitter.AdjustBrightness(bright, shape, 1.7);
            ColorJitter.AdjustContrast(contrast, shape, 2.5);
            double meanD = image.Sum(x => (double)x) / image.Length;
            for (int i = 0; i < image.Length; i++)
            {
                Assert.Equal(Math.Min(Math.Max(image[i] * 1.7f + 0f, 0f), 1f), bright[i]);
                float expected = Math.Min(Math.Max(image[i] * 2.5f + (1f - 2.5f) * (float)meanD, 0f), 1f);
                Assert.True(Math.Abs(expected - contrast[i]) <= 2e-6, $"width {width}, [{i}]: expected {expected:R}, got {contrast[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(10.0)]   // kernel 81 > 2·28: torch's reflect padding would fail; ours keeps reflecting
    public void ElasticBlur_OfAConstantField_IsTheConstantTimesScale(double sigma)
    {
        var shape = new ImageShape(1, 28, 28);
        float[] kernel = ElasticDistortion.GaussianKernel(sigma);
        var field = Enumerable.Repeat(0.5f, shape.Plane).ToArray();
        ElasticDistortion.SmoothField(field, new float[ElasticDistortion.SmoothScratchSize(shape, kernel.Length)], shape, kernel, 3f);
        Assert.All(field, v => Assert.Equal(1.5f, v, 5));
    }
}
