// IdxArrayTests: IdxArray's constructor checks (shape vs data, rank limits, negative sizes), its typed views and
// the writer's error for a folder that does not exist.
using Experiments.ML.Data;
using Experiments.ML.Data.Idx;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Idx;

public sealed class IdxArrayTests
{
    [Fact]
    public void ShapeThatDoesNotMatchTheData_IsRejectedWithBothCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => new IdxArray(new float[10], 3, 4));
        Assert.Contains("Shape 3x4 holds 12 elements but the data array has 10", e.Message);
    }

    [Fact]
    public void RankOutsideOneToEight_IsRejected()
    {
        Assert.Contains("1 to 8 dimensions, got 0", Assert.Throws<ArgumentException>(() => new IdxArray(new byte[1])).Message);
        Assert.Contains("got 9", Assert.Throws<ArgumentException>(() => new IdxArray(new byte[1], 1, 1, 1, 1, 1, 1, 1, 1, 1)).Message);
    }

    [Fact]
    public void NegativeDimension_IsRejected()
    {
        Assert.Contains("Dimension 1 is -2", Assert.Throws<ArgumentException>(() => new IdxArray(new int[0], 0, -2)).Message);
    }

    [Fact]
    public void TypedViewsShareTheArray_AndDimensionsAreCopied()
    {
        var data = new double[] { 1, 2, 3, 4, 5, 6 };
        var dims = new[] { 2, 3 };
        var array = new IdxArray(data, dims);
        dims[0] = 99;

        Assert.Same(data, array.AsDouble());
        Assert.Equal(new[] { 2, 3 }, array.Dimensions);
        Assert.Equal((IdxElementType.Float64, 2, 6, 48L), (array.ElementType, array.Rank, array.ElementCount, array.PayloadBytes));
        var e = Assert.Throws<DataException>(() => array.AsSingle());
        Assert.Contains("This IDX array holds f64 (0x0E, double) elements, but AsSingle() asks for f32 (0x0D, float). Use AsDouble()", e.Message);
    }

    [Fact]
    public void WritingIntoAMissingFolder_FailsWithDataExceptionNamingThePath()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "missing", "x.idx");
        var e = Assert.Throws<DataException>(() => IdxWriter.Write(path, new IdxArray(new byte[1], 1), gzip: false));
        Assert.Equal(path, e.FilePath);
        Assert.Contains($"Could not write IDX file '{path}'", e.Message);
        Assert.Contains("folder exists", e.Message);
    }
}
