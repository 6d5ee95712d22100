// ModelPackage: reads a model package (model.zip, format "experiments.model" version 1) as untrusted data.
//
// Order of checks, each failing with one ModelPackageException naming the entry, expected vs found, and the fix:
//   1. the zip opens (truncated or non-zip files are refused); at most MaxEntries entries;
//   2. every entry name is a safe relative path (PackageEntryNames.Problem), unique even ignoring case;
//      declared sizes are within the per-entry and total caps, and the compression ratio is within the cap —
//      all before anything is inflated;
//   3. manifest.json exists and parses strictly; the format name and version are known (newer → "re-export" hint);
//   4. the zip holds exactly the entries the manifest lists (missing → error, unlisted → error); an entry this
//      reader does not know but the manifest lists (e.g. model.onnx) is kept, hash-checked, and readable;
//   5. every entry inflates to exactly its recorded size and SHA-256 (hashed while streaming, never past the cap);
//   6. weights.safetensors passes the safetensors validation and holds exactly the tensors, names and shapes the
//      architecture builds.
using System.IO.Compression;
using System.Security.Cryptography;
using Experiments.Engine;
using Experiments.ML.Models;
using Experiments.ML.Packaging.SafeTensors;

namespace Experiments.ML.Packaging;

/// <summary>A validated model package: its manifest, its entries, and the network it describes.</summary>
public sealed class ModelPackage
{
    private readonly Dictionary<string, byte[]> _entries;

    private ModelPackage(ModelManifest manifest, Dictionary<string, byte[]> entries, SafeTensorsFile weights, string? source)
    {
        Manifest = manifest;
        _entries = entries;
        Weights = weights;
        Source = source;
    }

    /// <summary>The manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The validated weights.</summary>
    public SafeTensorsFile Weights { get; }

    /// <summary>The file the package was read from, when known.</summary>
    public string? Source { get; }

