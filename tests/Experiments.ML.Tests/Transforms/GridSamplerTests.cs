// GridSampler's vectorized grayscale paths (nearest and bilinear affine, bilinear displacement) against its general
// per-pixel path (channel 0 of a 2-channel image), for every row remainder and many warps: they must agree exactly.
using Experiments.Engine.Random;
using Experiments.ML.Transforms;

namespace Experiments.ML.Tests.Transforms;

public class GridSamplerTests
{
    private static (float[] Gray, float[] TwoChannels) Image(RandomStream random, int plane)
    {
        var gray = new float[plane];
        random.FillUniform(gray, 0, 1);
        var two = new float[2 * plane];
        gray.CopyTo(two, 0);
        random.FillUniform(two.AsSpan(plane), 0, 1);
        return (gray, two);
    }

    [Theory]
    [InlineData(Interpolation.Nearest)]
    [InlineData(Interpolation.Bilinear)]
    public void GrayAffineFastPath_EqualsTheGeneralPath_ForEveryWidthAndWarp(Interpolation interpolation)
    {
        var random = new RandomStream(12);
        Span<double> matrix = stackalloc double[6];
        for (int width = 1; width <= 19; width++)
            for (int height = 1; height <= 6; height++)
                for (int trial = 0; trial < 6; trial++)
                {
                    var warp = trial == 0
                        ? AffineParameters.Rotation(90)
                        : new AffineParameters(random.NextUniform(-180, 180), random.NextInt(-3, 4), random.NextInt(-3, 4),
                            random.NextUniform(0.5, 1.5), random.NextUniform(-30, 30), random.NextUniform(-30, 30));
                    warp.InverseMatrix(matrix);
                    int plane = width * height;
                    (float[] gray, float[] two) = Image(random, plane);
                    var fast = new float[plane];
                    var general = new float[2 * plane];
                    GridSampler.Affine(gray, fast, 1, height, width, matrix, interpolation, 0.25f);
                    GridSampler.Affine(two, general, 2, height, width, matrix, interpolation, 0.25f);
                    Assert.True(fast.AsSpan().SequenceEqual(general.AsSpan(0, plane)), $"{interpolation} {height}x{width}, {warp}");
                }
    }

    [Fact]
    public void GrayBilinearDisplacementFastPath_EqualsTheGeneralPath()
    {
        var random = new RandomStream(13);
        for (int width = 1; width <= 19; width++)
            for (int height = 1; height <= 5; height++)
            {
                int plane = width * height;
                (float[] gray, float[] two) = Image(random, plane);
                var dx = new float[plane];
                var dy = new float[plane];
                random.FillUniform(dx, -0.6f, 0.6f);
                random.FillUniform(dy, -0.6f, 0.6f);
                var fast = new float[plane];
                var general = new float[2 * plane];
                GridSampler.Displaced(gray, fast, 1, height, width, dx, dy, Interpolation.Bilinear, 0.5f);
                GridSampler.Displaced(two, general, 2, height, width, dx, dy, Interpolation.Bilinear, 0.5f);
                Assert.True(fast.AsSpan().SequenceEqual(general.AsSpan(0, plane)), $"{height}x{width}");
            }
    }
}
