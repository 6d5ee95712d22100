// PipelineOverrides: what the command line may change in a definition before expansion.
namespace Experiments.Pipelines.Definitions;

/// <summary>
/// Command-line overrides applied by <see cref="PipelineLoader.Expand"/>: <see cref="Epochs"/>, <see cref="Seed"/>
/// and <see cref="Threads"/> replace every run's value (<see cref="Seed"/> also replaces a <c>seeds:</c> list);
/// <see cref="Dataset"/> and <see cref="DataDir"/> set <c>dataset.name</c> and <c>dataset.folder</c>;
/// each <see cref="Set"/> entry is <c>key.path=value</c> (e.g. <c>defaults.optimizer.lr=0.001</c>,
/// <c>runs[0].epochs=2</c>, <c>augmentation[1].degrees=[-5, 5]</c>) with a YAML value.
/// </summary>
public sealed record PipelineOverrides
{
    /// <summary>No overrides.</summary>
    public static PipelineOverrides None { get; } = new();

    /// <summary>--epochs: every run's epochs.</summary>
    public int? Epochs { get; init; }

    /// <summary>--dataset: the catalog dataset name.</summary>
    public string? Dataset { get; init; }

    /// <summary>--data-dir: the folder holding the IDX files.</summary>
    public string? DataDir { get; init; }

    /// <summary>--seed: every run's seed (a <c>seeds:</c> list collapses to this one seed).</summary>
    public ulong? Seed { get; init; }

    /// <summary>--threads: compute threads of every run.</summary>
    public int? Threads { get; init; }

    /// <summary>--set key.path=value entries, applied in order.</summary>
    public IReadOnlyList<string> Set { get; init; } = [];
}