    /// <summary>Every entry name except manifest.json, in ordinal order.</summary>
    public IReadOnlyList<string> EntryNames => [.. _entries.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The bytes of report.json, or null when the package has none.</summary>
    public byte[]? ReportJson => ReadEntry(PackageEntryNames.Report);

    /// <summary>A copy of an entry's bytes (any entry but the manifest), or null when the package has no such entry.</summary>
    public byte[]? ReadEntry(string name) => _entries.TryGetValue(name, out var data) ? (byte[])data.Clone() : null;

    /// <summary>Reads and validates a package file.</summary>
    public static ModelPackage Load(string path, ModelPackageReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new ModelPackageException("the model package does not exist; check the path", filePath: path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(stream, path, options);
    }

    /// <summary>Reads and validates a package from a stream (left open). <paramref name="source"/> names it in messages.</summary>
    public static ModelPackage Load(Stream stream, string? source = null, ModelPackageReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= ModelPackageReadOptions.Default;
        if (!stream.CanSeek)
        {
            // ZipArchive needs to seek to the central directory; buffer the stream, but never past the total cap.
            var buffered = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                if (buffered.Length + n > options.MaxTotalBytes)
                    throw new ModelPackageException($"the stream holds more than {options.MaxTotalBytes} bytes, over the total cap; raise ModelPackageReadOptions.MaxTotalBytes only if you trust the source",
                        filePath: source);
                buffered.Write(chunk, 0, n);
            }
            buffered.Position = 0;
            stream = buffered;
        }
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelPackageException($"the file is not a readable zip ({ex.Message}); it is truncated or not a model package — copy or export it again",
                filePath: source, innerException: ex);
        }
        using (archive)
        {
            var zipEntries = CheckDirectory(archive, options, source);
            if (!zipEntries.TryGetValue(PackageEntryNames.Manifest, out var manifestEntry))
                throw new ModelPackageException($"the package has no {PackageEntryNames.Manifest}; it is not an Experiments model package (entries: {string.Join(", ", zipEntries.Keys.Order(StringComparer.Ordinal))})",
                    PackageEntryNames.Manifest, source);
            if (manifestEntry.Length > options.MaxManifestBytes)
                throw new ModelPackageException($"the manifest declares {manifestEntry.Length} bytes, over the {options.MaxManifestBytes}-byte cap; the package is corrupt",
                    PackageEntryNames.Manifest, source);
            var manifest = ModelManifestJson.Read(Inflate(manifestEntry, manifestEntry.Length, null, source), source);

            foreach (var name in manifest.Entries.Keys)
            {
                if (PackageEntryNames.Problem(name) is { } problem)
                    throw new ModelPackageException($"the manifest lists an invalid entry name: {problem}; re-export the model", name, source);
                if (name == PackageEntryNames.Manifest)
                    throw new ModelPackageException("the manifest lists itself among the hashed entries; re-export the model", name, source);
                if (!zipEntries.ContainsKey(name))
                    throw new ModelPackageException("the manifest lists this entry but the zip does not hold it; the package is incomplete — export it again", name, source);
            }
            foreach (var name in zipEntries.Keys.Order(StringComparer.Ordinal))
                if (name != PackageEntryNames.Manifest && !manifest.Entries.ContainsKey(name))
                    throw new ModelPackageException($"unexpected entry: the zip holds it but {PackageEntryNames.Manifest} does not list it, so it cannot be verified; remove it or re-export the model with it as an additional entry",
                        name, source);
            if (!manifest.Entries.ContainsKey(PackageEntryNames.Weights))
                throw new ModelPackageException("the package has no weights; export it again", PackageEntryNames.Weights, source);

            var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var (name, recorded) in manifest.Entries)
            {
                var zipEntry = zipEntries[name];
                if (zipEntry.Length != recorded.Size)
                    throw new ModelPackageException($"the manifest records {recorded.Size} bytes but the zip declares {zipEntry.Length}; the entry was replaced or damaged — export the model again",
                        name, source);
                entries[name] = Inflate(zipEntry, recorded.Size, recorded.Sha256, source);
            }

            SafeTensorsFile weights;
            try
            {
                weights = SafeTensorsReader.Read(entries[PackageEntryNames.Weights], PackageEntryNames.Weights);
            }
            catch (ModelPackageException ex)
            {
                throw new ModelPackageException(ex.Message, PackageEntryNames.Weights, source, ex);
            }
            var expected = WeightsContract.Build(manifest.Architecture, manifest.InputSchema, manifest.ClassNames.Count, source).StateDict();
            WeightsContract.Check(expected, WeightsContract.Shapes(weights, source), manifest.Architecture.Kind, source);
            return new ModelPackage(manifest, entries, weights, source);
        }
    }

    /// <summary>
    /// A new network built from the architecture with the package's weights, in eval mode (dropout off, batch norm
    /// on running statistics). Each call returns an independent instance.
    /// </summary>
    public Network CreateNetwork()
    {
        var network = WeightsContract.Build(Manifest.Architecture, Manifest.InputSchema, Manifest.ClassNames.Count, Source);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var t in Weights.Tensors)
        {
            var values = Weights.ReadF32(t.Name);
            // A rank-0 tensor (num_batches_tracked) has shape [] in safetensors and in the state dict.
            state[t.Name] = t.Shape.Count == 0 ? Tensor.Scalar(values[0]) : Tensor.FromArray(values, t.Shape.Select(d => checked((int)d)).ToArray());
        }
        network.LoadStateDict(state);
        network.Eval();
        return network;
    }

    private static Dictionary<string, ZipArchiveEntry> CheckDirectory(ZipArchive archive, ModelPackageReadOptions options, string? source)
    {
        var count = archive.Entries.Count;
        if (count > options.MaxEntries)
            throw new ModelPackageException($"the zip holds {count} entries, over the cap of {options.MaxEntries}; a model package holds a handful — this is not one (or it is a zip bomb)",
                filePath: source);
        var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        var folded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName;
            if (PackageEntryNames.Problem(name) is { } problem)
                throw new ModelPackageException($"{problem}; the package is unsafe to read — re-export the model", name, source);
            if (!folded.Add(name))
                throw new ModelPackageException("the zip holds two entries with this name (ignoring case); a reader could see either — re-export the model", name, source);
            if (entry.Length < 0 || entry.Length > options.MaxEntryBytes)
                throw new ModelPackageException($"the entry declares {entry.Length} bytes, over the per-entry cap of {options.MaxEntryBytes}; raise ModelPackageReadOptions.MaxEntryBytes only if you trust the file",
                    name, source);
            total += entry.Length;
            if (total > options.MaxTotalBytes)
                throw new ModelPackageException($"the entries declare {total} bytes in total, over the cap of {options.MaxTotalBytes}; raise ModelPackageReadOptions.MaxTotalBytes only if you trust the file",
                    name, source);
            if (entry.Length >= options.RatioCheckMinimumBytes)
            {
                var ratio = entry.CompressedLength == 0 ? double.PositiveInfinity : (double)entry.Length / entry.CompressedLength;
                if (ratio > options.MaxCompressionRatio)
                    throw new ModelPackageException($"the entry inflates {ratio:F0}× ({entry.CompressedLength} → {entry.Length} bytes), over the cap of {options.MaxCompressionRatio}×; this looks like a zip bomb",
                        name, source);
            }
            byName.Add(name, entry);
        }
        return byName;
    }

    /// <summary>Inflates an entry, never past <paramref name="size"/> bytes, checking its SHA-256 when given.</summary>
    private static byte[] Inflate(ZipArchiveEntry entry, long size, string? sha256, string? source)
    {
        var result = new byte[size];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            using var stream = entry.Open();
            var filled = stream.ReadAtLeast(result, result.Length, throwOnEndOfStream: false);
            if (filled < size)
                throw new ModelPackageException($"the entry inflates to {filled} bytes, fewer than the {size} recorded; the package is truncated or damaged — export it again",
                    entry.FullName, source);
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
                throw new ModelPackageException($"the entry inflates to more than the {size} bytes recorded; the package is damaged or crafted — export it again",
                    entry.FullName, source);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelPackageException($"the entry's compressed data is corrupt ({ex.Message}); export the model again", entry.FullName, source, ex);
        }
        if (sha256 is not null)
        {
            hash.AppendData(result);
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != sha256)
                throw new ModelPackageException($"SHA-256 mismatch: the manifest records {sha256}, the entry hashes to {actual}; the entry was modified or damaged — export the model again",
                    entry.FullName, source);
        }
        return result;
    }
}
