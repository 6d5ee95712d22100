// ResolvedDataset: a dataset found on disk with its four verified files.
namespace Experiments.ML.Data.Catalog;

/// <summary>
/// The result of resolving a dataset: the catalog entry, the folder holding the files, the step that found it,
/// the four files (ordered by <see cref="DatasetFileRole"/>) with their verdicts, and every location tried.
/// </summary>
public sealed record ResolvedDataset(
    DatasetEntry Dataset,
    string Directory,
    ResolutionStep Step,
    IReadOnlyList<ResolvedFile> Files,
    IReadOnlyList<ResolutionAttempt> Attempts)
{
    public ResolvedFile this[DatasetFileRole role] => Files[(int)role];

    public ResolvedFile TrainImages => this[DatasetFileRole.TrainImages];
    public ResolvedFile TrainLabels => this[DatasetFileRole.TrainLabels];
    public ResolvedFile TestImages => this[DatasetFileRole.TestImages];
    public ResolvedFile TestLabels => this[DatasetFileRole.TestLabels];

    /// <summary>True when every file matched a reference hash.</summary>
    public bool IsFullyVerified => Files.All(f => f.Verdict != ChecksumVerdict.Unverified);
}
