// ModelInterop: the package entries (model.onnx + ML.NET's chain around the same bytes) read back with our ML.NET
// reader, follow the layout of the real ML.NET-written zips in shared/data/mlnet-reference, and round-trip through
// SaveMLNetZip / ReadOnnx; bad zips give one clear exception.
using System.IO.Compression;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.Interop;
using Experiments.ML.Packaging.MLNet;
using Experiments.ML.Packaging.Onnx;
using Experiments.ML.Tests.Packaging.MLNet;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Packaging.Interop;

public sealed class ModelInteropTests
{
    private static readonly string[] Fashion = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
    private static readonly InputSchema Schema = new() { Mean = [0.2860], Std = [0.3530] };

    private static byte[] ZipOf(IReadOnlyList<(string Name, byte[] Data)> entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            MLNetModelZip.WriteEntries(archive, entries);
        return stream.ToArray();
    }

    [Fact]
    public void PackageEntries_AreModelOnnxThenMLNetsChain_AndReadBackWithTheSameOnnxBytes()
    {
        var network = ExportedModels.Build(ModelPresets.Get("compact-bn-gap").Spec);
        var entries = ModelInterop.CreatePackageEntries(network, Schema, Fashion);
        Assert.Equal(new[]
        {
            "model.onnx",
            "TrainingInfo/Version.txt",
            "TransformerChain/Transform_000/OnnxModel",
            "TransformerChain/Transform_000/Model.key",
            "TransformerChain/Model.key",
            "Schema",
        }, entries.Select(e => e.Name));
        var onnx = entries[0].Data;
        Assert.Equal(OnnxExporter.Export(network, Schema, Fashion), onnx);

        using var archive = new ZipArchive(new MemoryStream(ZipOf(entries)), ZipArchiveMode.Read);
        var contents = MLNetModelZipReader.Read(archive);
        Assert.Equal(new[] { 7 }, contents.ChainScopes);
        var transform = Assert.Single(contents.Transforms);
        Assert.Equal(OnnxTransformerModel.ModelSignature, transform.ModelKey.Component.ModelSignature);
        Assert.Equal(0x00010002u, transform.ModelKey.Component.VerWritten); // payload version 2: ML.NET 1.3.1 and later
        Assert.Equal(new[] { "Image" }, transform.Onnx!.InputNames);
        Assert.Equal(new[] { "Score", "PredictedLabel" }, transform.Onnx.OutputNames);
        Assert.Equal(onnx, transform.OnnxModel);
        var column = Assert.Single(contents.Schema!);
        Assert.Equal(("Image", "Vector<Single, 784>"), (column.Name, column.Type.ToString()));
        // The transformer's names are the graph's: ML.NET binds columns to ONNX values by name.
        var graph = OnnxModelReader.Read(onnx).Graph;
        Assert.Equal(transform.Onnx.InputNames, graph.Inputs.Select(i => i.Name));
        Assert.Equal(transform.Onnx.OutputNames, graph.Outputs.Select(o => o.Name));
        Assert.Equal(Fashion, OnnxExporter.ReadClassNames(onnx));
    }

    [Fact]
    public void PresetZip_FollowsTheLayoutOfMLNetsReferenceZips()
    {
        var entries = ModelInterop.CreatePackageEntries(ExportedModels.Build(ModelPresets.Get("cnn-s3").Spec), Schema, Fashion);
        byte[] Entry(string name) => entries.Single(e => e.Name == name).Data;

        // Every entry name ML.NET wrote in the reference zips that a chain with a schema needs, with '/' for '\'.
        var referenceNames = new[] { "type-convert-key-model.zip", "hashing-before-combine.zip" }
            .SelectMany(z => { using var a = ZipFile.OpenRead(MLNetReference.Path(z)); return a.Entries.Select(e => e.FullName.Replace('\\', '/')).ToArray(); })
            .ToHashSet();
        Assert.Subset(entries.Select(e => e.Name).ToHashSet(), referenceNames);

        // The chain header is byte-identical to the one ML.NET wrote for its own chain of one transformer.
        MLNetReference.AssertSameBytes(MLNetReference.Entry("type-convert-key-model.zip", "TransformerChain/Model.key"),
            Entry("TransformerChain/Model.key"), "chain header");
        // The Schema entry comes from the IDV writer that reproduces ML.NET's Vector<Single, 9> schema byte for byte.
        MLNetReference.AssertSameBytes(MLNetReference.Entry("hashing-before-combine.zip", "Schema"),
            IdvSchema.Write([new IdvColumn("Features", IdvColumnType.SingleVector(9))]), "reference schema re-written");
        Assert.Equal(IdvSchema.Write([new IdvColumn("Image", IdvColumnType.SingleVector(784))]), Entry("Schema"));
        // The transformer's Model.key parses with the reader that re-encodes every reference Model.key byte for byte.
        var ours = ModelKeyFile.Read(Entry("TransformerChain/Transform_000/Model.key"), "ours");
        Assert.Equal(ModelKeyFile.MicrosoftMLOnnxTransformerAssembly, ours.Component.LoaderAssemblyName);
        Assert.Equal(Entry("TransformerChain/Transform_000/Model.key"), ours.ToBytes());
    }

