// DatasetFingerprint: which data a model saw, recorded in model packages and reports. Per file the payload
// SHA-256 (the decompressed IDX bytes, so a re-compressed copy has the same fingerprint) and the row count read from
// the IDX header. Digest condenses it into one hex string for tables and comparisons.
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Experiments.ML.Data.Catalog;

/// <summary>The dataset name and its files' payload hashes and row counts.</summary>
public sealed record DatasetFingerprint(string Name, IReadOnlyList<DatasetFileFingerprint> Files)
{
    /// <summary>
    /// SHA-256 (lowercase hex) of the canonical text <c>name\n</c> followed by <c>file_name sha256 rows\n</c> per
    /// file in the recorded order: one string that differs whenever any file's content differs.
    /// </summary>
    public string Digest
    {
        get
        {
            var text = new StringBuilder().Append(Name).Append('\n');
            foreach (var f in Files)
                text.Append(f.FileName).Append(' ').Append(f.PayloadSha256).Append(' ').Append(f.Rows).Append('\n');
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }

    /// <inheritdoc/>
    public bool Equals(DatasetFingerprint? other) => other is not null && Name == other.Name && Files.SequenceEqual(other.Files);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Files.Count);

    /// <summary>
    /// Fingerprints the four files of a resolved dataset (train images, train labels, test images, test labels).
    /// Reuses the payload SHA-256 the resolver computed when it has one; otherwise reads the file once.
    /// </summary>
    public static DatasetFingerprint Compute(ResolvedDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var files = dataset.Files.Select(f => Fingerprint(f.Reference.FileName, f.Path, f.PayloadSha256)).ToList();
        return new DatasetFingerprint(dataset.Dataset.Name, files);
    }

    /// <summary>
    /// Fingerprints one IDX file (raw or gzip, detected from the content) under the name <paramref name="fileName"/>.
    /// <paramref name="knownPayloadSha256"/>, when given, is trusted and the payload is not hashed again.
    /// </summary>
    public static DatasetFileFingerprint Fingerprint(string fileName, string path, string? knownPayloadSha256 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        using Stream payload = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = new byte[8];
        var headerLength = payload.ReadAtLeast(header, 8, throwOnEndOfStream: false);
        if (headerLength < 8 || header[0] != 0 || header[1] != 0 || header[3] == 0)
            throw new DataException($"'{path}' is not an IDX file: expected the magic 00 00 <type> <rank ≥ 1> and a first dimension; found {headerLength} header bytes. Re-download the dataset file.", path);
        var rows = (header[4] << 24) | (header[5] << 16) | (header[6] << 8) | header[7];
        if (rows < 0)
            throw new DataException($"'{path}': the IDX first dimension is {(uint)rows}, over {int.MaxValue}; the file is corrupt.", path);
        if (knownPayloadSha256 is not null)
            return new DatasetFileFingerprint(fileName, knownPayloadSha256.ToLowerInvariant(), rows);
        sha.AppendData(header);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = payload.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
        return new DatasetFileFingerprint(fileName, Convert.ToHexStringLower(sha.GetHashAndReset()), rows);
    }
}
