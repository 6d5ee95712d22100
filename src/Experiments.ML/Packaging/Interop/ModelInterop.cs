// ModelInterop: the entries that make a trained network usable outside Experiments, for the model package writer:
//   model.onnx                                 OnnxExporter's graph (raw pixels in, Score and PredictedLabel out)
//   TrainingInfo/Version.txt                   ML.NET's chain of one OnnxTransformer around the same bytes,
//   TransformerChain/Transform_000/OnnxModel   so `mlContext.Model.Load("model.zip", out var schema)` returns a
//   TransformerChain/Transform_000/Model.key   transformer reading column Image (vector<float>[C·H·W]) and
//   TransformerChain/Model.key                 writing Score and PredictedLabel
//   Schema                                     (spec: shared/docs/mlnet-model-zip.md; MLNetModelZip writes them)
// The package writer adds its own entries beside these; ML.NET ignores entries it does not name.
using System.IO.Compression;
using Experiments.ML.Models;
using Experiments.ML.Packaging.MLNet;
using Experiments.ML.Packaging.Onnx;

namespace Experiments.ML.Packaging.Interop;

/// <summary>Creates and reads the ONNX and ML.NET entries of a model.zip.</summary>
public static class ModelInterop
{
    /// <summary>Entry holding the exported ONNX model.</summary>
    public const string OnnxEntry = "model.onnx";

    /// <summary>The outputs the ML.NET OnnxTransformer exposes, in graph order.</summary>
    public static IReadOnlyList<string> OutputNames { get; } = [OnnxExporter.ScoreName, OnnxExporter.PredictedLabelName];

    /// <summary>
    /// Exports <paramref name="network"/> (see <see cref="OnnxExporter.Export"/>) and returns <c>model.onnx</c>
    /// followed by the ML.NET entries around the same ONNX bytes, in the order to write them.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Data)> CreatePackageEntries(Network network, InputSchema schema,
        IReadOnlyList<string> classNames, OnnxExportOptions? options = null)
    {
        var onnx = OnnxExporter.Export(network, schema, classNames, options);
        return CreatePackageEntries(onnx, schema);
    }

    /// <summary>
    /// The package entries around ONNX bytes already exported for <paramref name="schema"/>'s input. The graph must
    /// have the exporter's contract (input <c>Image</c> float [N, C·H·W], outputs <c>Score</c> and
    /// <c>PredictedLabel</c>), since the ML.NET entries bind those names.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Data)> CreatePackageEntries(byte[] onnxModel, InputSchema schema)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        ArgumentNullException.ThrowIfNull(schema);
        CheckContract(OnnxModelReader.Read(onnxModel, OnnxEntry).Graph, schema.Shape.Length);
        var entries = new List<(string Name, byte[] Data)> { (OnnxEntry, onnxModel) };
        entries.AddRange(MLNetModelZip.CreateOnnxChainEntries(onnxModel, OnnxExporter.InputName, schema.Shape.Length, OutputNames,
            versionText: $"Experiments.ML {OnnxExporter.LibraryVersion}"));
        return entries;
    }

    /// <summary>
    /// Writes a model.zip holding only <see cref="CreatePackageEntries(Network, InputSchema, IReadOnlyList{string}, OnnxExportOptions?)"/>'s
    /// entries, through a temp file and a rename: what an ML.NET app loads with <c>mlContext.Model.Load</c>.
    /// </summary>
    public static void SaveMLNetZip(string path, Network network, InputSchema schema, IReadOnlyList<string> classNames, OnnxExportOptions? options = null) =>
        MLNetModelZip.SaveEntries(path, CreatePackageEntries(network, schema, classNames, options));

    /// <summary>
    /// Copies the <c>model.onnx</c> entry of <paramref name="modelZipPath"/> to <paramref name="onnxPath"/> (through a
    /// temp file and a rename) and returns its bytes: what <c>experiments export-onnx</c> does.
    /// </summary>
    public static byte[] ExtractOnnx(string modelZipPath, string onnxPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(onnxPath);
        var onnx = ReadOnnx(modelZipPath);
        AtomicFile.Write(onnxPath, stream => stream.Write(onnx));
        return onnx;
    }

    private static void CheckContract(OnnxGraph graph, int inputSize)
    {
        string Describe(OnnxValueInfo v) => $"{v.Name} {v.ElementType} [{(v.Shape is null ? "?" : string.Join(", ", v.Shape))}]";
        var input = graph.Inputs.Count == 1 ? graph.Inputs[0] : null;
        if (input is null || input.Name != OnnxExporter.InputName || input.ElementType != OnnxElementType.Float
            || input.Shape is not { Count: 2 } shape || shape[1].Value != inputSize)
            throw new ModelPackageException(
                $"expected one graph input {OnnxExporter.InputName} Float [N, {inputSize}]; found {string.Join("; ", graph.Inputs.Select(Describe))}. " +
                "Export the model with OnnxExporter for this input schema.", OnnxEntry);
        var outputs = graph.Outputs.Select(o => o.Name).ToArray();
        if (!outputs.SequenceEqual(OutputNames))
            throw new ModelPackageException(
                $"expected graph outputs {string.Join(", ", OutputNames)}; found {string.Join(", ", outputs)}. Export the model with OnnxExporter.", OnnxEntry);
    }

    /// <summary>The bytes of the <c>model.onnx</c> entry of a model.zip.</summary>
    /// <exception cref="ModelPackageException">The file is missing, not a zip, or has no <c>model.onnx</c> entry.</exception>
    public static byte[] ReadOnnx(string modelZipPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelZipPath);
        if (!File.Exists(modelZipPath))
            throw new ModelPackageException("the model.zip does not exist; check the path", filePath: modelZipPath);
        try
        {
            using var archive = ZipFile.OpenRead(modelZipPath);
            var entry = archive.Entries.FirstOrDefault(e => e.FullName.Replace('\\', '/') == OnnxEntry)
                ?? throw new ModelPackageException(
                    $"the archive has no '{OnnxEntry}' entry (names are case-sensitive; it holds: {string.Join(", ", archive.Entries.Select(e => e.FullName))}). " +
                    "Models packaged before ONNX export was added need to be re-packaged.", OnnxEntry, modelZipPath);
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new ModelPackageException($"the file is not a valid zip archive: {ex.Message}", filePath: modelZipPath, innerException: ex);
        }
    }
}
