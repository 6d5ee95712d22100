// FitOptions: what changes from one Fit call to the next without changing the model's configuration: the
// augmentation of training batches, where progress goes, and where checkpoints are read and written.
using Experiments.ML.Data;

namespace Experiments.ML.Training;

/// <summary>Per-call options of <see cref="ImageClassificationTrainer.Fit"/>.</summary>
public sealed record FitOptions
{
    /// <summary>
    /// In-place transform of every training batch (augmentation), applied by the batch cursor with the
    /// <c>("augmentation", epoch)</c> stream of the run's seed. Never applied to validation or test batches.
    /// </summary>
    public IBatchTransform? Augmentation { get; init; }

    /// <summary>Receives epoch and batch events; null for none.</summary>
    public ITrainingProgress? Progress { get; init; }

    /// <summary>
    /// A checkpoint file (e.g. <c>last.ckpt</c>) to resume from. The run continues exactly as the uninterrupted
    /// run would; a checkpoint of another configuration is refused with the first differing key named.
    /// </summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Folder for <c>best.ckpt</c> and <c>last.ckpt</c>; overrides <see cref="TrainerOptions.CheckpointDirectory"/>.</summary>
    public string? CheckpointDirectory { get; init; }
}
