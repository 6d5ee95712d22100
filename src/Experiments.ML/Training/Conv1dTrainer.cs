using Experiments.ML.Models;

namespace Experiments.ML.Training;

/// <summary>An <see cref="ImageClassificationTrainer"/> for a <see cref="Conv1dSpec"/> (typed entry point; same training).</summary>
public sealed class Conv1dTrainer(Conv1dSpec spec, TrainerOptions options, InputSchema? inputSchema = null)
    : ImageClassificationTrainer(spec, options, inputSchema)
{
    /// <summary>The architecture, typed.</summary>
    public new Conv1dSpec Spec => (Conv1dSpec)base.Spec;
}
