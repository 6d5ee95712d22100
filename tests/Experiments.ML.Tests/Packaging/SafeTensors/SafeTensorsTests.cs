// Tests of the safetensors writer and reader: round trip, determinism, atomic save, numpy interop, and one
// case per malformed-file check of the reader.
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.SafeTensors;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Packaging.SafeTensors;

public sealed class SafeTensorsTests
{
    private static float[] Sequence(int n, float scale) => Enumerable.Range(0, n).Select(i => (i - n / 2) * scale).ToArray();

    private static SafeTensorsWriter SmallModel() => new SafeTensorsWriter()
        .AddF32("layers.0.weight", Sequence(6, 0.25f), 3, 2)
        .AddF32("layers.0.bias", [1.5f, -2f, float.Epsilon], 3)
        .AddF32("scale", [3.25f])
        .AddMetadata("format", "pt")
        .AddMetadata("producer", "Experiments ünïcode");

    [Fact]
    public void RoundTrip_GivesSameValuesShapesAndMetadata()
    {
        var file = SafeTensorsReader.Read(SmallModel().ToBytes());
        Assert.Equal(Sequence(6, 0.25f), file.ReadF32("layers.0.weight"));
        Assert.Equal(new long[] { 3, 2 }, file["layers.0.weight"].Shape);
        Assert.Equal(new[] { 1.5f, -2f, float.Epsilon }, file.ReadF32("layers.0.bias"));
        Assert.Empty(file["scale"].Shape);
        Assert.Equal(new[] { 3.25f }, file.ReadF32("scale"));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal("Experiments ünïcode", file.Metadata["producer"]);
    }

