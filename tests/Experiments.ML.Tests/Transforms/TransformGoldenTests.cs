// Golden parity with torchvision.transforms.functional 0.14 (goldens/make_goldens.py) for fixed parameters.
// Tolerances: flips, nearest-neighbour rotation/affine, crop, erase and normalize must match exactly (same float32
// steps); brightness/contrast within 1e-6 (our image mean is accumulated in double, torch's in float32); bilinear
// rotation/affine within 1e-5 (torch may sum the affine grid with fused multiply-adds) and elastic within 1/255
// (separable blur vs torch's 2-D convolution, as the issue allows).
using System.Text.Json;
using Experiments.ML.Transforms;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Tests.Transforms;

public class TransformGoldenTests
{
    private static Interpolation Mode(JsonElement c) => c.GetProperty("interpolation").GetString() switch
    {
        "nearest" => Interpolation.Nearest,
        "bilinear" => Interpolation.Bilinear,
        var m => throw new InvalidDataException($"unknown interpolation {m}"),
    };

    private static int CheckAll(string op, Func<JsonElement, float[], ImageShape, float[]> ours, Func<JsonElement, double> atol)
    {
        int n = 0;
        foreach (JsonElement c in TransformGoldens.Cases(op))
        {
            (float[] image, ImageShape shape) = TransformGoldens.Image(c.GetProperty("image").GetInt32());
            float[] actual = ours(c, image, shape);
            TransformGoldens.AssertClose(TransformGoldens.Floats(c, "expected"), actual, atol(c), TransformGoldens.Describe(c));
            n++;
        }
        return n;
    }

    [Fact]
    public void Flips_MatchTorchvisionExactly()
    {
        int h = CheckAll("hflip", (_, img, shape) => { RandomHorizontalFlip.Apply(img, shape); return img; }, _ => 0);
        int v = CheckAll("vflip", (_, img, shape) => { RandomVerticalFlip.Apply(img, shape); return img; }, _ => 0);
        Assert.Equal((4, 4), (h, v));
    }

    [Fact]
    public void Rotate_MatchesTorchvision_ExactlyForNearest_Within1e5ForBilinear()
    {
        int n = CheckAll("rotate", (c, img, shape) =>
        {
            var dst = new float[shape.Size];
            RandomRotation.Apply(img, dst, shape, c.GetProperty("angle").GetDouble(), Mode(c), (float)c.GetProperty("fill").GetDouble());
            return dst;
        }, c => Mode(c) == Interpolation.Nearest ? 0 : 1e-5);
        Assert.Equal(28, n);
    }

    [Fact]
    public void Affine_MatchesTorchvision_ExactlyForNearest_Within1e5ForBilinear()
    {
        int n = CheckAll("affine", (c, img, shape) =>
        {
            JsonElement t = c.GetProperty("translate"), s = c.GetProperty("shear");
            var warp = new AffineParameters(c.GetProperty("angle").GetDouble(), t[0].GetDouble(), t[1].GetDouble(),
                c.GetProperty("scale").GetDouble(), s[0].GetDouble(), s[1].GetDouble());
            var dst = new float[shape.Size];
            RandomAffine.Apply(img, dst, shape, warp, Mode(c), (float)c.GetProperty("fill").GetDouble());
            return dst;
        }, c => Mode(c) == Interpolation.Nearest ? 0 : 1e-5);
        Assert.Equal(16, n);
    }

    [Fact]
    public void BrightnessAndContrast_MatchTorchvision()
    {
        int b = CheckAll("brightness", (c, img, shape) => { ColorJitter.AdjustBrightness(img, shape, c.GetProperty("factor").GetDouble()); return img; }, _ => 1e-6);
        int k = CheckAll("contrast", (c, img, shape) => { ColorJitter.AdjustContrast(img, shape, c.GetProperty("factor").GetDouble()); return img; }, _ => 1e-6);
        Assert.Equal((16, 16), (b, k));
    }

    [Fact]
    public void PadAndCrop_MatchTorchvisionExactly()
    {
        int n = CheckAll("crop", (c, img, shape) =>
        {
            var dst = new float[shape.Size];
            RandomCrop.Apply(img, dst, shape, c.GetProperty("padding").GetInt32(), c.GetProperty("top").GetInt32(), c.GetProperty("left").GetInt32(), (float)c.GetProperty("fill").GetDouble());
            return dst;
        }, _ => 0);
        Assert.Equal(12, n);
    }

    [Fact]
    public void Erase_MatchesTorchvisionExactly()
    {
        int n = CheckAll("erase", (c, img, shape) =>
        {
            var rect = new ErasingRectangle(c.GetProperty("top").GetInt32(), c.GetProperty("left").GetInt32(), c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32());
            RandomErasing.Apply(img, shape, rect, (float)c.GetProperty("value").GetDouble());
            return img;
        }, _ => 0);
        Assert.Equal(8, n);
    }

    [Fact]
    public void Normalize_MatchesTorchvisionExactly()
    {
        int n = CheckAll("normalize", (c, img, shape) =>
        {
            float[] mean = c.GetProperty("mean").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            float[] std = c.GetProperty("std").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            Normalize.Apply(img, shape, mean, std);
            return img;
        }, _ => 0);
        Assert.Equal(4, n);
    }

    [Fact]
    public void ElasticField_SmoothedAndScaledAsTorchvision()
    {
        int n = 0;
        foreach (JsonElement c in TransformGoldens.Cases("elastic"))
        {
            (_, ImageShape shape) = TransformGoldens.Image(c.GetProperty("image").GetInt32());
            float[] dx = TransformGoldens.Floats(c, "raw_dx"), dy = TransformGoldens.Floats(c, "raw_dy");
            float[] kernel = ElasticDistortion.GaussianKernel(c.GetProperty("sigma").GetDouble());
            float[] temp = new float[ElasticDistortion.SmoothScratchSize(shape, kernel.Length)];
            double alpha = c.GetProperty("alpha").GetDouble();
            ElasticDistortion.SmoothField(dx, temp, shape, kernel, (float)(alpha / shape.Height));
            ElasticDistortion.SmoothField(dy, temp, shape, kernel, (float)(alpha / shape.Width));
            float[] displacement = TransformGoldens.Floats(c, "displacement"); // (H, W, 2): x, y interleaved
            float[] ours = new float[displacement.Length];
            for (int p = 0; p < shape.Plane; p++) { ours[2 * p] = dx[p]; ours[2 * p + 1] = dy[p]; }
            TransformGoldens.AssertClose(displacement, ours, 1e-6, "displacement " + TransformGoldens.Describe(c));
            n++;
        }
        Assert.Equal(8, n);
    }

    [Fact]
    public void ElasticTransform_MatchesTorchvisionWithin1Over255()
    {
        int n = CheckAll("elastic", (c, img, shape) =>
        {
            float[] displacement = TransformGoldens.Floats(c, "displacement");
            float[] dx = new float[shape.Plane], dy = new float[shape.Plane];
            for (int p = 0; p < shape.Plane; p++) { dx[p] = displacement[2 * p]; dy[p] = displacement[2 * p + 1]; }
            var dst = new float[shape.Size];
            ElasticDistortion.Apply(img, dst, shape, dx, dy, Mode(c), (float)c.GetProperty("fill").GetDouble());
            return dst;
        }, c => Mode(c) == Interpolation.Nearest ? 0 : 1.0 / 255);
        Assert.Equal(8, n);
    }
}
