// Byte-level tests of the ML.NET Model.key writer and reader (spec §3-§6) against ML.NET-written reference files
// and the spec's worked example.
using System.Buffers.Binary;
using System.Text;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.MLNet;

namespace Experiments.ML.Tests.Packaging.MLNet;

public sealed class ModelKeyTests
{
    public static TheoryData<string, string, string, uint, string, string, string[]> ReferenceModelKeys => new()
    {
        { "MurmurHashV1.zip", "TransformerChain/Model.key", "HASHTRNS", 0x00010002, "HashTransform", "", ["Bar", "Foo"] },
        { "hashing-before-combine.zip", "TransformerChain/Model.key", "HASHTRNS", 0x00010003, "HashTransform", "", ["Features"] },
        { "type-convert-key-model.zip", "TransformerChain/Model.key", "XF CHAIN", 0x00010001, "TransformerChain", "", [] },
        { "type-convert-key-model.zip", "TransformerChain/Transform_000/Model.key", "CONVERTF", 0x00010003, "ConvertTransform", "ConvertFunction", ["convertedKey", "key"] },
    };

    [Theory]
    [MemberData(nameof(ReferenceModelKeys))]
    public void ReferenceModelKey_ParsesWithExpectedFields_AndReencodesByteIdentically(string zip, string entry, string signature,
        uint verWritten, string loader, string loaderAlt, string[] strings)
    {
        var bytes = MLNetReference.Entry(zip, entry);
        var file = ModelKeyFile.Read(bytes, entry);
        Assert.Equal(signature, file.Component.ModelSignature);
        Assert.Equal(verWritten, file.Component.VerWritten);
        Assert.Equal(loader, file.Component.LoaderSignature);
        Assert.Equal(loaderAlt, file.Component.LoaderSignatureAlt);
        Assert.Equal(ModelKeyFile.MicrosoftMLDataAssembly, file.Component.LoaderAssemblyName);
        Assert.Equal(strings, file.Strings);
        MLNetReference.AssertSameBytes(bytes, file.ToBytes(), $"{zip} {entry} re-encoded");
    }

    [Fact]
    public void ChainHeader_WithOneTransformer_IsByteIdenticalToMLNetsOwn()
    {
        var reference = MLNetReference.Entry("type-convert-key-model.zip", "TransformerChain/Model.key");
        var ours = TransformerChainModel.Create(1).ToBytes();
        Assert.Equal(440, ours.Length);
        MLNetReference.AssertSameBytes(reference, ours, "TransformerChain/Model.key");
        Assert.Equal(new[] { 7 }, TransformerChainModel.ReadScopes(ModelKeyFile.Read(reference, "chain"), "chain"));
    }

    [Fact]
    public void ChainHeader_FieldsSitAtTheSpecsOffsets()
    {
        var b = TransformerChainModel.Create(2).ToBytes();
        Assert.Equal("4D4C004D4F44454C", Convert.ToHexString(b, 0, 8)); // "ML\0MODEL"
        Assert.Equal(0x00010002u, U32(b, 0x08));
        Assert.Equal(0x00010002u, U32(b, 0x0C));
        Assert.Equal(0x100, I64(b, 0x10));
        Assert.Equal(12, I64(b, 0x18)); // count + 2 scopes
        Assert.Equal(new long[] { 0, 0, 0, 0 }, new[] { I64(b, 0x20), I64(b, 0x28), I64(b, 0x30), I64(b, 0x38) }); // no strings
        Assert.Equal("58460043484149 4E".Replace(" ", ""), Convert.ToHexString(b, 0x40, 8)); // "XF CHAIN", space -> 0
        Assert.Equal("TransformerChain", Encoding.ASCII.GetString(b, 0x50, 16));
        Assert.All(b[0x60..0x80], x => Assert.Equal(0, x));
        long fpAssembly = 0x100 + 12;
        Assert.Equal(fpAssembly, I64(b, 0x90));
        Assert.Equal(0xA8u, U32(b, 0x98)); // 84 UTF-16 characters
        Assert.Equal(fpAssembly + 0xA8, I64(b, 0x80));
        Assert.Equal(fpAssembly + 0xA8 + 8, I64(b, 0x88));
        Assert.All(b[0x9C..0x100], x => Assert.Equal(0, x));
        Assert.Equal(new byte[] { 2, 0, 0, 0, 7, 0, 0, 0, 7, 0, 0, 0 }, b[0x100..0x10C]);
        Assert.Equal(ModelKeyFile.MicrosoftMLDataAssembly, Encoding.Unicode.GetString(b, (int)fpAssembly, 0xA8));
        Assert.Equal("4C45444F4D004C4D", Convert.ToHexString(b, b.Length - 8, 8)); // "LEDOM\0LM"
        Assert.Equal(b.Length, I64(b, 0x88));
    }

