// One test per malformed-package case of the reader: each names the entry and the problem in one
// ModelPackageException. Cases that need a consistent manifest re-hash it, so only the intended defect remains.
using System.Text;
using System.Text.Json.Nodes;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.SafeTensors;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Packaging.ModelPackages;

public sealed class ModelPackageCorruptionTests
{
    private static readonly byte[] Valid = ModelPackageWriter.ToBytes(PackageFixtures.Content("cnn-s4-model2"));

    private static ModelPackageException Refused(byte[] zip, ModelPackageReadOptions? options = null) =>
        Assert.Throws<ModelPackageException>(() => ModelPackage.Load(new MemoryStream(zip), "model.zip", options));

    [Fact]
    public void TheValidPackage_Loads() => Assert.NotNull(ModelPackage.Load(new MemoryStream(Valid)));

    [Fact]
    public void TruncatedZip_IsRefused()
    {
        foreach (var length in new[] { 0, 10, Valid.Length / 2, Valid.Length - 10 })
        {
            var ex = Refused(Valid[..length]);
            Assert.Contains("model.zip", ex.Message);
        }
    }

    [Fact]
    public void NotAZip_IsRefused() => Assert.Contains("not a readable zip", Refused(Encoding.UTF8.GetBytes("hello, this is not a zip file at all")).Message);

