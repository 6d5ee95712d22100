// Round trips through IdxWriter and IdxReader for every element type, several shapes, raw and gzip, plus the
// exact bytes written for known values (so a symmetric byte-order bug in both directions is caught too).
using Experiments.ML.Data.Idx;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Idx;

public sealed class IdxRoundTripTests
{
    public static readonly IdxElementType[] AllTypes =
        [IdxElementType.UInt8, IdxElementType.Int8, IdxElementType.Int16, IdxElementType.Int32, IdxElementType.Float32, IdxElementType.Float64];

    public static readonly int[][] Shapes = [[1], [7], [3, 5], [2, 28, 28], [2, 3, 4, 5], [0], [0, 28, 28], [1, 1, 1, 1, 1, 1, 1, 1], [20_000]];

    public static TheoryData<IdxElementType, int, bool> Cases()
    {
        var data = new TheoryData<IdxElementType, int, bool>();
        foreach (var t in AllTypes)
            for (int s = 0; s < Shapes.Length; s++)
                foreach (bool gz in new[] { false, true })
                    data.Add(t, s, gz);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WriteThenReadFile_GivesSameTypeShapeAndBits(IdxElementType type, int shapeIndex, bool gzip)
    {
        using var dir = new TempDirectory();
        int[] shape = Shapes[shapeIndex];
        var original = IdxTestFiles.Sample(type, shape, seed: 17 + shapeIndex);
        string path = dir.File(gzip ? "a.idx.gz" : "a.idx");

        IdxWriter.Write(path, original, gzip);
        var read = IdxReader.Read(path);

        Assert.Equal(type, read.ElementType);
        Assert.Equal(shape, read.Dimensions);
        Assert.Equal(original.ElementCount, read.ElementCount);
        Assert.Equal(path, read.SourceName);
        AssertSameBits(original, read);
        Assert.Equal(gzip, IsGzip(File.ReadAllBytes(path)));
        Assert.Single(Directory.GetFiles(dir.Path)); // no temp file left behind
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WriteThenReadStream_GivesSameBits(IdxElementType type, int shapeIndex, bool gzip)
    {
        var original = IdxTestFiles.Sample(type, Shapes[shapeIndex], seed: 3);
        byte[] bytes = IdxTestFiles.ToBytes(original);
        if (gzip) bytes = IdxTestFiles.Gzip(bytes);

        var read = IdxReader.Read(new NonSeekableStream(bytes), "memory");

        Assert.Equal(Shapes[shapeIndex], read.Dimensions);
        AssertSameBits(original, read);
    }

    [Fact]
    public void GzipIsDetectedFromContentNotFromName()
    {
        using var dir = new TempDirectory();
        var original = IdxTestFiles.Sample(IdxElementType.Int16, [4, 4], seed: 1);
        string gzNamedRaw = dir.File("raw-but-named.gz");
        string rawNamedGz = dir.File("gzip-but-named.idx");
        IdxWriter.Write(gzNamedRaw, original, gzip: false);
        IdxWriter.Write(rawNamedGz, original, gzip: true);

        AssertSameBits(original, IdxReader.Read(gzNamedRaw));
        AssertSameBits(original, IdxReader.Read(rawNamedGz));
    }

    [Fact]
    public void WriterEmitsBigEndianHeaderAndData()
    {
        var array = new IdxArray(new short[] { 0x0102, -2 }, 2);
        byte[] expected = [0, 0, 0x0B, 1, 0, 0, 0, 2, 0x01, 0x02, 0xFF, 0xFE];
        Assert.Equal(expected, IdxTestFiles.ToBytes(array));

        var floats = new IdxArray(new float[] { 1.0f }, 1, 1);
        Assert.Equal(new byte[] { 0, 0, 0x0D, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0x3F, 0x80, 0, 0 }, IdxTestFiles.ToBytes(floats));

        var doubles = new IdxArray(new double[] { -2.0 }, 1);
        Assert.Equal(new byte[] { 0, 0, 0x0E, 1, 0, 0, 0, 1, 0xC0, 0, 0, 0, 0, 0, 0, 0 }, IdxTestFiles.ToBytes(doubles));
    }

    [Fact]
    public void ReaderDecodesHandWrittenBigEndianInt32()
    {
        byte[] bytes = IdxTestFiles.Concat(IdxTestFiles.Header(0x0C, 2), [0x01, 0x02, 0x03, 0x04, 0xFF, 0xFF, 0xFF, 0xFE]);
        var read = IdxReader.Read(new MemoryStream(bytes), "hand.idx");
        Assert.Equal(new[] { 0x01020304, -2 }, read.AsInt32());
    }

    [Fact]
    public void WriteOverwritesAnExistingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.idx");
        IdxWriter.Write(path, new IdxArray(new byte[100], 100), gzip: false);
        IdxWriter.Write(path, new IdxArray(new byte[] { 5 }, 1), gzip: false);
        Assert.Equal(new byte[] { 5 }, IdxReader.Read(path).AsBytes());
    }

    [Fact]
    public void ConcatenatedGzipMembers_AreReadAsOneFile_LikeGzipDoes()
    {
        var original = IdxTestFiles.Sample(IdxElementType.UInt8, [100], seed: 2);
        byte[] raw = IdxTestFiles.ToBytes(original);
        byte[] twoMembers = IdxTestFiles.Concat(IdxTestFiles.Gzip(raw[..30]), IdxTestFiles.Gzip(raw[30..]));
        AssertSameBits(original, IdxReader.Read(new MemoryStream(twoMembers), "two-members.gz"));
    }

    internal static void AssertSameBits(IdxArray expected, IdxArray actual)
    {
        Assert.Equal(expected.ElementType, actual.ElementType);
        Assert.Equal(expected.Dimensions, actual.Dimensions);
        byte[] e = IdxTestFiles.ToBytes(expected), a = IdxTestFiles.ToBytes(actual);
        int first = e.AsSpan().CommonPrefixLength(a);
        Assert.True(first == e.Length && e.Length == a.Length,
            $"Encoded arrays differ: lengths {e.Length} vs {a.Length}, first differing byte at {first}.");
        // And element by element in the typed view (bitwise for floats: NaN and -0.0 included).
        switch (expected.ElementType)
        {
            case IdxElementType.Float32:
                Assert.Equal(expected.AsSingle().Select(BitConverter.SingleToInt32Bits), actual.AsSingle().Select(BitConverter.SingleToInt32Bits));
                break;
            case IdxElementType.Float64:
                Assert.Equal(expected.AsDouble().Select(BitConverter.DoubleToInt64Bits), actual.AsDouble().Select(BitConverter.DoubleToInt64Bits));
                break;
            default:
                Assert.Equal(expected.Data.Cast<object>(), actual.Data.Cast<object>());
                break;
        }
    }

    private static bool IsGzip(byte[] b) => b.Length >= 2 && b[0] == 0x1F && b[1] == 0x8B;
}
