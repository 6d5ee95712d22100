// Model package write → read: the manifest comes back equal, the weights (buffers included) bit for bit, the
// network rebuilt from the package computes what the original did, writing is deterministic and atomic, and the
// writer refuses content that would not load.
using System.Text;
using Experiments.Engine;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Packaging.ModelPackages;

public sealed class ModelPackageRoundTripTests
{
    public static TheoryData<string> Presets => [.. ModelPresets.Names];

    [Theory]
    [MemberData(nameof(Presets))]
    public void EveryPreset_RoundTripsManifestAndWeights(string preset)
    {
        var content = PackageFixtures.Content(preset);
        var package = ModelPackage.Load(new MemoryStream(ModelPackageWriter.ToBytes(content)));

        var m = package.Manifest;
        Assert.Equal(ModelManifest.FormatName, m.Format);
        Assert.Equal(1, m.FormatVersion);
        Assert.Equal(ModelPackageWriter.LibraryVersion, m.LibraryVersion);
        Assert.Equal(content.Architecture, m.Architecture);
        Assert.Equal(content.InputSchema, m.InputSchema);
        Assert.Equal(content.ClassNames, m.ClassNames);
        Assert.Equal(content.Training, m.Training);
        Assert.Equal(content.Seed, m.Seed);
        Assert.Equal(content.Dataset, m.Dataset);
        Assert.Equal(content.Metrics!.OrderBy(p => p.Key), m.Metrics!.OrderBy(p => p.Key));
        Assert.Null(m.CreatedAt);
        Assert.Equal(content.ReportJson, package.ReportJson);
        Assert.Equal([PackageEntryNames.Report, PackageEntryNames.Weights], package.EntryNames);

        var original = content.Network.StateDict();
        var loaded = package.CreateNetwork();
        Assert.False(loaded.IsTraining);
        var state = loaded.StateDict();
        Assert.Equal(original.Keys, state.Keys);
        foreach (var (name, tensor) in original)
        {
            Assert.Equal(tensor.ShapeArray(), state[name].ShapeArray());
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(state[name].ToArray()), $"{name} differs after the round trip");
        }
    }

    [Fact]
    public void BatchNormBuffers_AreStoredUnderPyTorchNames()
    {
        var package = ModelPackage.Load(new MemoryStream(ModelPackageWriter.ToBytes(PackageFixtures.Content("compact-bn-gap"))));
        var names = package.Weights.Tensors.Select(t => t.Name).ToHashSet();
        Assert.Contains("layers.0.weight", names);
        Assert.Contains("layers.1.running_mean", names);
        Assert.Contains("layers.1.running_var", names);
        Assert.Contains("layers.1.num_batches_tracked", names);
        Assert.Empty(package.Weights["layers.1.num_batches_tracked"].Shape);
        Assert.Equal([1234f], package.Weights.ReadF32("layers.1.num_batches_tracked"));
        Assert.Equal("pt", package.Weights.Metadata["format"]);
    }

    [Fact]
    public void LoadedNetwork_ComputesWhatTheOriginalComputes()
    {
        var content = PackageFixtures.Content("cnn-s4-model2");
        var loaded = ModelPackage.Load(new MemoryStream(ModelPackageWriter.ToBytes(content))).CreateNetwork();
        var input = Tensor.Normal(new Experiments.Engine.Random.RandomStream(3), 0f, 1f, 5, 1, 28, 28);
        using (Autograd.NoGrad())
            Assert.Equal(content.Network.Forward(input).ToArray(), loaded.Forward(input).ToArray());
    }

    [Fact]
    public void NonSeekableStream_LoadsAndIsCappedByTheTotalLimit()
    {
        var bytes = ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32"));
        var package = ModelPackage.Load(new Experiments.ML.Tests.Idx.NonSeekableStream(bytes));
        Assert.Equal("mlp", package.Manifest.Architecture.Kind);
        var ex = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(new Experiments.ML.Tests.Idx.NonSeekableStream(bytes), "pipe",
            new ModelPackageReadOptions { MaxTotalBytes = bytes.Length / 2 }));
        Assert.Contains("over the total cap", ex.Message);
    }

    [Fact]
    public void SameContent_GivesSameBytes_InMemoryAndOnDisk()
    {
        using var temp = new TempDirectory();
        var extra = new[] { new PackageEntry("model.onnx", [1, 2, 3]), new PackageEntry("TransformerChain/Model.key", [4, 5]) };
        var a = temp.File("a.zip");
        var b = temp.File("b.zip");
        ModelPackageWriter.Write(a, PackageFixtures.Content("cnn-s3", extra: extra));
        ModelPackageWriter.Write(b, PackageFixtures.Content("cnn-s3", extra: extra));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(File.ReadAllBytes(a), ModelPackageWriter.ToBytes(PackageFixtures.Content("cnn-s3", extra: extra)));
        Assert.Equal(["a.zip", "b.zip"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order());

        // Different weights give different bytes (the test above is not vacuous).
        Assert.NotEqual(File.ReadAllBytes(a), ModelPackageWriter.ToBytes(PackageFixtures.Content("cnn-s3", seed: 8, extra: extra)));
    }

    [Fact]
    public void EntryOrder_IsManifestWeightsReportThenAdditionalInGivenOrder()
    {
        var extra = new[] { new PackageEntry("model.onnx", [1]), new PackageEntry("Schema", [2]), new PackageEntry("TransformerChain/Model.key", [3]) };
        var entries = PackageFixtures.Entries(ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32", extra: extra)));
        Assert.Equal(["manifest.json", "weights.safetensors", "report.json", "model.onnx", "Schema", "TransformerChain/Model.key"], entries.Select(e => e.Name));
    }

    [Fact]
    public void AdditionalEntries_AreHashedAndReadable()
    {
        var onnx = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var content = PackageFixtures.Content("mlp-32-32", extra: [new PackageEntry("model.onnx", onnx), new PackageEntry("TransformerChain/Transform_000/Model.key", [9])]);
        var package = ModelPackage.Load(new MemoryStream(ModelPackageWriter.ToBytes(content)));
        Assert.Equal(onnx, package.ReadEntry("model.onnx"));
        Assert.Equal([9], package.ReadEntry("TransformerChain/Transform_000/Model.key"));
        Assert.Equal(1000, package.Manifest.Entries["model.onnx"].Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(onnx)), package.Manifest.Entries["model.onnx"].Sha256);
        Assert.Null(package.ReadEntry("missing"));
    }

    [Fact]
    public void CreatedAt_IsWrittenOnlyWhenGiven()
    {
        var when = new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
        var bytes = ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32") with { CreatedAt = when });
        Assert.Equal(when, ModelPackage.Load(new MemoryStream(bytes)).Manifest.CreatedAt);
        var manifest = Encoding.UTF8.GetString(PackageFixtures.Entries(ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32")))[0].Data);
        Assert.DoesNotContain("created_at", manifest);
    }

    [Fact]
    public void OptionalParts_CanBeNull()
    {
        var content = PackageFixtures.Content("mlp-32-32") with { Training = null, Dataset = null, Metrics = null, ReportJson = null };
        var package = ModelPackage.Load(new MemoryStream(ModelPackageWriter.ToBytes(content)));
        Assert.Null(package.Manifest.Training);
        Assert.Null(package.Manifest.Dataset);
        Assert.Null(package.Manifest.Metrics);
        Assert.Null(package.ReportJson);
        Assert.Equal([PackageEntryNames.Weights], package.EntryNames);
    }

    [Fact]
    public void Writer_RefusesWeightsThatDoNotFitTheArchitecture()
    {
        var content = PackageFixtures.Content("mlp-32-32") with { Architecture = new MlpSpec { Hidden = [32, 16] } };
        var ex = Assert.Throws<ModelPackageException>(() => ModelPackageWriter.ToBytes(content));
        Assert.Equal(PackageEntryNames.Weights, ex.EntryName);
        Assert.Contains("layers.3.weight", ex.Message);
        Assert.Contains("[16, 32]", ex.Message);
        Assert.Contains("[32, 32]", ex.Message);
    }

    [Theory]
    [InlineData("manifest.json", "reserved")]
    [InlineData("weights.safetensors", "reserved")]
    [InlineData("../evil", "'..'")]
    [InlineData("/abs", "absolute")]
    [InlineData("a\\b", "backslash")]
    [InlineData("dir/", "empty path segment")]
    [InlineData("C:/x", "':'")]
    public void Writer_RefusesBadAdditionalEntryNames(string name, string expected)
    {
        var ex = Assert.Throws<ModelPackageException>(() =>
            ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32", extra: [new PackageEntry(name, [1])])));
        Assert.Equal(name, ex.EntryName);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Writer_RefusesDuplicateAdditionalEntriesIgnoringCase()
    {
        var ex = Assert.Throws<ModelPackageException>(() => ModelPackageWriter.ToBytes(
            PackageFixtures.Content("mlp-32-32", extra: [new PackageEntry("model.onnx", [1]), new PackageEntry("Model.ONNX", [2])])));
        Assert.Contains("unique", ex.Message);
    }

    [Fact]
    public void Writer_RefusesBadClassNamesAndSchemas()
    {
        Assert.Contains("at least 2", Assert.Throws<ModelPackageException>(() =>
            ModelPackageWriter.ToBytes(PackageFixtures.Content("mlp-32-32") with { ClassNames = ["only"] })).Message);
        Assert.Contains("std", Assert.Throws<ModelPackageException>(() => ModelPackageWriter.ToBytes(
            PackageFixtures.Content("mlp-32-32") with { InputSchema = new InputSchema { Std = [0.0] } })).Message);
        Assert.Contains("finite", Assert.Throws<ModelPackageException>(() => ModelPackageWriter.ToBytes(
            PackageFixtures.Content("mlp-32-32") with { Metrics = new Dictionary<string, double> { ["loss"] = double.NaN } })).Message);
    }

    [Fact]
    public void Writer_RefusesAReportThatIsNotJson()
    {
        var ex = Assert.Throws<ModelPackageException>(() => ModelPackageWriter.ToBytes(
            PackageFixtures.Content("mlp-32-32") with { ReportJson = Encoding.UTF8.GetBytes("{\"accuracy\": ") }));
        Assert.Equal(PackageEntryNames.Report, ex.EntryName);
        Assert.Contains("not valid UTF-8 JSON", ex.Message);
    }

    [Fact]
    public void Write_ToMissingFolder_SaysWhichFolder()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "missing", "model.zip");
        var ex = Assert.Throws<ModelPackageException>(() => ModelPackageWriter.Write(path, PackageFixtures.Content("mlp-32-32")));
        Assert.Contains("does not exist", ex.Message);
    }
}