    [Fact]
    public void MissingFile_SaysSo()
    {
        var ex = Assert.Throws<ModelPackageException>(() => ModelPackage.Load("/nonexistent/model.zip"));
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void MissingManifest_IsRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => e.RemoveAll(x => x.Name == PackageEntryNames.Manifest)));
        Assert.Equal(PackageEntryNames.Manifest, ex.EntryName);
        Assert.Contains("not an Experiments model package", ex.Message);
    }

    [Fact]
    public void MissingWeightsEntry_IsRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => e.RemoveAll(x => x.Name == PackageEntryNames.Weights)));
        Assert.Equal(PackageEntryNames.Weights, ex.EntryName);
        Assert.Contains("the zip does not hold it", ex.Message);
    }

    [Fact]
    public void WeightsNotListedInManifest_AreRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e =>
        {
            e.RemoveAll(x => x.Name == PackageEntryNames.Weights);
            PackageFixtures.EditManifest(e, m => m["entries"]!.AsObject().Remove(PackageEntryNames.Weights));
        }));
        Assert.Equal(PackageEntryNames.Weights, ex.EntryName);
        Assert.Contains("no weights", ex.Message);
    }

    [Fact]
    public void BadHash_IsRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e =>
        {
            var i = e.FindIndex(x => x.Name == PackageEntryNames.Weights);
            var data = (byte[])e[i].Data.Clone();
            data[^3] ^= 0x40;
            e[i] = (e[i].Name, data);
        }));
        Assert.Equal(PackageEntryNames.Weights, ex.EntryName);
        Assert.Contains("SHA-256 mismatch", ex.Message);
    }

    [Fact]
    public void SizeDifferentFromManifest_IsRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => PackageFixtures.Replace(e, PackageEntryNames.Report, Encoding.UTF8.GetBytes("{}"))));
        Assert.Equal(PackageEntryNames.Report, ex.EntryName);
        Assert.Contains("manifest records", ex.Message);
    }

    [Fact]
    public void WrongTensorShape_IsRefused_WithNameAndShapes()
    {
        // The manifest says mlp [32, 16]; the (correctly hashed) weights are those of cnn-s4-model2.
        var mlp = ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32"));
        var ex = Refused(PackageFixtures.Rewrite(mlp, e => PackageFixtures.EditManifest(e, m =>
            m["architecture"]!["hidden"] = new JsonArray(32, 16))));
        Assert.Equal(PackageEntryNames.Weights, ex.EntryName);
        Assert.Contains("tensor 'layers.3.weight': expected shape [16, 32]", ex.Message);
        Assert.Contains("found [32, 32]", ex.Message);
    }

    [Fact]
    public void MissingTensor_IsRefused()
    {
        var weights = new SafeTensorsWriter().AddF32("layers.1.weight", new float[32 * 784], 32, 784).ToBytes();
        var ex = Refused(PackageFixtures.Rewrite(ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32")),
            e => PackageFixtures.Replace(e, PackageEntryNames.Weights, weights), rehash: true));
        Assert.Contains("lack", ex.Message);
        Assert.Contains("layers.1.bias", ex.Message);
    }

    [Fact]
    public void UnexpectedTensor_IsRefused()
    {
        var package = ModelPackage.Load(new MemoryStream(ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32"))));
        var writer = new SafeTensorsWriter();
        foreach (var t in package.Weights.Tensors)
            writer.AddF32(t.Name, package.Weights.ReadF32(t.Name), [.. t.Shape]);
        writer.AddF32("layers.9.weight", [1f], 1);
        var ex = Refused(PackageFixtures.Rewrite(ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32")),
            e => PackageFixtures.Replace(e, PackageEntryNames.Weights, writer.ToBytes()), rehash: true));
        Assert.Contains("unexpected tensor 'layers.9.weight'", ex.Message);
    }

    [Fact]
    public void MalformedSafetensorsHeader_IsRefused()
    {
        var bytes = new byte[16];
        BitConverter.GetBytes(1_000_000UL).CopyTo(bytes, 0);
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => PackageFixtures.Replace(e, PackageEntryNames.Weights, bytes), rehash: true));
        Assert.Equal(PackageEntryNames.Weights, ex.EntryName);
        Assert.Contains("truncated", ex.Message);
    }

    [Theory]
    [InlineData(2, "newer than this library reads")]
    [InlineData(0, "unknown")]
    public void UnknownFormatVersion_IsRefused_WithReExportHint(int version, string expected)
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => PackageFixtures.EditManifest(e, m =>
        {
            m["format_version"] = version;
            m["a_key_from_the_future"] = true; // must not matter: the version is checked first
        })));
        Assert.Equal(PackageEntryNames.Manifest, ex.EntryName);
        Assert.Contains(expected, ex.Message);
        Assert.Contains("re-export the model with format version 1", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void WrongFormatName_IsRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => PackageFixtures.EditManifest(e, m => m["format"] = "something.else")));
        Assert.Contains("not an Experiments model package", ex.Message);
    }

    [Fact]
    public void UnknownManifestKey_IsRefused_WithPath()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => PackageFixtures.EditManifest(e, m => m["architecture"]!["colour"] = "red")));
        Assert.Contains("$.architecture.colour", ex.Message);
        Assert.Contains("unknown key", ex.Message);
    }

    [Fact]
    public void MissingRequiredManifestKey_IsRefused_WithPath()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => PackageFixtures.EditManifest(e, m => m.Remove("class_names"))));
        Assert.Contains("$.class_names", ex.Message);
        Assert.Contains("required key is missing", ex.Message);
    }

    [Fact]
    public void ManifestThatIsNotJson_IsRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => PackageFixtures.Replace(e, PackageEntryNames.Manifest, Encoding.UTF8.GetBytes("{\"format\": "))));
        Assert.Equal(PackageEntryNames.Manifest, ex.EntryName);
        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public void EditedDatasetRecord_IsRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => PackageFixtures.EditManifest(e, m => m["dataset"]!["files"]![0]!["rows"] = 59999)));
        Assert.Contains("$.dataset.digest", ex.Message);
    }

    [Fact]
    public void UnlistedExtraEntry_IsRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => e.Add(("notes.txt", [1, 2, 3]))));
        Assert.Equal("notes.txt", ex.EntryName);
        Assert.Contains("does not list it", ex.Message);
    }

    [Fact]
    public void ListedUnknownEntry_IsKeptAndReadable()
    {
        var zip = PackageFixtures.Rewrite(Valid, e => e.Add(("future/extra.bin", [7, 7, 7])), rehash: false);
        zip = PackageFixtures.Rewrite(zip, e => PackageFixtures.EditManifest(e, m => m["entries"]!["future/extra.bin"] = new JsonObject
        {
            ["size"] = 3,
            ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(new byte[] { 7, 7, 7 })),
        }));
        var package = ModelPackage.Load(new MemoryStream(zip));
        Assert.Equal([7, 7, 7], package.ReadEntry("future/extra.bin"));
        Assert.Contains("future/extra.bin", package.EntryNames);
    }

    [Theory]
    [InlineData("../evil.txt", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("dir\\..\\evil", "backslash")]
    [InlineData("C:/evil", "':'")]
    [InlineData("a/./b", "'.'")]
    [InlineData("folder/", "empty path segment")]
    public void UnsafeEntryNames_AreRefused(string name, string expected)
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => e.Add((name, [1]))));
        Assert.Equal(name, ex.EntryName);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void DuplicateEntries_AreRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => e.Add((PackageEntryNames.Report, Encoding.UTF8.GetBytes("{\"other\":1}")))));
        Assert.Equal(PackageEntryNames.Report, ex.EntryName);
        Assert.Contains("two entries", ex.Message);
    }

    [Fact]
    public void EntriesDifferingOnlyInCase_AreRefused()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => e.Add(("Report.JSON", [1]))));
        Assert.Contains("ignoring case", ex.Message);
    }

    [Fact]
    public void TooManyEntries_AreRefusedBeforeInflating()
    {
        var ex = Refused(Valid, new ModelPackageReadOptions { MaxEntries = 2 });
        Assert.Contains("over the cap of 2", ex.Message);
    }

    [Fact]
    public void OversizedEntry_IsRefusedBeforeInflating()
    {
        var ex = Refused(Valid, new ModelPackageReadOptions { MaxEntryBytes = 10_000 });
        Assert.Equal(PackageEntryNames.Weights, ex.EntryName);
        Assert.Contains("per-entry cap of 10000", ex.Message);
    }

    [Fact]
    public void OversizedTotal_IsRefused()
    {
        var ex = Refused(Valid, new ModelPackageReadOptions { MaxTotalBytes = 20_000 });
        Assert.Contains("in total", ex.Message);
    }

    [Fact]
    public void OversizedManifest_IsRefused()
    {
        var ex = Refused(Valid, new ModelPackageReadOptions { MaxManifestBytes = 100 });
        Assert.Equal(PackageEntryNames.Manifest, ex.EntryName);
    }

    [Fact]
    public void ZipBomb_IsRefusedByCompressionRatio()
    {
        var ex = Refused(PackageFixtures.Rewrite(Valid, e => e.Add(("model.onnx", new byte[4 << 20]))));
        Assert.Equal("model.onnx", ex.EntryName);
        Assert.Contains("zip bomb", ex.Message);
    }

    [Fact]
    public void CorruptDeflateData_IsRefused()
    {
        // Flip bytes inside the compressed weights (found by locating the entry's local header name).
        var zip = (byte[])Valid.Clone();
        var at = IndexOf(zip, Encoding.ASCII.GetBytes(PackageEntryNames.Weights)) + PackageEntryNames.Weights.Length + 200;
        for (var i = 0; i < 64; i++) zip[at + i] ^= 0xA5;
        var ex = Refused(zip);
        Assert.Equal(PackageEntryNames.Weights, ex.EntryName);
    }

    [Fact]
    public void LoadFromFile_NamesTheFileInMessages()
    {
        using var temp = new TempDirectory();
        var path = temp.File("broken.zip");
        File.WriteAllBytes(path, PackageFixtures.Rewrite(Valid, e => e.Add(("notes.txt", [1]))));
        var ex = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(path));
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path, ex.Message);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        throw new InvalidOperationException("not found");
    }
}
