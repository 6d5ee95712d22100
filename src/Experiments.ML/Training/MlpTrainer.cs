using Experiments.ML.Models;

namespace Experiments.ML.Training;

/// <summary>An <see cref="ImageClassificationTrainer"/> for a <see cref="MlpSpec"/> (typed entry point; same training).</summary>
public sealed class MlpTrainer(MlpSpec spec, TrainerOptions options, InputSchema? inputSchema = null)
    : ImageClassificationTrainer(spec, options, inputSchema)
{
    /// <summary>The architecture, typed.</summary>
    public new MlpSpec Spec => (MlpSpec)base.Spec;
}
