// ModelJson.Training: the JSON of TrainerOptions and its parts (optimizer, scheduler, init, early stopping).
//   {"epochs": 10, "batch_size": 64,
//    "optimizer": {"kind": "adam", "learning_rate": 0.001, "weight_decay": 0, "momentum": null, "beta1": 0.9,
//                  "beta2": 0.999, "epsilon": null, "alpha": 0.99, "centered": false},
//    "scheduler": {"kind": "none", "step_size": 10, "gamma": 0.1, "milestones": [], "t_max": null, ...},
//    "loss": "cross_entropy", "label_smoothing": 0, "init": {"kind": "default", "std": 0.01, "range": 0.05},
//    "seed": 42, "validation_fraction": 0.1, "early_stopping": null | {"monitor", "mode", "patience", "min_delta"},
//    "clip_grad_norm": null, "clip_grad_value": null, "threads": null, "checkpoint_directory": null}
using System.Text.Json;
using Experiments.ML.Training;

namespace Experiments.ML.Models;

public static partial class ModelJson
{
    internal static void WriteTrainerOptions(Utf8JsonWriter w, TrainerOptions t)
    {
        ArgumentNullException.ThrowIfNull(t);
        w.WriteStartObject();
        w.WriteNumber("epochs", t.Epochs);
        w.WriteNumber("batch_size", t.BatchSize);

        var opt = t.Optimizer;
        w.WriteStartObject("optimizer");
        w.WriteString("kind", JsonNames.Optimizer.Name(opt.Kind));
        w.WriteNumber("learning_rate", opt.LearningRate);
        w.WriteNumber("weight_decay", opt.WeightDecay);
        WriteNullable(w, "momentum", opt.Momentum);
        w.WriteNumber("beta1", opt.Beta1);
        w.WriteNumber("beta2", opt.Beta2);
        WriteNullable(w, "epsilon", opt.Epsilon);
        w.WriteNumber("alpha", opt.Alpha);
        w.WriteBoolean("centered", opt.Centered);
        w.WriteEndObject();

        var s = t.Scheduler;
        w.WriteStartObject("scheduler");
        w.WriteString("kind", JsonNames.Scheduler.Name(s.Kind));
        w.WriteNumber("step_size", s.StepSize);
        w.WriteNumber("gamma", s.Gamma);
        WriteInts(w, "milestones", s.Milestones);
        WriteNullable(w, "t_max", s.TMax);
        w.WriteNumber("min_learning_rate", s.MinLearningRate);
        WriteNullable(w, "max_learning_rate", s.MaxLearningRate);
        w.WriteNumber("pct_start", s.PctStart);
        w.WriteString("monitor", s.Monitor);
        w.WriteString("mode", s.Mode);
        w.WriteNumber("factor", s.Factor);
        w.WriteNumber("patience", s.Patience);
        w.WriteNumber("threshold", s.Threshold);
        w.WriteString("threshold_mode", s.ThresholdMode);
        w.WriteNumber("cooldown", s.Cooldown);
        w.WriteEndObject();

        w.WriteString("loss", JsonNames.Loss.Name(t.Loss));
        w.WriteNumber("label_smoothing", t.LabelSmoothing);
        w.WriteStartObject("init");
        w.WriteString("kind", JsonNames.Init.Name(t.Init.Kind));
        w.WriteNumber("std", t.Init.Std);
        w.WriteNumber("range", t.Init.Range);
        w.WriteEndObject();
        w.WriteNumber("seed", t.Seed);
        w.WriteNumber("validation_fraction", t.ValidationFraction);
        if (t.EarlyStopping is { } es)
        {
            w.WriteStartObject("early_stopping");
            w.WriteString("monitor", es.Monitor);
            if (es.Mode is { } mode) w.WriteString("mode", mode);
            else w.WriteNull("mode");
            w.WriteNumber("patience", es.Patience);
            w.WriteNumber("min_delta", es.MinDelta);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("early_stopping");
        }
        WriteNullable(w, "clip_grad_norm", t.ClipGradNorm);
        WriteNullable(w, "clip_grad_value", t.ClipGradValue);
        WriteNullable(w, "threads", t.Threads);
        if (t.CheckpointDirectory is { } dir) w.WriteString("checkpoint_directory", dir);
        else w.WriteNull("checkpoint_directory");
        w.WriteEndObject();
    }

