// ModelManifest: the typed content of manifest.json (format "experiments.model", version 1). See
// docs/model-format.md for the field list and an example; ModelManifestJson reads and writes it.
using Experiments.ML.Data.Catalog;
using Experiments.ML.Models;
using Experiments.ML.Training;

namespace Experiments.ML.Packaging;

/// <summary>The manifest of a model package: format, library version, model contract, provenance and entry hashes.</summary>
public sealed record ModelManifest
{
    /// <summary>The format name written first in every manifest.</summary>
    public const string FormatName = "experiments.model";

    /// <summary>The newest format version this library reads and the one it writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>The format version (1).</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The informational version of the Experiments.ML library that wrote the package.</summary>
    public required string LibraryVersion { get; init; }

    /// <summary>When the package was made, if the writer was told; null otherwise.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The declarative architecture.</summary>
    public required ArchitectureSpec Architecture { get; init; }

    /// <summary>Input shape and preprocessing.</summary>
    public required InputSchema InputSchema { get; init; }

    /// <summary>Class names in label order.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>The run's root seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>The training configuration, or null.</summary>
    public TrainerOptions? Training { get; init; }

    /// <summary>The data fingerprint, or null.</summary>
    public DatasetFingerprint? Dataset { get; init; }

    /// <summary>Final metrics by snake_case name, or null.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Size and SHA-256 of every entry except manifest.json, by entry name (ordinal order).</summary>
    public required IReadOnlyDictionary<string, ManifestEntry> Entries { get; init; }
}
