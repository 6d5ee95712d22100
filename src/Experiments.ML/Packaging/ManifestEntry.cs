// ManifestEntry: what manifest.json records about every other entry of a model package.
namespace Experiments.ML.Packaging;

/// <summary>The uncompressed size in bytes and the SHA-256 (lowercase hex) of one package entry.</summary>
public sealed record ManifestEntry(long Size, string Sha256);
