// TrainerOptionsBinder: the training keys of `defaults:`, a run and the command-line overrides, applied in that order
// onto TrainerOptions' own defaults. Mappings (optimizer, scheduler, init, early_stopping) overlay key by key, so a
// run writing `optimizer: {lr: 0.1}` keeps the default optimizer kind; keys that do not apply to the final kind
// (betas on sgd) are errors at the place they were written.
using Experiments.ML.Training;
using Experiments.Pipelines.Definitions.Yaml;

namespace Experiments.Pipelines.Definitions.Binding;

/// <summary>One layer of training settings: a mapping, the key path it lives at and the section declaring its keys.</summary>
internal sealed record SettingsLayer(YMapping Map, string Path, SectionSpec Section);

internal static class TrainerOptionsBinder
{
    private static readonly string[] RunOnlyKeys = ["name", "model", "activation"];

    public static TrainerOptions Bind(IReadOnlyList<SettingsLayer> layers, OptimizerKind? optimizerOverride, ErrorSink errors)
    {
        var optimizerKind = optimizerOverride ?? Effective(layers, "optimizer", DefinitionRegistries.Optimizers, OptimizerKind.Adam, errors);
        var schedulerKind = Effective(layers, "scheduler", DefinitionRegistries.Schedulers, SchedulerKind.None, errors);
        var initKind = Effective(layers, "init", DefinitionRegistries.Inits, InitKind.Default, errors);

        var o = new TrainerOptions
        {
            Optimizer = new OptimizerOptions { Kind = optimizerKind },
            Scheduler = new SchedulerOptions { Kind = schedulerKind },
            Init = new InitOptions { Kind = initKind },
        };
        foreach (var layer in layers)
        {
            var v = MapView.Open(layer.Map, layer.Path, layer.Section, errors);
            if (v is null) continue;
            if (v.Integer("epochs") is { } epochs) o = o with { Epochs = epochs };
            if (v.Integer("batch_size") is { } batch) o = o with { BatchSize = batch };
            if (v.TryChoice("loss", DefinitionRegistries.Losses, out var loss)) o = o with { Loss = loss };
            if (v.Number("label_smoothing") is { } ls) o = o with { LabelSmoothing = ls };
            if (v.Seed("seed") is { } seed) o = o with { Seed = seed };
            if (v.IsNull("clip_grad_norm")) o = o with { ClipGradNorm = null };
            else if (v.Number("clip_grad_norm") is { } cn) o = o with { ClipGradNorm = cn };
            if (v.IsNull("clip_grad_value")) o = o with { ClipGradValue = null };
            else if (v.Number("clip_grad_value") is { } cv) o = o with { ClipGradValue = cv };
            if (v.IsNull("threads")) o = o with { Threads = null };
            else if (v.Integer("threads") is { } threads) o = o with { Threads = threads };
            o = o with
            {
                Optimizer = Optimizer(v, o.Optimizer),
                Scheduler = Scheduler(v, o.Scheduler),
                Init = Init(v, o.Init),
                EarlyStopping = EarlyStopping(v, o.EarlyStopping),
            };
        }
        if (o.Optimizer.Kind == OptimizerKind.Nesterov && o.Optimizer.Momentum == 0)
        {
            var at = layers.Select(l => Sub(l.Map, "optimizer", "momentum")).LastOrDefault(n => n is not null);
            errors.Add(at is null ? layers[0].Map.Mark : at.Mark, "optimizer.momentum", "expected momentum > 0 for nesterov (PyTorch requires it); found 0. Use sgd for no momentum.");
        }
        return o;
    }

    /// <summary>Keys a run may write besides the training keys.</summary>
    public static IReadOnlyCollection<string> RunKeys => RunOnlyKeys;

    private static YNode? Sub(YMapping map, string key, string child) => (map.Get(key) as YMapping)?.Get(child);

    /// <summary>The kind the last layer names (a bare name or a mapping's kind), so every layer's keys are checked against it.</summary>
    private static T Effective<T>(IReadOnlyList<SettingsLayer> layers, string key, NameRegistry<T> registry, T fallback, ErrorSink errors)
    {
        var kind = fallback;
        foreach (var layer in layers)
        {
            var node = layer.Map.Get(key);
            var path = layer.Path.Length == 0 ? key : $"{layer.Path}.{key}";
            if (node is YMapping m) (node, path) = (m.Get("kind"), path + ".kind");
            if (node is YScalar { IsNull: false } && ScalarReader.TryChoice(node, path, registry, errors, out var value)) kind = value;
        }
        return kind;
    }

