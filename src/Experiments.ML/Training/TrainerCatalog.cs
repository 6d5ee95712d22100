// TrainerCatalog: discovery entry points (ML.NET's mlContext.MulticlassClassification.Trainers.*).
using Experiments.ML.Models;

namespace Experiments.ML.Training;

/// <summary>Creates the image-classification trainers: <c>TrainerCatalog.Mlp(spec, options)</c>, <c>TrainerCatalog.Preset("cnn-s3", options)</c>, ...</summary>
public static class TrainerCatalog
{
    /// <summary>A multilayer perceptron trainer.</summary>
    public static MlpTrainer Mlp(MlpSpec spec, TrainerOptions options, InputSchema? inputSchema = null) => new(spec, options, inputSchema);

    /// <summary>A 1-D CNN trainer.</summary>
    public static Conv1dTrainer Conv1d(Conv1dSpec spec, TrainerOptions options, InputSchema? inputSchema = null) => new(spec, options, inputSchema);

    /// <summary>A 2-D CNN trainer.</summary>
    public static Conv2dTrainer Conv2d(Conv2dSpec spec, TrainerOptions options, InputSchema? inputSchema = null) => new(spec, options, inputSchema);

    /// <summary>A trainer for a named preset (see <see cref="ModelPresets.Names"/>).</summary>
    public static ImageClassificationTrainer Preset(string name, TrainerOptions options, InputSchema? inputSchema = null) =>
        ImageClassificationTrainer.FromPreset(name, options, inputSchema);

    /// <summary>A trainer for any spec.</summary>
    public static ImageClassificationTrainer ImageClassification(ArchitectureSpec spec, TrainerOptions options, InputSchema? inputSchema = null) =>
        new(spec, options, inputSchema);
}
