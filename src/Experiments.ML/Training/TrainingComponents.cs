// TrainingComponents: TrainerOptions → engine optimizer and scheduler (PyTorch defaults where an option is
// unset), and the validation of the options that quotes the bad value and the allowed ones.
using System.Globalization;
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.ML.Training;

internal static class TrainingComponents
{
    public static readonly string[] Monitors = ["val_loss", "val_accuracy", "train_loss", "train_accuracy"];

    /// <summary>Checks the options (shape-independent parts); throws <see cref="ArgumentException"/> naming the key.</summary>
    public static void Validate(TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs < 1) throw Bad("epochs", options.Epochs, "at least 1");
        if (options.BatchSize < 1) throw Bad("batch_size", options.BatchSize, "at least 1");
        if (!(options.ValidationFraction >= 0 && options.ValidationFraction < 1)) throw Bad("validation_fraction", options.ValidationFraction, "in [0, 1): 0 for none, e.g. 0.1 for 10%");
        if (!(options.LabelSmoothing >= 0 && options.LabelSmoothing <= 1)) throw Bad("label_smoothing", options.LabelSmoothing, "in [0, 1]");
        if (options.LabelSmoothing != 0 && options.Loss != LossKind.CrossEntropy) throw Bad("label_smoothing", options.LabelSmoothing, "0 unless loss is cross_entropy");
        if (options.ClipGradNorm is { } norm && !(norm > 0)) throw Bad("clip_grad_norm", norm, "a positive number or null");
        if (options.ClipGradValue is { } value && !(value > 0)) throw Bad("clip_grad_value", value, "a positive number or null");
        if (options.Threads is { } threads && threads < 1) throw Bad("threads", threads, "at least 1 or null (all cores)");
        if (options.EarlyStopping is { } es)
        {
            if (!Monitors.Contains(es.Monitor)) throw Bad("early_stopping.monitor", es.Monitor, string.Join(", ", Monitors));
            if (es.Mode is not (null or "min" or "max")) throw Bad("early_stopping.mode", es.Mode, "min, max or null (max for accuracies, min for losses)");
            if (es.Patience < 1) throw Bad("early_stopping.patience", es.Patience, "at least 1");
            if (!(es.MinDelta >= 0)) throw Bad("early_stopping.min_delta", es.MinDelta, "≥ 0");
        }
        var s = options.Scheduler;
        if (s.Kind == SchedulerKind.Plateau)
        {
            if (!Monitors.Contains(s.Monitor)) throw Bad("scheduler.monitor", s.Monitor, string.Join(", ", Monitors));
            if (s.Mode is not ("min" or "max")) throw Bad("scheduler.mode", s.Mode, "min or max");
            if (s.ThresholdMode is not ("rel" or "abs")) throw Bad("scheduler.threshold_mode", s.ThresholdMode, "rel or abs");
        }
    }

    /// <summary>The monitor actually read: without a validation set, val_x falls back to train_x.</summary>
    public static string ResolveMonitor(string monitor, bool hasValidation) =>
        hasValidation || !monitor.StartsWith("val_", StringComparison.Ordinal) ? monitor : "train_" + monitor["val_".Length..];

    public static Optimizer CreateOptimizer(OptimizerOptions o, IEnumerable<Parameter> parameters) => o.Kind switch
    {
        OptimizerKind.Sgd => new SGD(parameters, o.LearningRate, momentum: o.Momentum ?? 0, weightDecay: o.WeightDecay),
        OptimizerKind.Momentum => new SGD(parameters, o.LearningRate, momentum: o.Momentum ?? 0.9, weightDecay: o.WeightDecay),
        OptimizerKind.Nesterov => new SGD(parameters, o.LearningRate, momentum: o.Momentum ?? 0.9, weightDecay: o.WeightDecay, nesterov: true),
        OptimizerKind.RMSprop => new RMSprop(parameters, o.LearningRate, o.Alpha, o.Epsilon ?? 1e-8, o.WeightDecay, o.Momentum ?? 0, o.Centered),
        OptimizerKind.Adam => new Adam(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon ?? 1e-8, o.WeightDecay),
        OptimizerKind.AdamW => new AdamW(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon ?? 1e-8, o.WeightDecay),
        OptimizerKind.NAdam => new NAdam(parameters, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon ?? 1e-8, o.WeightDecay),
        OptimizerKind.Adagrad => new Adagrad(parameters, o.LearningRate, weightDecay: o.WeightDecay, eps: o.Epsilon ?? 1e-10),
        _ => throw Bad("optimizer.kind", o.Kind, "sgd, momentum, nesterov, rmsprop, adam, adamw, nadam or adagrad"),
    };

    /// <summary>The scheduler for <paramref name="s"/>, or null for a constant LR. OneCycle spans epochs × batches steps.</summary>
    public static ILearningRateScheduler? CreateScheduler(SchedulerOptions s, Optimizer optimizer, int epochs, int batchesPerEpoch) => s.Kind switch
    {
        SchedulerKind.None => null,
        SchedulerKind.Step => new StepLR(optimizer, s.StepSize, s.Gamma),
        SchedulerKind.MultiStep => new MultiStepLR(optimizer, s.Milestones, s.Gamma),
        SchedulerKind.Exponential => new ExponentialLR(optimizer, s.Gamma),
        SchedulerKind.Cosine => new CosineAnnealingLR(optimizer, s.TMax ?? epochs, s.MinLearningRate),
        SchedulerKind.OneCycle => new OneCycleLR(optimizer, s.MaxLearningRate ?? optimizer.LearningRate, totalSteps: epochs * batchesPerEpoch,
            pctStart: s.PctStart, cycleMomentum: optimizer is IMomentumTarget),
        SchedulerKind.Plateau => new ReduceLROnPlateau(optimizer, s.Mode == "max" ? PlateauMode.Max : PlateauMode.Min, s.Factor, s.Patience,
            s.Threshold, s.ThresholdMode == "abs" ? ThresholdMode.Abs : ThresholdMode.Rel, s.Cooldown, s.MinLearningRate),
        _ => throw Bad("scheduler.kind", s.Kind, "none, step, multistep, exponential, cosine, onecycle or plateau"),
    };

    private static ArgumentException Bad(string key, object? found, string expected) =>
        new($"TrainerOptions.{key}: expected {expected}; found {Convert.ToString(found, CultureInfo.InvariantCulture) ?? "null"}.", "options");
}
