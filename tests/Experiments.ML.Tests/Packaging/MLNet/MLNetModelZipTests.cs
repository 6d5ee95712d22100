// Tests of the model.zip writer for a [OnnxTransformer] chain and of the zip reader on ML.NET's reference files.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.MLNet;
using Experiments.ML.Packaging.Onnx;
using Experiments.ML.Tests.Packaging.Onnx;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Packaging.MLNet;

public sealed class MLNetModelZipTests
{
    private static readonly byte[] Onnx = new TinyClassifier(seed: 1).ToOnnx().ToBytes();

    private static byte[] WriteZip(OnnxTransformerPayloadVersion version = OnnxTransformerPayloadVersion.V2)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            MLNetModelZip.WriteOnnxChain(archive, Onnx, "Image", 784, ["Score", "PredictedLabel"], version);
        return stream.ToArray();
    }

    [Fact]
    public void Zip_HasMLNetsEntriesInMLNetsOrder_DeflatedWithForwardSlashes()
    {
        var entries = CentralDirectory(WriteZip());
        Assert.Equal(new[]
        {
            "TrainingInfo/Version.txt",
            "TransformerChain/Transform_000/OnnxModel",
            "TransformerChain/Transform_000/Model.key",
            "TransformerChain/Model.key",
            "Schema",
        }, entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.True(e.Method == 8, $"{e.Name}: compression method {e.Method}, expected 8 (Deflate)"));
    }

    [Fact]
    public void Zip_ReadsBackAsChainOfOneOnnxTransformerWithImageSchema()
    {
        using var archive = new ZipArchive(new MemoryStream(WriteZip()), ZipArchiveMode.Read);
        var contents = MLNetModelZipReader.Read(archive);
        Assert.Equal(new[] { 7 }, contents.ChainScopes);
        var transform = Assert.Single(contents.Transforms);
        Assert.Equal("TransformerChain/Transform_000", transform.Folder);
        Assert.Equal(ModelKeyFile.MicrosoftMLOnnxTransformerAssembly, transform.ModelKey.Component.LoaderAssemblyName);
        Assert.Equal(0x00010002u, transform.ModelKey.Component.VerWritten);
        Assert.Equal(new[] { "Image" }, transform.Onnx!.InputNames);
        Assert.Equal(new[] { "Score", "PredictedLabel" }, transform.Onnx.OutputNames);
        Assert.Equal(Onnx, transform.OnnxModel);
        var column = Assert.Single(contents.Schema!);
        Assert.Equal("Image", column.Name);
        Assert.Equal("Vector<Single, 784>", column.Type.ToString());
        // The schema column feeds the ONNX input of the same name and element type (spec §6 input checks).
        var graphInput = Assert.Single(OnnxModelReader.Read(transform.OnnxModel!).Graph.Inputs);
        Assert.Equal(column.Name, graphInput.Name);
        Assert.Equal(OnnxElementType.Float, graphInput.ElementType);
    }

    [Fact]
    public void Zip_ChainAndOnnxEntriesAreTheSpecsBytes()
    {
        using var archive = new ZipArchive(new MemoryStream(WriteZip(OnnxTransformerPayloadVersion.V3)), ZipArchiveMode.Read);
        byte[] Entry(string name)
        {
            using var s = archive.GetEntry(name)!.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }
        MLNetReference.AssertSameBytes(MLNetReference.Entry("type-convert-key-model.zip", "TransformerChain/Model.key"),
            Entry("TransformerChain/Model.key"), "chain header");
        var onnxEntry = Entry("TransformerChain/Transform_000/OnnxModel");
        Assert.Equal(Onnx.Length, BinaryPrimitives.ReadInt32LittleEndian(onnxEntry));
        Assert.Equal(Onnx, onnxEntry[4..]);
        Assert.Equal("Experiments.ML\n", Encoding.UTF8.GetString(Entry("TrainingInfo/Version.txt")));
        Assert.Equal(100, OnnxTransformerModel.ReadSettings(
            ModelKeyFile.Read(Entry("TransformerChain/Transform_000/Model.key"), "t"), "t").RecursionLimit);
    }

    [Fact]
    public void Zip_IsDeterministic()
    {
        Assert.Equal(WriteZip(), WriteZip());
    }

    [Fact]
    public void SaveOnnxChain_WritesThroughTempFile_AndReadsBackFromDisk()
    {
        using var temp = new TempDirectory();
        var path = temp.File("model.zip");
        MLNetModelZip.SaveOnnxChain(path, Onnx, "Image", 784, ["Score", "PredictedLabel"]);
        Assert.Equal(new[] { "model.zip" }, Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        Assert.Equal(WriteZip(), File.ReadAllBytes(path));
        Assert.Equal("Image", Assert.Single(MLNetModelZipReader.Read(path).Schema!).Name);
    }

    [Fact]
    public void ReferenceZips_ReadWithBackslashNames()
    {
        var murmur = MLNetModelZipReader.Read(MLNetReference.Path("MurmurHashV1.zip"));
        Assert.Equal("HASHTRNS", murmur.Root.Component.ModelSignature); // a single transformer saved without a chain
        Assert.Null(murmur.ChainScopes);
        Assert.Equal("Foo", Assert.Single(murmur.Schema!).Name);

        var hashing = MLNetModelZipReader.Read(MLNetReference.Path("hashing-before-combine.zip"));
        Assert.Equal("Vector<Single, 9>", Assert.Single(hashing.Schema!).Type.ToString());

        var convert = MLNetModelZipReader.Read(MLNetReference.Path("type-convert-key-model.zip"));
        Assert.Equal(new[] { 7 }, convert.ChainScopes);
        Assert.Equal("CONVERTF", Assert.Single(convert.Transforms).ModelKey.Component.ModelSignature);
        Assert.Null(convert.Schema);
    }

    [Fact]
    public void Reader_NamesTheMissingEntry()
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            archive.CreateEntry("TransformerChain/model.key");
        using var read = new ZipArchive(new MemoryStream(stream.ToArray()), ZipArchiveMode.Read);
        var ex = Assert.Throws<ModelPackageException>(() => MLNetModelZipReader.Read(read));
        Assert.Equal("TransformerChain/Model.key", ex.EntryName);
        Assert.Contains("case-sensitive", ex.Message);
    }

    [Fact]
    public void Writer_RefusesBadArguments()
    {
        using var archive = new ZipArchive(new MemoryStream(), ZipArchiveMode.Create);
        Assert.Throws<ModelPackageException>(() => MLNetModelZip.WriteOnnxChain(archive, Onnx, "Image", 0, ["Score"]));
        Assert.Throws<ModelPackageException>(() => MLNetModelZip.WriteOnnxChain(archive, [], "Image", 784, ["Score"]));
        Assert.Throws<ModelPackageException>(() => MLNetModelZip.WriteOnnxChain(archive, Onnx, "Image", 784, []));
    }

    // Entries of the zip's central directory (signature PK\1\2): compression method at +10, name length at +28, name at +46.
    private static List<(string Name, int Method)> CentralDirectory(byte[] zip)
    {
        var result = new List<(string, int)>();
        for (int i = 0; i + 46 <= zip.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) != 0x02014B50)
                continue;
            int method = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 10));
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28));
            result.Add((Encoding.UTF8.GetString(zip, i + 46, nameLength), method));
            i += 45 + nameLength;
        }
        return result;
    }
}
