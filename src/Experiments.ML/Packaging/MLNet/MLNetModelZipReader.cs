// MLNetModelZipReader: opens an ML.NET model.zip and decodes what the packaging layer knows: the root
// TransformerChain/Model.key header (and, for a real chain, its scopes and each Transform_NNN/Model.key header),
// the OnnxTransformer payload and OnnxModel bytes when present, and the zero-row "Schema" IDV.
// Entry names may use '/' or '\' (Windows-written assets use '\'); names are case-sensitive, as in ML.NET.
using System.IO.Compression;

namespace Experiments.ML.Packaging.MLNet;

/// <summary>One transformer of a model.zip: its folder, Model.key, and (for an OnnxTransformer) payload and ONNX bytes.</summary>
public sealed record MLNetTransform(string Folder, ModelKeyFile ModelKey, OnnxTransformerSettings? Onnx, byte[]? OnnxModel);

/// <summary>The decoded parts of a model.zip.</summary>
/// <param name="Root">The <c>TransformerChain/Model.key</c> (a chain header, or a single transformer saved directly).</param>
/// <param name="ChainScopes">Scopes of a chain; null when the root is a single transformer.</param>
/// <param name="Transforms">The chain's transformers (empty when the root is a single transformer).</param>
/// <param name="Schema">Columns of the <c>Schema</c> entry; null when absent.</param>
/// <param name="EntryNames">All entry names, in archive order, with '\' normalized to '/'.</param>
public sealed record MLNetModelZipContents(ModelKeyFile Root, IReadOnlyList<int>? ChainScopes, IReadOnlyList<MLNetTransform> Transforms,
    IReadOnlyList<IdvColumn>? Schema, IReadOnlyList<string> EntryNames);

/// <summary>Reads ML.NET model.zip files (see <see cref="MLNetModelZip"/> for the layout).</summary>
public static class MLNetModelZipReader
{
    /// <summary>Reads a model.zip from disk.</summary>
    public static MLNetModelZipContents Read(string path)
    {
        if (!File.Exists(path))
            throw new ModelPackageException("the model.zip does not exist; check the path", filePath: path);
        try
        {
            using var archive = ZipFile.OpenRead(path);
            return Read(archive);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelPackageException($"the file is not a valid zip archive: {ex.Message}", filePath: path, innerException: ex);
        }
        catch (ModelPackageException ex) when (ex.FilePath is null)
        {
            throw new ModelPackageException(ex.Message, filePath: path, innerException: ex);
        }
    }

    /// <summary>Reads the entries of an open archive.</summary>
    public static MLNetModelZipContents Read(ZipArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var e in archive.Entries)
            entries[e.FullName.Replace('\\', '/')] = e;
        var root = ModelKeyFile.Read(Bytes(entries, MLNetModelZip.ChainEntry), MLNetModelZip.ChainEntry);
        int[]? scopes = null;
        var transforms = new List<MLNetTransform>();
        if (root.Component.ModelSignature == TransformerChainModel.Component.ModelSignature)
        {
            scopes = TransformerChainModel.ReadScopes(root, MLNetModelZip.ChainEntry);
            for (int i = 0; i < scopes.Length; i++)
                transforms.Add(ReadTransform(entries, TransformerChainModel.TransformFolder(i)));
        }
        IReadOnlyList<IdvColumn>? schema = entries.ContainsKey(MLNetModelZip.SchemaEntry)
            ? IdvSchema.Read(Bytes(entries, MLNetModelZip.SchemaEntry), MLNetModelZip.SchemaEntry)
            : null;
        return new MLNetModelZipContents(root, scopes, transforms, schema, entries.Keys.ToArray());
    }

    private static MLNetTransform ReadTransform(Dictionary<string, ZipArchiveEntry> entries, string folder)
    {
        var keyName = $"{folder}/Model.key";
        var key = ModelKeyFile.Read(Bytes(entries, keyName), keyName);
        if (key.Component.ModelSignature != OnnxTransformerModel.ModelSignature)
            return new MLNetTransform(folder, key, null, null);
        var settings = OnnxTransformerModel.ReadSettings(key, keyName);
        var onnxName = $"{folder}/{OnnxTransformerModel.OnnxModelEntryName}";
        return new MLNetTransform(folder, key, settings, OnnxTransformerModel.ReadOnnxModelEntry(Bytes(entries, onnxName), onnxName));
    }

    private static byte[] Bytes(Dictionary<string, ZipArchiveEntry> entries, string name)
    {
        if (!entries.TryGetValue(name, out var entry))
            throw new ModelPackageException(
                $"the entry is missing (names are case-sensitive); the archive holds: {string.Join(", ", entries.Keys)}", name);
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
