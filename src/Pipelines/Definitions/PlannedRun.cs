// PlannedRun: one concrete run of a plan.
using Experiments.ML.Models;
using Experiments.ML.Training;

namespace Experiments.Pipelines.Definitions;

/// <summary>One run of a <see cref="PipelinePlan"/>.</summary>
/// <param name="Name">Unique run name, also its artifact folder name (e.g. <c>mlp-32-32.adam.relu</c>, <c>cnn1d.sgd.s2</c>).</param>
/// <param name="ModelLabel">The preset name, or <c>inline</c> for an inline spec.</param>
/// <param name="Architecture">The architecture after the <c>activation:</c> override.</param>
/// <param name="Options">Everything the trainer needs (epochs, batch, optimizer, schedule, loss, init, seed, early stopping, ...).</param>
/// <param name="Seed">The run's root seed (= <c>Options.Seed</c>).</param>
/// <param name="ParameterCount">Trainable parameters of the architecture on the dataset's input shape and classes.</param>
/// <param name="Settings">Flattened hyperparameters for reports (model, activation, optimizer, lr, batch_size, ...), in a stable order.</param>
/// <param name="DifferingSettings">The keys of <see cref="Settings"/> whose values differ between the plan's runs.</param>
public sealed record PlannedRun(
    string Name,
    string ModelLabel,
    ArchitectureSpec Architecture,
    TrainerOptions Options,
    ulong Seed,
    long ParameterCount,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> DifferingSettings);
