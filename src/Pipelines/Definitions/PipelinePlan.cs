// PipelinePlan: a definition expanded into concrete runs, each with its architecture, trainer options and seed.
// This is what the runner executes and what `--dry-run` prints (PlanText).
using Experiments.ML.Models;
using Experiments.ML.Transforms;

namespace Experiments.Pipelines.Definitions;

/// <summary>
/// The expanded plan of a pipeline: the data and preprocessing every run shares, the augmentation steps (training
/// only), and the runs in order. <see cref="ResolvedYaml"/> is the definition after overrides, for the artifact folder.
/// </summary>
/// <param name="Name">The pipeline name.</param>
/// <param name="Description">Its one-line description ("" when none).</param>
/// <param name="SourcePath">The definition file (full path), or the source name given to <see cref="PipelineLoader.Parse"/>.</param>
/// <param name="DatasetName">The catalog dataset name (after <c>--dataset</c>).</param>
/// <param name="DatasetFolder">The IDX folder from the definition or <c>--data-dir</c>; null = the resolver's default search.</param>
/// <param name="ValidationSplit">Fraction of the training set held out for validation (also in every run's <c>Options.ValidationFraction</c>).</param>
/// <param name="Input">Input shape and normalization (mean/std per channel; 0/1 when the definition says none).</param>
/// <param name="Augmentation">Training-time augmentation steps, in order.</param>
/// <param name="Runs">The runs, in definition order (runs first, then matrices; each repeated per seed).</param>
/// <param name="ResolvedYaml">The definition after overrides, as YAML.</param>
public sealed record PipelinePlan(
    string Name,
    string Description,
    string SourcePath,
    string DatasetName,
    string? DatasetFolder,
    double ValidationSplit,
    InputSchema Input,
    IReadOnlyList<AugmentationOptions> Augmentation,
    IReadOnlyList<PlannedRun> Runs,
    string ResolvedYaml);
