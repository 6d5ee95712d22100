using Experiments.ML.Models;

namespace Experiments.ML.Training;

/// <summary>An <see cref="ImageClassificationTrainer"/> for a <see cref="Conv2dSpec"/> (typed entry point; same training).</summary>
public sealed class Conv2dTrainer(Conv2dSpec spec, TrainerOptions options, InputSchema? inputSchema = null)
    : ImageClassificationTrainer(spec, options, inputSchema)
{
    /// <summary>The architecture, typed.</summary>
    public new Conv2dSpec Spec => (Conv2dSpec)base.Spec;
}
