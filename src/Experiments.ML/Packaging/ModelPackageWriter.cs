// ModelPackageWriter: writes a model package (model.zip), format "experiments.model" version 1.
//
// Zip layout, in this order, Deflate, every timestamp 1980-01-01 00:00 (the zip epoch), so the same content always
// gives the same bytes:
//   manifest.json          UTF-8 JSON (ModelManifestJson): format, version, model contract, provenance, and the
//                          size + SHA-256 of every other entry
//   weights.safetensors    the network's state dict (parameters and persistent buffers such as BatchNorm running
//                          statistics and num_batches_tracked), F32, PyTorch state_dict names ("layers.0.weight")
//   report.json            the evaluation report, when given
//   <additional entries>   ONNX model, ML.NET TransformerChain/... and Schema, in the order given
// The file is written to a temp file and renamed (AtomicFile). Before writing, the weights are checked against the
// network the architecture builds, so every package written here loads.
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Experiments.ML.Models;
using Experiments.ML.Packaging.SafeTensors;

namespace Experiments.ML.Packaging;

/// <summary>Writes model packages (<c>model.zip</c>); see docs/model-format.md.</summary>
public static class ModelPackageWriter
{
    /// <summary>Timestamp of every entry: the earliest a zip can store, so output is reproducible.</summary>
    public static readonly DateTimeOffset EntryTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The informational version of this library, recorded in every manifest.</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelPackageWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelPackageWriter).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Writes the package to <paramref name="path"/> through a temp file and a rename.</summary>
    public static void Write(string path, ModelPackageContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw new ModelPackageException($"the folder '{folder}' does not exist; create it before saving the package", filePath: path);
        var entries = BuildEntries(content, path);
        AtomicFile.Write(path, stream => WriteZip(stream, entries));
    }

    /// <summary>Writes the package to <paramref name="stream"/> (from its current position; the stream stays open).</summary>
    public static void Write(Stream stream, ModelPackageContent content)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(content);
        WriteZip(stream, BuildEntries(content, null));
    }

    /// <summary>The package as bytes.</summary>
    public static byte[] ToBytes(ModelPackageContent content)
    {
        using var memory = new MemoryStream();
        Write(memory, content);
        return memory.ToArray();
    }

    /// <summary>The weights file of <paramref name="content"/>'s network (what the package stores as weights.safetensors).</summary>
    public static byte[] WeightsBytes(ModelPackageContent content, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var state = content.Network.StateDict();
        var expected = WeightsContract.Build(content.Architecture, content.InputSchema, content.ClassNames.Count, path).StateDict();
        WeightsContract.Check(expected, state.ToDictionary(p => p.Key, p => p.Value.ShapeArray().Select(d => (long)d).ToArray(), StringComparer.Ordinal),
            content.Architecture.Kind, path);
        var writer = new SafeTensorsWriter().AddMetadata("format", "pt");
        foreach (var (name, tensor) in state)
            writer.AddF32(name, tensor.ToArray(), tensor.ShapeArray().Select(d => (long)d).ToArray());
        return writer.ToBytes();
    }

    private static List<(string Name, byte[] Data)> BuildEntries(ModelPackageContent content, string? path)
    {
        ArgumentNullException.ThrowIfNull(content.Architecture);
        ArgumentNullException.ThrowIfNull(content.InputSchema);
        ArgumentNullException.ThrowIfNull(content.ClassNames);
        ArgumentNullException.ThrowIfNull(content.Network);
        if (content.ClassNames.Count < 2)
            throw new ModelPackageException($"expected at least 2 class names; found {content.ClassNames.Count}", PackageEntryNames.Manifest, path);
        for (var i = 0; i < content.ClassNames.Count; i++)
            if (string.IsNullOrWhiteSpace(content.ClassNames[i]))
                throw new ModelPackageException($"class name {i} is empty; give every class a name", PackageEntryNames.Manifest, path);
        // Round-trip the input schema through its strict reader so a package never holds a schema it cannot load.
        try
        {
            ModelJson.DeserializeInputSchema(ModelJson.Serialize(content.InputSchema));
        }
        catch (ModelJsonException ex)
        {
            throw new ModelPackageException($"the input schema is invalid: {ex.Message}", PackageEntryNames.Manifest, path, ex);
        }

        var entries = new List<(string Name, byte[] Data)> { (PackageEntryNames.Weights, WeightsBytes(content, path)) };
        if (content.ReportJson is { } report)
        {
            try
            {
                using var _ = System.Text.Json.JsonDocument.Parse(report);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new ModelPackageException($"the report is not valid UTF-8 JSON ({ex.Message}); pass the bytes the report JSON writer produced", PackageEntryNames.Report, path, ex);
            }
            entries.Add((PackageEntryNames.Report, report));
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { PackageEntryNames.Manifest, PackageEntryNames.Weights, PackageEntryNames.Report };
        foreach (var extra in content.AdditionalEntries ?? [])
        {
            ArgumentNullException.ThrowIfNull(extra);
            if (PackageEntryNames.Problem(extra.Name) is { } problem)
                throw new ModelPackageException($"{problem}; fix the name of this additional entry", extra.Name, path);
            if (!seen.Add(extra.Name))
                throw new ModelPackageException(PackageEntryNames.IsReserved(extra.Name)
                    ? "the name is reserved for the package's own entry; give the additional entry another name"
                    : "two entries have this name (ignoring case); entry names must be unique", extra.Name, path);
            entries.Add((extra.Name, extra.Data ?? throw new ModelPackageException("the entry has no data (null)", extra.Name, path)));
        }

        var manifest = new ModelManifest
        {
            LibraryVersion = LibraryVersion,
            CreatedAt = content.CreatedAt,
            Architecture = content.Architecture,
            InputSchema = content.InputSchema,
            ClassNames = content.ClassNames,
            Seed = content.Seed,
            Training = content.Training,
            Dataset = content.Dataset,
            Metrics = content.Metrics,
            Entries = entries.ToDictionary(e => e.Name, e => new ManifestEntry(e.Data.LongLength, Convert.ToHexStringLower(SHA256.HashData(e.Data))), StringComparer.Ordinal),
        };
        entries.Insert(0, (PackageEntryNames.Manifest, ModelManifestJson.Write(manifest)));
        return entries;
    }

    private static void WriteZip(Stream stream, List<(string Name, byte[] Data)> entries)
    {
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, data) in entries)
        {
            var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTimestamp;
            using var entryStream = entry.Open();
            entryStream.Write(data);
        }
    }
}