    [Fact]
    public void OnnxTransformerV3_MatchesTheSpecsWorkedExample()
    {
        var b = OnnxTransformerModel.CreateModelKey(["X"], ["Y"], OnnxTransformerPayloadVersion.V3).ToBytes();
        Assert.Equal(498, b.Length);
        Assert.Equal(0x18, I64(b, 0x18));
        Assert.Equal(new long[] { 0x118, 0x10, 0x128, 4 }, new[] { I64(b, 0x20), I64(b, 0x28), I64(b, 0x30), I64(b, 0x38) });
        Assert.Equal("4F4E4E5853434F52", Convert.ToHexString(b, 0x40, 8)); // "ONNXSCOR"
        Assert.Equal(0x00010003u, U32(b, 0x48));
        Assert.Equal(0x00010003u, U32(b, 0x4C));
        Assert.Equal("OnnxTransform", Encoding.ASCII.GetString(b, 0x50, 13));
        Assert.All(b[0x5D..0x80], x => Assert.Equal(0, x));
        Assert.Equal(new long[] { 0x1EA, 0x1F2, 0x12C }, new[] { I64(b, 0x80), I64(b, 0x88), I64(b, 0x90) });
        Assert.Equal(0xBEu, U32(b, 0x98));
        Assert.Equal("010000000000000001000000010000000000000064000000", Convert.ToHexString(b, 0x100, 0x18));
        Assert.Equal("02000000000000000400000000000000", Convert.ToHexString(b, 0x118, 0x10)); // string ends in bytes
        Assert.Equal("58005900", Convert.ToHexString(b, 0x128, 4)); // "X", "Y"
        Assert.Equal(ModelKeyFile.MicrosoftMLOnnxTransformerAssembly, Encoding.Unicode.GetString(b, 0x12C, 0xBE));
        Assert.Equal("4C45444F4D004C4D", Convert.ToHexString(b, 0x1EA, 8));
    }

    [Fact]
    public void OnnxTransformerV2_HasNoRecursionLimit_AndReadsBack()
    {
        var key = OnnxTransformerModel.CreateModelKey(["Image"], ["Score", "PredictedLabel"]);
        Assert.Equal(0x00010002u, key.Component.VerWritten);
        Assert.Equal(0x00010002u, key.Component.VerReadable);
        Assert.Equal(4 + 4 + 4 + 8 + 4, key.ModelBlock.Length);
        var settings = OnnxTransformerModel.ReadSettings(ModelKeyFile.Read(key.ToBytes(), "t"), "t");
        Assert.Equal(new[] { "Image" }, settings.InputNames);
        Assert.Equal(new[] { "Score", "PredictedLabel" }, settings.OutputNames);
        Assert.Empty(settings.CustomShapes);
        Assert.Null(settings.RecursionLimit);
        Assert.Equal(100, OnnxTransformerModel.ReadSettings(OnnxTransformerModel.CreateModelKey(["a"], ["b"], OnnxTransformerPayloadVersion.V3), "t").RecursionLimit);
    }

    [Fact]
    public void PayloadWriter_InternsStringsInOrderOfFirstUse()
    {
        var key = new ModelKeyPayloadWriter().WriteStringId("b").WriteStringId("a").WriteStringId("b").WriteStringId(null)
            .ToModelKey(new ModelKeyComponent("COPYCOLT", 0x00010001, 0x00010001, "CopyTransform", "", ModelKeyFile.MicrosoftMLDataAssembly));
        Assert.Equal(new[] { "b", "a" }, key.Strings);
        Assert.Equal("000000000100000000000000FFFFFFFF", Convert.ToHexString(key.ModelBlock));
        var b = key.ToBytes();
        Assert.Equal(new long[] { 2, 4 }, new[] { I64(b, (int)I64(b, 0x20)), I64(b, (int)I64(b, 0x20) + 8) });
        var reader = new ModelKeyPayloadReader(ModelKeyFile.Read(b, "copy"), "copy");
        Assert.Equal(new[] { "b", "a", "b", null }, new[] { reader.ReadStringOrNull(), reader.ReadStringOrNull(), reader.ReadStringOrNull(), reader.ReadStringOrNull() });
        reader.EnsureAtEnd();
    }

