// DatasetProbe: where a dataset resolves without downloading, or why it does not (for `data list`).
namespace Experiments.ML.Data.Catalog;

/// <summary>
/// The outcome of <see cref="DatasetResolver.Probe(string)"/>: either <see cref="Resolved"/> is set, or
/// <see cref="Error"/> says why not (the same message <see cref="DatasetResolver.ResolveAsync(string, CancellationToken)"/>
/// would throw with downloads disabled). <see cref="Attempts"/> lists every location looked at.
/// </summary>
public sealed record DatasetProbe(
    DatasetEntry Dataset,
    ResolvedDataset? Resolved,
    string? Error,
    IReadOnlyList<ResolutionAttempt> Attempts)
{
    public bool IsAvailable => Resolved is not null;
}
