// PlanBuilder: a (possibly overridden) definition tree → PipelinePlan. Reads the top-level sections, binds every
// run (explicit `runs:` first, then each `matrix:` expanded model × optimizer × activation × lr × batch_size),
// repeats them per seed, computes parameter counts (which also proves each architecture fits the input), and
// checks cross-key rules (unique names, monitors that need a validation split). Every problem goes to the sink.
using System.Globalization;
using System.Text.RegularExpressions;
using Experiments.ML.Models;
using Experiments.ML.Training;
using Experiments.ML.Transforms;
using Experiments.Pipelines.Definitions.Yaml;

namespace Experiments.Pipelines.Definitions.Binding;

internal static partial class PlanBuilder
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    private sealed record Draft(string Name, YNode NameAt, BoundModel Model, ArchitectureSpec Spec, TrainerOptions Options, YNode? SeedAt, string SeedPath);

    public static PipelinePlan? Build(YNode? root, string sourcePath, ErrorSink errors)
    {
        if (root is null)
        {
            errors.Add(new SourceMark(sourcePath, 1, 1), "", "the definition is empty; expected a mapping with name, dataset and runs (see pipelines/README.md).");
            return null;
        }
        var top = MapView.Open(root, "", Sections.Root, errors);
        if (top is null) return null;

        var name = top.String("name") ?? "";
        if (name.Length > 0 && !KebabCase().IsMatch(name))
            errors.Add(top.Get("name")!, "name", $"expected a kebab-case name (lowercase letters, digits and '-', e.g. mlp-vs-cnn); found '{name}'.");
        var description = top.String("description") ?? "";

        // dataset
        var datasetName = "";
        string? folder = null;
        var split = new TrainerOptions().ValidationFraction;
        var shape = new InputShape(1, 28, 28);
        var classes = 10;
        if (top.Get("dataset") is { } datasetNode && MapView.Open(datasetNode, "dataset", Sections.Dataset, errors) is { } ds)
        {
            if (ds.TryChoice("name", DefinitionRegistries.Datasets, out var entry))
            {
                datasetName = entry.Name;
                shape = new InputShape(entry.ImageShape.Channels, entry.ImageShape.Height, entry.ImageShape.Width);
                classes = entry.ClassCount;
            }
            folder = ds.String("folder");
            if (ds.Number("validation_split") is { } s) split = s;
        }

        var input = Preprocessing(top.Get("preprocessing"), shape, errors);
        var augmentation = AugmentationBinder.BindList(top.Get("augmentation"), shape.Channels, errors);

        var layers = new List<SettingsLayer>();
        if (top.Get("defaults") is { } defaultsNode)
        {
            if (defaultsNode is YMapping dm) layers.Add(new SettingsLayer(dm, "defaults", Sections.Defaults));
            else errors.Add(defaultsNode, "defaults", $"expected a mapping of training settings (epochs, batch_size, optimizer, ...); found {ScalarReader.Found(defaultsNode)}.");
        }

        var drafts = new List<Draft>();
        if (top.Get("runs") is { } runsNode) drafts.AddRange(Runs(runsNode, layers, errors));
        if (top.Get("matrix") is { } matrixNode) drafts.AddRange(Matrices(matrixNode, layers, errors));
        if (top.Get("runs") is null && top.Get("matrix") is null)
            errors.Add(root, "", "missing 'runs' or 'matrix'; a definition needs at least one run, e.g. runs: [{model: mlp-32-32}].");

        drafts = Seeds(top, drafts, errors);

        var runs = new List<(Draft Draft, long Parameters)>();
        var counts = new Dictionary<ArchitectureSpec, long>();
        foreach (var d in drafts)
        {
            if (!counts.TryGetValue(d.Spec, out var count))
            {
                try
                {
                    count = ModelFactory.CountParameters(d.Spec, shape, classes);
                    counts[d.Spec] = count;
                }
                catch (ArchitectureException e)
                {
                    errors.Add(d.Model.Node, d.Model.Path, $"the architecture does not fit {shape.Channels}×{shape.Height}×{shape.Width} images with {classes} classes: {e.Message}");
                    continue;
                }
            }
            runs.Add((d with { Options = d.Options with { ValidationFraction = split } }, count));
        }

        CheckNames(drafts, errors);
        if (split == 0)
        {
            // Both early stopping and ReduceLROnPlateau need a validation set to watch a val_ metric.
            var needing = drafts
                .Where(d => (d.Options.EarlyStopping?.Monitor.StartsWith("val_", StringComparison.Ordinal) ?? false)
                    || (d.Options.Scheduler.Kind == SchedulerKind.Plateau && d.Options.Scheduler.Monitor.StartsWith("val_", StringComparison.Ordinal)))
                .Select(d => d.Name).ToArray();
            if (needing.Length > 0)
            {
                var at = (top.Get("dataset") as YMapping)?.Get("validation_split") ?? top.Get("dataset") ?? root;
                var shown = string.Join(", ", needing.Take(3)) + (needing.Length > 3 ? $" and {needing.Length - 3} more" : "");
                errors.Add(at, "dataset.validation_split", $"expected a validation split > 0: run(s) {shown} monitor a val_ metric (early_stopping or the plateau scheduler), but the split is 0 so there is no validation set. Set validation_split (e.g. 0.1) or monitor train_loss/train_accuracy.");
            }
        }
        if (errors.Count > 0) return null;

        var settings = runs.Select(r => RunSettings.Of(r.Draft.Model.Label, r.Draft.Spec, r.Draft.Options)).ToList();
        var differing = RunSettings.Differing(settings);
        var planned = runs.Select((r, i) => new PlannedRun(
            r.Draft.Name, r.Draft.Model.Label, r.Draft.Spec, r.Draft.Options, r.Draft.Options.Seed, r.Parameters, settings[i], differing)).ToArray();
        return new PipelinePlan(name, description, sourcePath, datasetName, folder, split, input, augmentation, planned,
            YamlTreeWriter.Write(root));
    }

    private static InputSchema Preprocessing(YNode? node, InputShape shape, ErrorSink errors)
    {
        var schema = new InputSchema { Shape = shape, Mean = Enumerable.Repeat(0.0, shape.Channels).ToArray(), Std = Enumerable.Repeat(1.0, shape.Channels).ToArray() };
        if (node is null) return schema;
        var p = MapView.Open(node, "preprocessing", Sections.Preprocessing, errors);
        if (p?.Get("normalize") is not { } n) return schema;
        if (n is YScalar { Value: "none", Plain: true }) return schema;
        var v = MapView.Open(n, "preprocessing.normalize", Sections.Normalize, errors);
        if (v is null) return schema;
        var mean = v.Numbers("mean", allowScalar: true);
        var std = v.Numbers("std", allowScalar: true);
        foreach (var (key, values) in new[] { ("mean", mean), ("std", std) })
        {
            if (values is not null && values.Count != shape.Channels)
                errors.Add(v.Get(key)!, v.PathOf(key), $"expected {shape.Channels} value(s), one per channel; found {values.Count}.");
        }
        return mean is null || std is null ? schema : schema with { Mean = mean, Std = std };
    }

    private static IEnumerable<Draft> Runs(YNode node, List<SettingsLayer> defaults, ErrorSink errors)
    {
        if (node is not YSequence seq || seq.Items.Count == 0)
        {
            errors.Add(node, "runs", $"expected a non-empty list of runs such as '- {{model: mlp-32-32}}'; found {ScalarReader.Found(node)}.");
            yield break;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var path = $"runs[{i}]";
            var v = MapView.Open(seq.Items[i], path, Sections.Run, errors);
            if (v is null || v.Get("model") is not { } modelNode) continue;
            var model = ArchitectureBinder.Bind(modelNode, v.PathOf("model"), errors);
            var layers = new List<SettingsLayer>(defaults) { new(v.Node, path, Sections.Run) };
            var options = TrainerOptionsBinder.Bind(layers, null, errors);
            if (model is null) continue;
            var spec = model.Spec;
            if (v.TryChoice("activation", DefinitionRegistries.Activations, out var act)) spec = ArchitectureBinder.WithActivation(spec, act);
            var name = v.String("name") ?? model.NamePart;
            yield return new Draft(name, v.Get("name") ?? modelNode, model, spec, options, v.Node.KeyNode("seed"), v.PathOf("seed"));
        }
    }

    private static IEnumerable<Draft> Matrices(YNode node, List<SettingsLayer> defaults, ErrorSink errors)
    {
        if (node is YMapping) return Matrix(node, "matrix", defaults, errors);
        if (node is YSequence seq && seq.Items.Count > 0)
            return seq.Items.SelectMany((m, i) => Matrix(m, $"matrix[{i}]", defaults, errors)).ToList();
        errors.Add(node, "matrix", $"expected a matrix mapping (model: [...], optimizer: [...], ...) or a list of them; found {ScalarReader.Found(node)}.");
        return [];
    }

    private static List<Draft> Matrix(YNode node, string path, List<SettingsLayer> layers, ErrorSink errors)
    {
        var drafts = new List<Draft>();
        var v = MapView.Open(node, path, Sections.Matrix, errors);
        if (v is null) return drafts;

        List<YNode>? Axis(string key)
        {
            if (v.Get(key) is not { } axis) return null;
            if (axis is YSequence { Items.Count: > 0 } s) return s.Items;
            errors.Add(axis, v.PathOf(key), $"expected a non-empty list of {key} values; found {ScalarReader.Found(axis)}.");
            return [];
        }

        var models = (Axis("model") ?? []).Select((m, i) => ArchitectureBinder.Bind(m, $"{v.PathOf("model")}[{i}]", errors)).ToList();
        var optimizers = Axis("optimizer")?.Select((o, i) => ScalarReader.TryChoice(o, $"{v.PathOf("optimizer")}[{i}]", DefinitionRegistries.Optimizers, errors, out var k) ? (OptimizerKind?)k : null).ToList();
        var activations = Axis("activation")?.Select((a, i) => ScalarReader.TryChoice(a, $"{v.PathOf("activation")}[{i}]", DefinitionRegistries.Activations, errors, out var k) ? (ActivationKind?)k : null).ToList();
        var lrSpec = Sections.Optimizer.Field("lr");
        var lrs = Axis("lr")?.Select((n, i) => ScalarReader.Number(n, $"{v.PathOf("lr")}[{i}]", lrSpec, errors)).ToList();
        var batchSpec = Sections.Defaults.Field("batch_size");
        var batches = Axis("batch_size")?.Select((n, i) => ScalarReader.Integer(n, $"{v.PathOf("batch_size")}[{i}]", batchSpec, errors)).ToList();

        foreach (var model in models)
        foreach (var optimizer in optimizers ?? [null])
        foreach (var activation in activations ?? [null])
        foreach (var lr in lrs ?? [null])
        foreach (var batch in batches ?? [null])
        {
            if (model is null) continue;
            var options = TrainerOptionsBinder.Bind(layers, optimizer, errors);
            var parts = new List<string> { model.NamePart };
            var spec = model.Spec;
            if (optimizer is { } o) parts.Add(DefinitionRegistries.Optimizers.NameOf(o));
            if (activation is { } a)
            {
                spec = ArchitectureBinder.WithActivation(spec, a);
                parts.Add(DefinitionRegistries.Activations.NameOf(a));
            }
            if (lr is { } l)
            {
                options = options with { Optimizer = options.Optimizer with { LearningRate = l } };
                parts.Add("lr" + l.ToString("R", CultureInfo.InvariantCulture));
            }
            if (batch is { } b)
            {
                options = options with { BatchSize = b };
                parts.Add("b" + b.ToString(CultureInfo.InvariantCulture));
            }
            drafts.Add(new Draft(string.Join(".", parts), model.Node, model, spec, options, null, ""));
        }
        return drafts;
    }

    private static List<Draft> Seeds(MapView top, List<Draft> drafts, ErrorSink errors)
    {
        if (top.Get("seeds") is not { } node) return drafts;
        if (node is not YSequence { Items.Count: > 0 } seq)
        {
            errors.Add(node, "seeds", $"expected a non-empty list of seeds such as [1, 2, 3]; found {ScalarReader.Found(node)}.");
            return drafts;
        }
        var seeds = new List<ulong>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (ScalarReader.Seed(seq.Items[i], $"seeds[{i}]", errors) is not { } seed) continue;
            if (seeds.Contains(seed)) errors.Add(seq.Items[i], $"seeds[{i}]", $"duplicate seed {seed}; each seed gives one repetition, so list it once.");
            else seeds.Add(seed);
        }
        foreach (var d in drafts.Where(d => d.SeedAt is not null))
            errors.Add(d.SeedAt!, d.SeedPath, "a run sets 'seed' while the definition lists 'seeds:' (which repeats every run per seed); remove one of them.");
        return drafts.SelectMany(d => seeds.Select(s => d with { Name = $"{d.Name}.s{s}", Options = d.Options with { Seed = s } })).ToList();
    }

    private static void CheckNames(List<Draft> drafts, ErrorSink errors)
    {
        foreach (var group in drafts.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First().NameAt.Mark;
            foreach (var d in group.Skip(1))
                errors.Add(d.NameAt, "runs", $"duplicate run name '{d.Name}' (also produced at line {first.Line}, column {first.Column}); run names must be unique because each names an artifact folder. Add 'name:' to one of the runs.");
        }
        foreach (var d in drafts.Where(d => d.Name.Length == 0 || d.Name.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) >= 0 || d.Name is "." or ".."))
            errors.Add(d.NameAt, "runs", $"run name '{d.Name}' cannot be a folder name; use letters, digits, '-', '_' and '.'.");
    }
}
