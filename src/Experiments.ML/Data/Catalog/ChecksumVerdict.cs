// ChecksumVerdict: how a dataset file on disk was accepted.
namespace Experiments.ML.Data.Catalog;

/// <summary>Which reference hash a file matched, or that none was available to check it.</summary>
public enum ChecksumVerdict
{
    /// <summary>The MD5 of the .gz bytes equals upstream's: the file is upstream's file.</summary>
    GzipMd5,

    /// <summary>The SHA-256 of the decompressed bytes equals the catalog's: same data, possibly re-compressed.</summary>
    PayloadSha256,

    /// <summary>
    /// No reference hash exists for the form found (e.g. a raw KMNIST file: only upstream's .gz MD5 is known).
    /// Size and IDX magic were checked; the content was not. A warning is logged.
    /// </summary>
    Unverified,
}