    public static TheoryData<string, int, byte[], string> Corruptions => new()
    {
        { "bad signature", 0x00, [0x00], "header signature" },
        { "header version too new", 0x0C, [0x03, 0x00, 0x02, 0x00], "not supported" },
        { "model block not after header", 0x10, [0x08, 0x01], "FpModel" },
        { "string table not adjacent", 0x20, [0x20], "FpStringTable" },
        { "string chars not adjacent", 0x30, [0x30], "FpStringChars" },
        { "assembly name not adjacent", 0x90, [0x00], "FpAssemblyName" },
        { "tail offset wrong", 0x80, [0x00], "FpTail" },
        { "lim not tail + 8", 0x88, [0x00], "FpLim" },
        { "string end past chars", 0x118, [0x40], "string 0 ends" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void CorruptedModelKey_IsRefusedWithOneClearError(string problem, int offset, byte[] patch, string expectedFragment)
    {
        var bytes = OnnxTransformerModel.CreateModelKey(["X"], ["Y"], OnnxTransformerPayloadVersion.V3).ToBytes();
        patch.CopyTo(bytes, offset);
        var ex = Assert.Throws<ModelPackageException>(() => ModelKeyFile.Read(bytes, "Transform_000/Model.key"));
        Assert.True(ex.Message.Contains(expectedFragment), $"{problem}: expected '{expectedFragment}' in: {ex.Message}");
        Assert.Equal("Transform_000/Model.key", ex.EntryName);
    }

    [Fact]
    public void TruncatedOrBrokenTail_IsRefused()
    {
        var bytes = TransformerChainModel.Create(1).ToBytes();
        Assert.Contains("truncated", Assert.Throws<ModelPackageException>(() => ModelKeyFile.Read(bytes[..^1], "k")).Message);
        bytes[^1] ^= 0xFF;
        Assert.Contains("tail is", Assert.Throws<ModelPackageException>(() => ModelKeyFile.Read(bytes, "k")).Message);
        Assert.Contains("shorter than", Assert.Throws<ModelPackageException>(() => ModelKeyFile.Read(new byte[100], "k")).Message);
    }

    [Fact]
    public void PayloadReaders_RefuseWrongSignatureAndLeftoverBytes()
    {
        var chain = TransformerChainModel.Create(1);
        Assert.Contains("expected \"ONNXSCOR\"", Assert.Throws<ModelPackageException>(() => OnnxTransformerModel.ReadSettings(chain, "k")).Message);
        // A v2 payload labelled v3 lacks the recursion limit: reading runs off the end.
        var v2 = OnnxTransformerModel.CreateModelKey(["X"], ["Y"]);
        var mislabelled = new ModelKeyFile(OnnxTransformerModel.Component(OnnxTransformerPayloadVersion.V3), v2.ModelBlock, v2.Strings);
        Assert.Contains("another i32 was expected", Assert.Throws<ModelPackageException>(() => OnnxTransformerModel.ReadSettings(mislabelled, "k")).Message);
        // A v3 payload labelled v2 has 4 unread bytes: ML.NET's Done() check fails, so must ours.
        var v3 = OnnxTransformerModel.CreateModelKey(["X"], ["Y"], OnnxTransformerPayloadVersion.V3);
        var short2 = new ModelKeyFile(OnnxTransformerModel.Component(OnnxTransformerPayloadVersion.V2), v3.ModelBlock, v3.Strings);
        Assert.Contains("4 unread bytes", Assert.Throws<ModelPackageException>(() => OnnxTransformerModel.ReadSettings(short2, "k")).Message);
    }

    [Fact]
    public void Writer_RefusesBadNamesAndSignatures()
    {
        Assert.Throws<ModelPackageException>(() => OnnxTransformerModel.CreateModelKey([], ["Y"]));
        Assert.Throws<ModelPackageException>(() => OnnxTransformerModel.CreateModelKey([""], ["Y"]));
        Assert.Throws<ModelPackageException>(() => OnnxTransformerModel.CreateModelKey(["X"], ["Y", "Y"]));
        Assert.Throws<ModelPackageException>(() => new ModelKeyFile(new ModelKeyComponent("TOOLONGSIG", 1, 1, "L", "", "A"), [], []));
        Assert.Throws<ModelPackageException>(() => new ModelKeyFile(new ModelKeyComponent("XF CHAIN", 1, 1, new string('L', 25), "", "A"), [], []));
    }

    private static long I64(byte[] b, int offset) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(offset));
    private static uint U32(byte[] b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(offset));
}