    internal static TrainerOptions ReadTrainerOptions(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var d = new TrainerOptions();
        var options = new TrainerOptions
        {
            Epochs = o.Int("epochs", d.Epochs),
            BatchSize = o.Int("batch_size", d.BatchSize),
            Optimizer = o.Optional("optimizer") is { } opt ? ReadOptimizer(opt, o.At("optimizer")) : d.Optimizer,
            Scheduler = o.Optional("scheduler") is { } s ? ReadScheduler(s, o.At("scheduler")) : d.Scheduler,
            Loss = o.OptionalString("loss") is { } loss ? JsonNames.Loss.Parse(loss, o.At("loss")) : d.Loss,
            LabelSmoothing = o.Double("label_smoothing", d.LabelSmoothing),
            Init = o.Optional("init") is { } init ? ReadInit(init, o.At("init")) : d.Init,
            Seed = o.ULong("seed", d.Seed),
            ValidationFraction = o.Double("validation_fraction", d.ValidationFraction),
            EarlyStopping = o.Optional("early_stopping") is { } es ? ReadEarlyStopping(es, o.At("early_stopping")) : null,
            ClipGradNorm = o.OptionalDouble("clip_grad_norm"),
            ClipGradValue = o.OptionalDouble("clip_grad_value"),
            Threads = o.OptionalInt("threads"),
            CheckpointDirectory = o.OptionalString("checkpoint_directory"),
        };
        o.Finish();
        return options;
    }

    private static OptimizerOptions ReadOptimizer(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var d = new OptimizerOptions();
        var options = new OptimizerOptions
        {
            Kind = o.OptionalString("kind") is { } k ? JsonNames.Optimizer.Parse(k, o.At("kind")) : d.Kind,
            LearningRate = o.Double("learning_rate", d.LearningRate),
            WeightDecay = o.Double("weight_decay", d.WeightDecay),
            Momentum = o.OptionalDouble("momentum"),
            Beta1 = o.Double("beta1", d.Beta1),
            Beta2 = o.Double("beta2", d.Beta2),
            Epsilon = o.OptionalDouble("epsilon"),
            Alpha = o.Double("alpha", d.Alpha),
            Centered = o.Bool("centered", d.Centered),
        };
        o.Finish();
        return options;
    }

    private static SchedulerOptions ReadScheduler(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var d = new SchedulerOptions();
        var options = new SchedulerOptions
        {
            Kind = o.OptionalString("kind") is { } k ? JsonNames.Scheduler.Parse(k, o.At("kind")) : d.Kind,
            StepSize = o.Int("step_size", d.StepSize),
            Gamma = o.Double("gamma", d.Gamma),
            Milestones = o.Optional("milestones") is { } m ? JsonFields.Array(m, o.At("milestones"), JsonFields.Int) : d.Milestones,
            TMax = o.OptionalInt("t_max"),
            MinLearningRate = o.Double("min_learning_rate", d.MinLearningRate),
            MaxLearningRate = o.OptionalDouble("max_learning_rate"),
            PctStart = o.Double("pct_start", d.PctStart),
            Monitor = o.OptionalString("monitor") ?? d.Monitor,
            Mode = o.OptionalString("mode") ?? d.Mode,
            Factor = o.Double("factor", d.Factor),
            Patience = o.Int("patience", d.Patience),
            Threshold = o.Double("threshold", d.Threshold),
            ThresholdMode = o.OptionalString("threshold_mode") ?? d.ThresholdMode,
            Cooldown = o.Int("cooldown", d.Cooldown),
        };
        o.Finish();
        return options;
    }

    private static InitOptions ReadInit(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var d = new InitOptions();
        var options = new InitOptions
        {
            Kind = o.OptionalString("kind") is { } k ? JsonNames.Init.Parse(k, o.At("kind")) : d.Kind,
            Std = o.Double("std", d.Std),
            Range = o.Double("range", d.Range),
        };
        o.Finish();
        return options;
    }

    private static EarlyStoppingOptions ReadEarlyStopping(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var d = new EarlyStoppingOptions();
        var options = new EarlyStoppingOptions
        {
            Monitor = o.OptionalString("monitor") ?? d.Monitor,
            Mode = o.OptionalString("mode"),
            Patience = o.Int("patience", d.Patience),
            MinDelta = o.Double("min_delta", d.MinDelta),
        };
        o.Finish();
        return options;
    }
}
