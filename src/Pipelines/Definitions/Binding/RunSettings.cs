// RunSettings: a run's hyperparameters flattened to key → text for reports and comparisons (DVC's params.yaml
// layout), plus the keys that differ between runs ("only the settings that differ" in comparison tables).
using System.Globalization;
using Experiments.ML.Models;
using Experiments.ML.Training;

namespace Experiments.Pipelines.Definitions.Binding;

internal static class RunSettings
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static Dictionary<string, string> Of(string modelLabel, ArchitectureSpec spec, TrainerOptions o)
    {
        var s = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = modelLabel,
            ["architecture"] = spec.Kind,
            ["activation"] = ArchitectureBinder.ActivationsOf(spec),
            ["optimizer"] = DefinitionRegistries.Optimizers.NameOf(o.Optimizer.Kind),
            ["lr"] = F(o.Optimizer.LearningRate),
            ["weight_decay"] = F(o.Optimizer.WeightDecay),
        };
        var opt = o.Optimizer;
        if (opt.Momentum is { } m) s["momentum"] = F(m);
        if (opt.Kind is OptimizerKind.Adam or OptimizerKind.AdamW or OptimizerKind.NAdam) s["betas"] = $"[{F(opt.Beta1)}, {F(opt.Beta2)}]";
        if (opt.Epsilon is { } eps) s["eps"] = F(eps);
        if (opt.Kind == OptimizerKind.RMSprop)
        {
            s["alpha"] = F(opt.Alpha);
            s["centered"] = opt.Centered ? "true" : "false";
        }
        var sch = o.Scheduler;
        s["scheduler"] = DefinitionRegistries.Schedulers.NameOf(sch.Kind);
        switch (sch.Kind)
        {
            case SchedulerKind.Step: s["scheduler.step_size"] = sch.StepSize.ToString(CultureInfo.InvariantCulture); s["scheduler.gamma"] = F(sch.Gamma); break;
            case SchedulerKind.MultiStep: s["scheduler.milestones"] = $"[{string.Join(", ", sch.Milestones)}]"; s["scheduler.gamma"] = F(sch.Gamma); break;
            case SchedulerKind.Exponential: s["scheduler.gamma"] = F(sch.Gamma); break;
            case SchedulerKind.Cosine: s["scheduler.t_max"] = sch.TMax?.ToString(CultureInfo.InvariantCulture) ?? "epochs"; s["scheduler.eta_min"] = F(sch.MinLearningRate); break;
            case SchedulerKind.OneCycle: s["scheduler.max_lr"] = sch.MaxLearningRate is { } max ? F(max) : "lr"; s["scheduler.pct_start"] = F(sch.PctStart); break;
            case SchedulerKind.Plateau:
                s["scheduler.monitor"] = sch.Monitor;
                s["scheduler.mode"] = sch.Mode;
                s["scheduler.factor"] = F(sch.Factor);
                s["scheduler.patience"] = sch.Patience.ToString(CultureInfo.InvariantCulture);
                break;
        }
        s["loss"] = DefinitionRegistries.Losses.NameOf(o.Loss);
        if (o.LabelSmoothing != 0) s["label_smoothing"] = F(o.LabelSmoothing);
        s["init"] = DefinitionRegistries.Inits.NameOf(o.Init.Kind);
        if (o.Init.Kind == InitKind.Normal) s["init.std"] = F(o.Init.Std);
        if (o.Init.Kind == InitKind.Uniform) s["init.range"] = F(o.Init.Range);
        s["epochs"] = o.Epochs.ToString(CultureInfo.InvariantCulture);
        s["batch_size"] = o.BatchSize.ToString(CultureInfo.InvariantCulture);
        s["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture);
        s["early_stopping"] = o.EarlyStopping is { } es
            ? $"{es.Monitor} {es.Mode ?? (es.Monitor.EndsWith("accuracy", StringComparison.Ordinal) ? "max" : "min")} patience {es.Patience} min_delta {F(es.MinDelta)}"
            : "off";
        if (o.ClipGradNorm is { } cn) s["clip_grad_norm"] = F(cn);
        if (o.ClipGradValue is { } cv) s["clip_grad_value"] = F(cv);
        return s;
    }

    /// <summary>Keys whose value differs between runs (or is missing in some), in first-seen order.</summary>
    public static string[] Differing(IReadOnlyList<Dictionary<string, string>> runs)
    {
        var keys = runs.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal);
        return keys.Where(k => runs.Select(r => r.GetValueOrDefault(k)).Distinct(StringComparer.Ordinal).Count() > 1).ToArray();
    }
}