    [Fact]
    public void SaveMLNetZip_WritesThroughTempFile_AndReadOnnxReturnsTheExportedBytes()
    {
        using var temp = new TempDirectory();
        var path = temp.File("model.zip");
        var network = ExportedModels.Build(ModelPresets.Get("mlp-32-32").Spec);
        ModelInterop.SaveMLNetZip(path, network, Schema, Fashion);
        Assert.Equal(new[] { "model.zip" }, Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        Assert.Equal(OnnxExporter.Export(network, Schema, Fashion), ModelInterop.ReadOnnx(path));
        Assert.Equal(ZipOf(ModelInterop.CreatePackageEntries(network, Schema, Fashion)), File.ReadAllBytes(path));
        Assert.Equal("Image", Assert.Single(MLNetModelZipReader.Read(path).Schema!).Name);
    }

    [Fact]
    public void ReadOnnx_NamesTheProblem()
    {
        using var temp = new TempDirectory();
        var missing = Assert.Throws<ModelPackageException>(() => ModelInterop.ReadOnnx(temp.File("none.zip")));
        Assert.Contains("does not exist", missing.Message);

        var notZip = temp.File("text.zip");
        File.WriteAllText(notZip, "not a zip");
        Assert.Contains("not a valid zip", Assert.Throws<ModelPackageException>(() => ModelInterop.ReadOnnx(notZip)).Message);

        var chainOnly = temp.File("chain.zip");
        MLNetModelZip.SaveOnnxChain(chainOnly, new Onnx.TinyClassifier(seed: 1).ToOnnx().ToBytes(), "Image", 784, ["Score", "PredictedLabel"]);
        var ex = Assert.Throws<ModelPackageException>(() => ModelInterop.ReadOnnx(chainOnly));
        Assert.Equal(("model.onnx", chainOnly), (ex.EntryName, ex.FilePath));
        Assert.Contains("TransformerChain/Model.key", ex.Message);
    }

    [Fact]
    public void PackageEntriesFromBytes_RefuseGraphsWithoutTheExportContract()
    {
        var foreign = new Onnx.TinyClassifier(seed: 1).ToOnnx().ToBytes(); // Image [N, 784] → Score, PredictedLabel: accepted
        Assert.Equal(6, ModelInterop.CreatePackageEntries(foreign, Schema).Count);
        var wrongSize = Assert.Throws<ModelPackageException>(() => ModelInterop.CreatePackageEntries(foreign, new InputSchema { Shape = new InputShape(1, 14, 14) }));
        Assert.Equal("model.onnx", wrongSize.EntryName);
        Assert.Contains("expected one graph input Image Float [N, 196]; found Image Float [N, 784]", wrongSize.Message);
        var renamed = new OnnxModelBuilder("g").AddInput("Image", OnnxElementType.Float, "N", 784).AddNode("Relu", ["Image"], ["Probabilities"])
            .AddOutput("Probabilities", OnnxElementType.Float, "N", 784).ToBytes();
        Assert.Contains("expected graph outputs Score, PredictedLabel; found Probabilities",
            Assert.Throws<ModelPackageException>(() => ModelInterop.CreatePackageEntries(renamed, Schema)).Message);
    }

    [Fact]
    public void WriteEntries_RefusesBackslashNames()
    {
        using var archive = new ZipArchive(new MemoryStream(), ZipArchiveMode.Create);
        var ex = Assert.Throws<ModelPackageException>(() => MLNetModelZip.WriteEntries(archive, [("TransformerChain\\Model.key", [1])]));
        Assert.Equal("TransformerChain\\Model.key", ex.EntryName);
    }
}
