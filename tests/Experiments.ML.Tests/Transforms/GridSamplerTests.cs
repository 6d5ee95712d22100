// GridSampler's vectorized grayscale-nearest path against its general per-pixel path (channel 0 of a 2-channel
// image), for every row remainder and many warps: the two must agree exactly.
using Experiments.Engine.Random;
using Experiments.ML.Transforms;

namespace Experiments.ML.Tests.Transforms;

public class GridSamplerTests
{
    [Fact]
    public void NearestGrayFastPath_EqualsTheGeneralPath_ForEveryWidthAndWarp()
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
                    var gray = new float[plane];
                    random.FillUniform(gray, 0, 1);
                    var twoChannels = new float[2 * plane];
                    gray.CopyTo(twoChannels, 0);
                    var fast = new float[plane];
                    var general = new float[2 * plane];
                    GridSampler.Affine(gray, fast, 1, height, width, matrix, Interpolation.Nearest, 0.25f);
                    GridSampler.Affine(twoChannels, general, 2, height, width, matrix, Interpolation.Nearest, 0.25f);
                    Assert.True(fast.AsSpan().SequenceEqual(general.AsSpan(0, plane)), $"{height}x{width}, {warp}");
                }
    }
}