    /// <summary>The mapping under <paramref name="key"/>, opened against its section for <paramref name="kind"/>; null for a bare name.</summary>
    private static MapView? Nested(MapView v, string key, SectionSpec section, string kind)
    {
        var node = v.Get(key);
        if (node is null || node is YScalar { IsNull: false }) return null;
        return MapView.Open(node, v.PathOf(key), section, v.Errors, kind, ignore: ["kind"]);
    }

    private static OptimizerOptions Optimizer(MapView layer, OptimizerOptions o)
    {
        if (Nested(layer, "optimizer", Sections.Optimizer, DefinitionRegistries.Optimizers.NameOf(o.Kind)) is not { } v) return o;
        if (v.Number("lr") is { } lr) o = o with { LearningRate = lr };
        if (v.Number("weight_decay") is { } wd) o = o with { WeightDecay = wd };
        if (v.Number("momentum") is { } m) o = o with { Momentum = m };
        if (v.Pair("betas") is { } b) o = o with { Beta1 = b.A, Beta2 = b.B };
        if (v.Number("eps") is { } eps) o = o with { Epsilon = eps };
        if (v.Number("alpha") is { } alpha) o = o with { Alpha = alpha };
        if (v.Boolean("centered") is { } c) o = o with { Centered = c };
        return o;
    }

    private static SchedulerOptions Scheduler(MapView layer, SchedulerOptions o)
    {
        if (Nested(layer, "scheduler", Sections.Scheduler, DefinitionRegistries.Schedulers.NameOf(o.Kind)) is not { } v) return o;
        if (v.Integer("step_size") is { } step) o = o with { StepSize = step };
        if (v.Number("gamma") is { } gamma) o = o with { Gamma = gamma };
        if (v.Integers("milestones") is { } ms)
        {
            if (ms.Zip(ms.Skip(1)).Any(p => p.First >= p.Second))
                v.Errors.Add(v.Get("milestones")!, v.PathOf("milestones"), $"expected increasing epochs; found [{string.Join(", ", ms)}].");
            o = o with { Milestones = ms };
        }
        if (v.Integer("t_max") is { } tmax) o = o with { TMax = tmax };
        if (v.Number("eta_min") is { } etaMin) o = o with { MinLearningRate = etaMin };
        if (v.Number("min_lr") is { } minLr) o = o with { MinLearningRate = minLr };
        if (v.Number("max_lr") is { } maxLr) o = o with { MaxLearningRate = maxLr };
        if (v.Number("pct_start") is { } pct) o = o with { PctStart = pct };
        if (v.TryChoice("monitor", DefinitionRegistries.Monitors, out var monitor)) o = o with { Monitor = monitor };
        if (v.TryChoice("mode", DefinitionRegistries.Modes, out var mode)) o = o with { Mode = mode };
        if (v.Number("factor") is { } factor) o = o with { Factor = factor };
        if (v.Integer("patience") is { } patience) o = o with { Patience = patience };
        if (v.Number("threshold") is { } threshold) o = o with { Threshold = threshold };
        if (v.TryChoice("threshold_mode", DefinitionRegistries.ThresholdModes, out var tm)) o = o with { ThresholdMode = tm };
        if (v.Integer("cooldown") is { } cooldown) o = o with { Cooldown = cooldown };
        return o;
    }

    private static InitOptions Init(MapView layer, InitOptions o)
    {
        if (Nested(layer, "init", Sections.Init, DefinitionRegistries.Inits.NameOf(o.Kind)) is not { } v) return o;
        if (v.Number("std") is { } std) o = o with { Std = std };
        if (v.Number("range") is { } range) o = o with { Range = range };
        return o;
    }

    private static EarlyStoppingOptions? EarlyStopping(MapView layer, EarlyStoppingOptions? o)
    {
        var node = layer.Get("early_stopping");
        if (node is null) return o;
        var path = layer.PathOf("early_stopping");
        if (node is YScalar)
            return ScalarReader.Boolean(node, path, layer.Errors) switch { true => o ?? new(), false => null, null => o };
        var v = MapView.Open(node, path, Sections.EarlyStopping, layer.Errors);
        if (v is null) return o;
        var e = o ?? new EarlyStoppingOptions();
        if (v.TryChoice("monitor", DefinitionRegistries.Monitors, out var monitor)) e = e with { Monitor = monitor };
        if (v.TryChoice("mode", DefinitionRegistries.Modes, out var mode)) e = e with { Mode = mode };
        if (v.Integer("patience") is { } patience) e = e with { Patience = patience };
        if (v.Number("min_delta") is { } delta) e = e with { MinDelta = delta };
        return e;
    }
}
