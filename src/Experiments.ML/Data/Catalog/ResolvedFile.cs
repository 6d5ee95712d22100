// ResolvedFile: one dataset file found on disk and how it was checked.
namespace Experiments.ML.Data.Catalog;

/// <summary>
/// A dataset file as resolved: full path, whether its content is gzip (detected from the 1F 8B magic, not the
/// name), the checksum verdict, and the hashes that were computed (null when not needed for the verdict).
/// </summary>
public sealed record ResolvedFile(
    DatasetFile Reference,
    string Path,
    bool IsGzipped,
    ChecksumVerdict Verdict,
    string? GzipMd5,
    string? PayloadSha256)
{
    public DatasetFileRole Role => Reference.Role;

    public override string ToString() =>
        $"{Role}: {Path} ({(IsGzipped ? "gzip" : "raw")}, {Verdict switch
        {
            ChecksumVerdict.GzipMd5 => "verified: upstream .gz MD5",
            ChecksumVerdict.PayloadSha256 => "verified: payload SHA-256",
            _ => "UNVERIFIED: no reference hash for this form",
        }})";
}
