// MLNetModelZip: writes the ML.NET model.zip entries of a one-transformer chain [OnnxTransformer] that
// `mlContext.Model.Load(path, out schema)` loads (spec: /work/shared/docs/mlnet-model-zip.md §1, §5, §6, §8).
//
// Entries, in ML.NET's own order, Deflate-compressed, '/' separators, case-sensitive names:
//   TrainingInfo/Version.txt                  UTF-8 text + "\n" (never read on load)
//   TransformerChain/Transform_000/OnnxModel  i32 length + .onnx bytes
//   TransformerChain/Transform_000/Model.key  OnnxTransformer (ONNXSCOR), inputs = [input column], outputs = ONNX outputs
//   TransformerChain/Model.key                chain header (XF CHAIN), one transformer, scope 7
//   Schema                                    zero-row IDV: one column, Vector<Single, inputSize>
// Every entry's timestamp is fixed (1980-01-01, the zip epoch) so the same inputs give the same zip bytes.
using System.IO.Compression;
using System.Text;

namespace Experiments.ML.Packaging.MLNet;

/// <summary>Writes ML.NET <c>model.zip</c> entries for an ONNX model wrapped in an OnnxTransformer chain.</summary>
public static class MLNetModelZip
{
    /// <summary>Entry of the chain header.</summary>
    public const string ChainEntry = "TransformerChain/Model.key";
    /// <summary>Entry of the input schema.</summary>
    public const string SchemaEntry = "Schema";
    /// <summary>Entry of the (unread) version text.</summary>
    public const string VersionEntry = "TrainingInfo/Version.txt";

    /// <summary>Timestamp written on every entry: the earliest a zip can store, so output is reproducible.</summary>
    public static readonly DateTimeOffset EntryTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The entries of a chain [OnnxTransformer], in ML.NET's order, as (name, bytes): write them into a model.zip with
    /// <see cref="WriteEntries"/> (or beside other entries of a package). The ONNX graph must have one float input
    /// named <paramref name="inputColumn"/> (the data column of that name feeds it) of <paramref name="inputSize"/>
    /// values per row, and the outputs <paramref name="outputNames"/>.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Data)> CreateOnnxChainEntries(ReadOnlySpan<byte> onnxModel, string inputColumn, int inputSize,
        IReadOnlyList<string> outputNames, OnnxTransformerPayloadVersion payloadVersion = OnnxTransformerPayloadVersion.V2,
        string versionText = "Experiments.ML")
    {
        ArgumentException.ThrowIfNullOrEmpty(inputColumn);
        ArgumentNullException.ThrowIfNull(versionText);
        if (inputSize < 1)
            throw new ModelPackageException($"input size is {inputSize}; the input column needs at least one value per row", inputColumn);
        var onnxEntry = OnnxTransformerModel.CreateOnnxModelEntry(onnxModel);
        var transform = OnnxTransformerModel.CreateModelKey([inputColumn], outputNames, payloadVersion).ToBytes();
        var chain = TransformerChainModel.Create(1).ToBytes();
        var schema = IdvSchema.Write([new IdvColumn(inputColumn, IdvColumnType.SingleVector(inputSize))]);
        var folder = TransformerChainModel.TransformFolder(0);
        return
        [
            (VersionEntry, new UTF8Encoding(false).GetBytes(versionText + "\n")),
            ($"{folder}/{OnnxTransformerModel.OnnxModelEntryName}", onnxEntry),
            ($"{folder}/Model.key", transform),
            (ChainEntry, chain),
            (SchemaEntry, schema),
        ];
    }

    /// <summary>Adds the entries of a chain [OnnxTransformer] to <paramref name="archive"/> (see <see cref="CreateOnnxChainEntries"/>).</summary>
    public static void WriteOnnxChain(ZipArchive archive, ReadOnlySpan<byte> onnxModel, string inputColumn, int inputSize,
        IReadOnlyList<string> outputNames, OnnxTransformerPayloadVersion payloadVersion = OnnxTransformerPayloadVersion.V2,
        string versionText = "Experiments.ML")
    {
        ArgumentNullException.ThrowIfNull(archive);
        WriteEntries(archive, CreateOnnxChainEntries(onnxModel, inputColumn, inputSize, outputNames, payloadVersion, versionText));
    }

    /// <summary>
    /// Adds entries to <paramref name="archive"/> as ML.NET writes them: Deflate, '/' separators, the fixed
    /// <see cref="EntryTimestamp"/> (so the same entries give the same zip bytes).
    /// </summary>
    public static void WriteEntries(ZipArchive archive, IEnumerable<(string Name, byte[] Data)> entries)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (name, data) in entries)
            Add(archive, name, data);
    }

    /// <summary>Writes a whole model.zip holding only the ONNX chain, through a temp file and a rename.</summary>
    public static void SaveOnnxChain(string path, byte[] onnxModel, string inputColumn, int inputSize, IReadOnlyList<string> outputNames,
        OnnxTransformerPayloadVersion payloadVersion = OnnxTransformerPayloadVersion.V2)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        SaveEntries(path, CreateOnnxChainEntries(onnxModel, inputColumn, inputSize, outputNames, payloadVersion));
    }

    /// <summary>Writes a zip of <paramref name="entries"/> (see <see cref="WriteEntries"/>) through a temp file and a rename.</summary>
    public static void SaveEntries(string path, IReadOnlyList<(string Name, byte[] Data)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntries(archive, entries);
        });
    }

    private static void Add(ZipArchive archive, string name, byte[] content)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(content);
        if (name.Contains('\\'))
            throw new ModelPackageException("the entry name uses '\\'; write '/' separators (ML.NET reads both, zip tools expect '/')", name);
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTimestamp;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
