// ModelPackageReadOptions: the caps a reader applies before inflating anything (the zip is untrusted data).
namespace Experiments.ML.Packaging;

/// <summary>Limits applied when reading a model package; the defaults fit every preset with a wide margin.</summary>
public sealed record ModelPackageReadOptions
{
    /// <summary>Most entries a package may hold (default 256).</summary>
    public int MaxEntries { get; init; } = 256;

    /// <summary>Largest uncompressed size of <c>manifest.json</c> (default 1 MiB).</summary>
    public long MaxManifestBytes { get; init; } = 1 << 20;

    /// <summary>Largest uncompressed size of any one entry (default 512 MiB).</summary>
    public long MaxEntryBytes { get; init; } = 512L << 20;

    /// <summary>Largest sum of uncompressed sizes (default 1 GiB).</summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Largest ratio of uncompressed to compressed size for entries above <see cref="RatioCheckMinimumBytes"/>
    /// (default 200; float32 weights compress about 1.1:1, so only a zip bomb comes near this).
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Entries smaller than this many uncompressed bytes skip the ratio check (default 1 MiB).</summary>
    public long RatioCheckMinimumBytes { get; init; } = 1 << 20;

    /// <summary>The default limits.</summary>
    public static ModelPackageReadOptions Default { get; } = new();
}
