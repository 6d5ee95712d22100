// Byte-level tests of the zero-row IDV "Schema" writer and reader (spec §8) against ML.NET-written files.
using System.Buffers.Binary;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.MLNet;

namespace Experiments.ML.Tests.Packaging.MLNet;

public sealed class IdvSchemaTests
{
    [Fact]
    public void FloatVectorSchema_IsByteIdenticalToMLNetsOwn()
    {
        var reference = MLNetReference.Entry("hashing-before-combine.zip", "Schema");
        var ours = IdvSchema.Write([new IdvColumn("Features", IdvColumnType.SingleVector(9))]);
        MLNetReference.AssertSameBytes(reference, ours, "Schema with Features: Vector<Single, 9>");
    }

    [Fact]
    public void TextSchema_IsByteIdenticalToMLNetsOwn()
    {
        var reference = MLNetReference.Entry("MurmurHashV1.zip", "Schema");
        var ours = IdvSchema.Write([new IdvColumn("Foo", IdvColumnType.Scalar("TextSpan"))]);
        MLNetReference.AssertSameBytes(reference, ours, "Schema with Foo: TextSpan");
    }

    [Fact]
    public void ReferenceSchemas_ReadAsTheColumnsTheyDeclare()
    {
        var features = Assert.Single(IdvSchema.Read(MLNetReference.Entry("hashing-before-combine.zip", "Schema")));
        Assert.Equal("Features", features.Name);
        Assert.Equal("Single", features.Type.ItemCodec);
        Assert.Equal(new[] { 9 }, features.Type.VectorDims);
        var foo = Assert.Single(IdvSchema.Read(MLNetReference.Entry("MurmurHashV1.zip", "Schema")));
        Assert.Equal(new IdvColumn("Foo", IdvColumnType.Scalar("TextSpan")), foo);
    }

    [Fact]
    public void SpecExamples_HaveTheSpecsSizesAndTableEntry()
    {
        var x = IdvSchema.Write([new IdvColumn("X", IdvColumnType.SingleVector(2))]);
        Assert.Equal(309, x.Length);
        Assert.Equal("0158" + "0756427566666572" + "10" + "0653696E676C6500" + "01000000" + "02000000" + "01" + "01" +
                     "0001000000000000" + "0000000000000000", Convert.ToHexString(x, 0x100, x.Length - 0x100 - 8));
        Assert.Equal("434D4C0044564200", Convert.ToHexString(x, 0, 8));
        Assert.Equal(0x0001000100010006UL, BinaryPrimitives.ReadUInt64LittleEndian(x.AsSpan(8)));
        Assert.Equal(0x0001000100010006UL, BinaryPrimitives.ReadUInt64LittleEndian(x.AsSpan(16)));
        Assert.Equal(256, BinaryPrimitives.ReadInt64LittleEndian(x.AsSpan(24)));
        Assert.Equal(x.Length - 8, BinaryPrimitives.ReadInt64LittleEndian(x.AsSpan(32)));
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(x.AsSpan(40)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(x.AsSpan(48)));
        Assert.All(x[52..256], b => Assert.Equal(0, b));
        Assert.Equal("00425644004C4D43", Convert.ToHexString(x, x.Length - 8, 8));
        var ab = IdvSchema.Write([new IdvColumn("A", IdvColumnType.Scalar("Single")), new IdvColumn("B", IdvColumnType.Scalar("Single"))]);
        Assert.Equal(320, ab.Length);
    }

    [Fact]
    public void RoundTrip_KeepsScalarsVectorsUnknownSizesAndKeys()
    {
        IdvColumn[] columns =
        [
            new("Image", IdvColumnType.SingleVector(784)),
            new("Label", new IdvColumnType("UInt32", KeyCount: 10)),
            new("Tokens", new IdvColumnType("TextSpan", [0])),
            new("Grid", new IdvColumnType("Double", [28, 28])),
            new("Id", IdvColumnType.Scalar("Int64")),
        ];
        var read = IdvSchema.Read(IdvSchema.Write(columns));
        Assert.Equal(columns.Select(c => c.ToString()), read.Select(c => c.ToString()));
        Assert.Equal(new[] { 28, 28 }, read[3].Type.VectorDims);
        Assert.Equal(10UL, read[1].Type.KeyCount);
    }

    [Fact]
    public void Writer_RefusesUnknownCodecsEmptySchemasAndDuplicates()
    {
        Assert.Contains("silently drops", Assert.Throws<ModelPackageException>(() => IdvSchema.Write([new IdvColumn("a", IdvColumnType.Scalar("Float"))])).Message);
        Assert.Contains("at least one column", Assert.Throws<ModelPackageException>(() => IdvSchema.Write([])).Message);
        Assert.Contains("twice", Assert.Throws<ModelPackageException>(() => IdvSchema.Write(
            [new IdvColumn("a", IdvColumnType.Scalar("Single")), new IdvColumn("a", IdvColumnType.Scalar("Single"))])).Message);
        Assert.Throws<ModelPackageException>(() => IdvSchema.Write([new IdvColumn("k", new IdvColumnType("Single", KeyCount: 3))]));
    }

    public static TheoryData<string, int, byte[], string> Corruptions => new()
    {
        { "bad signature", 0, [0x00], "not an IDV file" },
        { "version too new", 16, [0x07], "outside 1.1.1.4" },
        { "rows present", 40, [0x05], "holds 5 rows" },
        { "tail offset wrong", 32, [0x00], "tail offset" },
        { "no columns", 48, [0x00], "column count is 0" },
        { "unknown codec name", 0x100 + 2 + 1, [(byte)'X'], "codec 'XBuffer' is unknown" },
        { "unknown compression", 0x100 + 2 + 8 + 1 + 8 + 8, [0x07], "compression byte 7" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void CorruptedSchema_IsRefusedWithOneClearError(string problem, int offset, byte[] patch, string expectedFragment)
    {
        var bytes = IdvSchema.Write([new IdvColumn("X", IdvColumnType.SingleVector(2))]);
        patch.CopyTo(bytes, offset);
        var ex = Assert.Throws<ModelPackageException>(() => IdvSchema.Read(bytes));
        Assert.True(ex.Message.Contains(expectedFragment), $"{problem}: expected '{expectedFragment}' in: {ex.Message}");
        Assert.Equal("Schema", ex.EntryName);
    }

    [Fact]
    public void TruncatedSchema_IsRefused()
    {
        var bytes = IdvSchema.Write([new IdvColumn("X", IdvColumnType.SingleVector(2))]);
        Assert.Throws<ModelPackageException>(() => IdvSchema.Read(bytes[..^3]));
        Assert.Throws<ModelPackageException>(() => IdvSchema.Read(bytes[..100]));
    }
}