    [Fact]
    public void Writer_OrdersTensorsByNamePadsHeaderToEightBytesAndPutsMetadataFirst()
    {
        var bytes = SmallModel().ToBytes();
        var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"__metadata__\":", header);
        var trimmed = header.TrimEnd(' ');
        Assert.True(header.Length - trimmed.Length < 8, $"padding of {header.Length - trimmed.Length} spaces");
        Assert.EndsWith("}", trimmed);
        var file = SafeTensorsReader.Read(bytes);
        Assert.Equal(new[] { "layers.0.bias", "layers.0.weight", "scale" }, file.Tensors.Select(t => t.Name));
        Assert.Equal(new long[] { 0, 12, 36 }, file.Tensors.Select(t => t.Begin));
        Assert.Equal(bytes.Length - 8 - n, file.Tensors[^1].End);
    }

    [Fact]
    public void Writer_IsDeterministic_InsertionOrderDoesNotMatter()
    {
        var a = new SafeTensorsWriter().AddF32("b", [1f], 1).AddF32("a", [2f, 3f], 2).AddMetadata("y", "1").AddMetadata("x", "2").ToBytes();
        var b = new SafeTensorsWriter().AddMetadata("x", "2").AddF32("a", [2f, 3f], 2).AddMetadata("y", "1").AddF32("b", [1f], 1).ToBytes();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Save_WritesThroughTempFileAndOverwrites_LeavingNoTempFiles()
    {
        using var temp = new TempDirectory();
        var path = temp.File("model.safetensors");
        File.WriteAllText(path, "old content");
        SmallModel().Save(path);
        Assert.Equal(SmallModel().ToBytes(), File.ReadAllBytes(path));
        Assert.Equal(new[] { "model.safetensors" }, Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        Assert.Equal(Sequence(6, 0.25f), SafeTensorsReader.Read(path).ReadF32("layers.0.weight"));
    }

    [Fact]
    public void WriteTo_Stream_GivesSameBytesAsToBytes()
    {
        using var stream = new MemoryStream();
        SmallModel().WriteTo(stream);
        Assert.Equal(SmallModel().ToBytes(), stream.ToArray());
    }

    [Fact]
    public void EmptyFile_WithNoTensors_RoundTrips()
    {
        var bytes = new SafeTensorsWriter().ToBytes();
        Assert.Equal(16, bytes.Length); // 8 + "{}" padded to 8
        Assert.Empty(SafeTensorsReader.Read(bytes).Tensors);
    }

    [Fact]
    public void Numpy_ReadsOurFileWithJsonAndFrombuffer_AndGetsIdenticalValues()
    {
        using var temp = new TempDirectory();
        var path = temp.File("numpy-check.safetensors");
        var rng = new Experiments.Engine.Random.RandomStream(20261122);
        var weight = new float[32 * 784];
        rng.FillNormal(weight, 0f, 0.05f);
        var bias = new float[32];
        rng.FillUniform(bias, -1f, 1f);
        new SafeTensorsWriter()
            .AddF32("layers.0.weight", weight, 32, 784)
            .AddF32("layers.0.bias", bias, 32)
            .AddF32("special", [float.MaxValue, float.MinValue, float.Epsilon, -0f, 1e-38f], 5)
            .AddMetadata("format", "pt")
            .Save(path);

        using var report = JsonDocument.Parse(PythonScript.Run("SafeTensors/read_safetensors_numpy.py", path));
        var root = report.RootElement;
        Assert.Equal("pt", root.GetProperty("metadata").GetProperty("format").GetString());
        var tensors = root.GetProperty("tensors");
        AssertSame("layers.0.weight", weight, [32, 784]);
        AssertSame("layers.0.bias", bias, [32]);
        AssertSame("special", [float.MaxValue, float.MinValue, float.Epsilon, -0f, 1e-38f], [5]);

        void AssertSame(string name, float[] expected, long[] shape)
        {
            var t = tensors.GetProperty(name);
            Assert.Equal(shape, t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            var actual = t.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            var mismatches = Enumerable.Range(0, expected.Length)
                .Where(i => BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                .Take(5).Select(i => $"[{i}] ours {expected[i]:R} numpy {actual[i]:R}").ToList();
            Assert.True(mismatches.Count == 0, $"{name}: first mismatches: {string.Join("; ", mismatches)}");
        }
    }

    [Fact]
    public void ReadF32_OnAnotherDtype_SaysWhichDtypeItIs()
    {
        var bytes = Build("{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
        var file = SafeTensorsReader.Read(bytes);
        Assert.Equal(SafeTensorsDType.I64, file["ids"].DType);
        Assert.Equal(16, file.GetBytes("ids").Length);
        var ex = Assert.Throws<ModelPackageException>(() => file.ReadF32("ids"));
        Assert.Contains("I64", ex.Message);
        Assert.Equal("ids", ex.EntryName);
    }

    [Fact]
    public void Reader_AcceptsEveryKnownDtypeWithItsSize()
    {
        foreach (var (name, size) in new[] { ("F32", 4), ("F64", 8), ("I64", 8), ("I32", 4), ("U8", 1), ("BF16", 2), ("BOOL", 1) })
        {
            var file = SafeTensorsReader.Read(Build($"{{\"t\":{{\"dtype\":\"{name}\",\"shape\":[3],\"data_offsets\":[0,{3 * size}]}}}}", 3 * size));
            Assert.Equal(name, file["t"].DType.Name());
        }
    }

    [Fact]
    public void MissingTensor_ListsTheNamesPresent()
    {
        var file = SafeTensorsReader.Read(SmallModel().ToBytes());
        var ex = Assert.Throws<ModelPackageException>(() => file.ReadF32("layers.1.weight"));
        Assert.Contains("layers.0.weight", ex.Message);
    }

    [Fact]
    public void Writer_RefusesDuplicateReservedAndMismatchedTensors()
    {
        Assert.Contains("twice", Assert.Throws<ModelPackageException>(() => new SafeTensorsWriter().AddF32("a", [1f], 1).AddF32("a", [1f], 1)).Message);
        Assert.Contains("reserved", Assert.Throws<ModelPackageException>(() => new SafeTensorsWriter().AddF32("__metadata__", [1f], 1)).Message);
        Assert.Contains("holds 6 elements but 5", Assert.Throws<ModelPackageException>(() => new SafeTensorsWriter().AddF32("a", new float[5], 2, 3)).Message);
        Assert.Contains("twice", Assert.Throws<ModelPackageException>(() => new SafeTensorsWriter().AddMetadata("k", "1").AddMetadata("k", "2")).Message);
    }

    // ---- malformed files: each row is one check of the reader ----

    private const string T2 = "\"dtype\":\"F32\",\"shape\":[2]";

    public static TheoryData<string, string, int, string> MalformedHeaders => new()
    {
        { "unknown dtype", "{\"t\":{\"dtype\":\"F17\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unknown dtype \"F17\"" },
        { "offsets do not start at 0", $"{{\"t\":{{{T2},\"data_offsets\":[4,12]}}}}", 12, "gap" },
        { "gap between tensors", $"{{\"a\":{{{T2},\"data_offsets\":[0,8]}},\"b\":{{{T2},\"data_offsets\":[12,20]}}}}", 20, "gap" },
        { "overlapping tensors", $"{{\"a\":{{{T2},\"data_offsets\":[0,8]}},\"b\":{{{T2},\"data_offsets\":[4,12]}}}}", 12, "overlap" },
        { "same range twice", $"{{\"a\":{{{T2},\"data_offsets\":[0,8]}},\"b\":{{{T2},\"data_offsets\":[0,8]}}}}", 8, "overlap" },
        { "range past buffer end", $"{{\"t\":{{{T2},\"data_offsets\":[0,8]}}}}", 4, "past the end" },
        { "buffer longer than last end", $"{{\"t\":{{{T2},\"data_offsets\":[0,8]}}}}", 12, "trailing or missing" },
        { "shape x dtype size != bytes", "{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes" },
        { "end before begin", $"{{\"t\":{{{T2},\"data_offsets\":[8,0]}}}}", 8, "end before" },
        { "duplicate tensor name", $"{{\"t\":{{{T2},\"data_offsets\":[0,8]}},\"t\":{{{T2},\"data_offsets\":[8,16]}}}}", 16, "appears twice" },
        { "duplicate metadata key", "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, "'k' appears twice" },
        { "duplicate __metadata__", "{\"__metadata__\":{},\"__metadata__\":{}}", 0, "appears twice" },
        { "duplicate key inside entry", "{\"t\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "'dtype' appears twice" },
        { "missing data_offsets", $"{{\"t\":{{{T2}}}}}", 0, "lacks data_offsets" },
        { "unexpected key", $"{{\"t\":{{{T2},\"data_offsets\":[0,8],\"extra\":1}}}}", 8, "unexpected key 'extra'" },
        { "negative dimension", "{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "non-negative integers" },
        { "fractional offset", $"{{\"t\":{{{T2},\"data_offsets\":[0,8.5]}}}}", 8, "non-negative integers" },
        { "three offsets", $"{{\"t\":{{{T2},\"data_offsets\":[0,8,8]}}}}", 8, "expected 2" },
        { "shape overflow", "{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8, "overflows" },
        { "non-string metadata value", "{\"__metadata__\":{\"k\":1}}", 0, "must be strings" },
        { "tensor entry not an object", "{\"t\":[1,2]}", 0, "expected StartObject" },
        { "text after the object", "{}  x", 0, "not valid JSON" },
        { "invalid JSON", "{\"t\":{\"dtype\":\"F32\",}", 0, "not valid JSON" },
        { "two JSON values", "{}{}", 0, "not valid JSON" },
        { "header is not an object", "[1]", 0, "must start with '{'" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void MalformedHeader_IsRefusedWithOneClearError(string problem, string json, int bufferLength, string expectedFragment)
    {
        var ex = Assert.Throws<ModelPackageException>(() => SafeTensorsReader.Read(Build(json, bufferLength), "bad.safetensors"));
        Assert.True(ex.Message.Contains(expectedFragment), $"{problem}: expected the message to contain '{expectedFragment}' but it was: {ex.Message}");
        Assert.Equal("bad.safetensors", ex.FilePath);
    }

    [Fact]
    public void FileShorterThanEightBytes_IsRefused()
    {
        var ex = Assert.Throws<ModelPackageException>(() => SafeTensorsReader.Read(new byte[5]));
        Assert.Contains("shorter than the 8-byte header length", ex.Message);
    }

    [Fact]
    public void HeaderLengthOverTheCap_IsRefused()
    {
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 100_000_001);
        Assert.Contains("over the 100000000-byte limit", Assert.Throws<ModelPackageException>(() => SafeTensorsReader.Read(bytes)).Message);
    }

    [Fact]
    public void HeaderLengthPastTheEnd_IsRefusedAsTruncated()
    {
        var bytes = Build("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        Assert.Contains("truncated", Assert.Throws<ModelPackageException>(() => SafeTensorsReader.Read(bytes)).Message);
    }

    [Fact]
    public void InvalidUtf8InHeader_IsRefused()
    {
        var json = Encoding.UTF8.GetBytes("{\"t\xff\":{}}");
        json[4] = 0xFF;
        var bytes = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        Assert.Contains("not valid JSON", Assert.Throws<ModelPackageException>(() => SafeTensorsReader.Read(bytes)).Message);
    }

    [Fact]
    public void TruncatedBuffer_OfAValidFile_IsRefused()
    {
        var bytes = SmallModel().ToBytes();
        var ex = Assert.Throws<ModelPackageException>(() => SafeTensorsReader.Read(bytes[..^4]));
        Assert.Contains("past the end", ex.Message);
    }

    private static byte[] Build(string json, int bufferLength)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + bufferLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        for (int i = 0; i < bufferLength; i++)
            bytes[8 + header.Length + i] = (byte)i;
        return bytes;
    }
}
