// DatasetFile: one file of a catalog entry with its upstream name and the reference hashes it is checked against.
namespace Experiments.ML.Data.Catalog;

/// <summary>
/// One file of a dataset as upstream publishes it. <see cref="FileName"/> is the upstream gzip name
/// (e.g. <c>train-images-idx3-ubyte.gz</c>); the raw form is the same name without <c>.gz</c>.
/// A copy is accepted when the MD5 of the .gz bytes equals <see cref="GzipMd5"/> (upstream's file) or when the
/// SHA-256 of the decompressed bytes equals <see cref="PayloadSha256"/> (any re-compression of the same data,
/// such as Debian's). <see cref="PayloadSha256"/> is null when nobody has computed it yet.
/// </summary>
public sealed record DatasetFile
{
    public DatasetFile(DatasetFileRole role, string fileName, string gzipMd5, string? payloadSha256, long payloadSize)
    {
        if (string.IsNullOrWhiteSpace(fileName) || !fileName.EndsWith(".gz", StringComparison.Ordinal)
            || fileName.IndexOfAny(['/', '\\']) >= 0)
            throw new ArgumentException($"File name must be a plain upstream name ending in .gz; got '{fileName}'.", nameof(fileName));
        if (!IsHex(gzipMd5, 32))
            throw new ArgumentException($"{fileName}: gzip MD5 must be 32 lowercase hex digits; got '{gzipMd5}'.", nameof(gzipMd5));
        if (payloadSha256 is not null && !IsHex(payloadSha256, 64))
            throw new ArgumentException($"{fileName}: payload SHA-256 must be 64 lowercase hex digits or null; got '{payloadSha256}'.", nameof(payloadSha256));
        if (payloadSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(payloadSize), payloadSize, $"{fileName}: payload size must be positive.");
        Role = role;
        FileName = fileName;
        GzipMd5 = gzipMd5;
        PayloadSha256 = payloadSha256;
        PayloadSize = payloadSize;
    }

    public DatasetFileRole Role { get; }

    /// <summary>Upstream gzip file name, e.g. <c>t10k-labels-idx1-ubyte.gz</c>.</summary>
    public string FileName { get; }

    /// <summary>The raw (decompressed) file name: <see cref="FileName"/> without <c>.gz</c>.</summary>
    public string RawFileName => FileName[..^3];

    /// <summary>MD5 of upstream's .gz bytes, lowercase hex.</summary>
    public string GzipMd5 { get; }

    /// <summary>SHA-256 of the decompressed IDX bytes, lowercase hex; null when unknown.</summary>
    public string? PayloadSha256 { get; }

    /// <summary>Length in bytes of the decompressed IDX file.</summary>
    public long PayloadSize { get; }

    private static bool IsHex(string? s, int length) =>
        s is not null && s.Length == length && s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
