// OverrideApplier: command-line overrides onto a definition tree. `--set key.path=value` navigates mappings and
// list indices (runs[0].optimizer.lr), creating missing mapping keys, and grafts the value parsed as YAML; every
// grafted node is marked with the argument's position ("--set" as the file, the n-th --set as the line, the
// character as the column), so a bad key or value is reported exactly like one written in the file.
using Experiments.Pipelines.Definitions.Yaml;

namespace Experiments.Pipelines.Definitions.Binding;

internal static class OverrideApplier
{
    /// <summary>
    /// Applies <paramref name="overrides"/> to <paramref name="root"/>. The typed run overrides are written into the
    /// tree as <c>defaults</c> keys and removed from every run (and --seed removes <c>seeds:</c>), so the tree, and the
    /// resolved YAML written from it, says exactly what will run.
    /// </summary>
    public static void Apply(YMapping root, PipelineOverrides overrides, ErrorSink errors)
    {
        if (overrides.Dataset is { } dataset) SetDataset(root, "name", new YScalar(new SourceMark("--dataset", 0, 0), dataset, plain: true));
        if (overrides.DataDir is { } dir) SetDataset(root, "folder", new YScalar(new SourceMark("--data-dir", 0, 0), dir, plain: false));
        for (var i = 0; i < overrides.Set.Count; i++) ApplySet(root, overrides.Set[i], i + 1, errors);

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Force(root, "--epochs", "epochs", overrides.Epochs?.ToString(inv));
        Force(root, "--seed", "seed", overrides.Seed?.ToString(inv));
        Force(root, "--threads", "threads", overrides.Threads?.ToString(inv));
        if (overrides.Seed is not null) root.Remove("seeds");
    }

    /// <summary>Sets <c>defaults.key</c> to <paramref name="value"/> (marked with the option) and removes the key from every run.</summary>
    private static void Force(YMapping root, string option, string key, string? value)
    {
        if (value is null) return;
        var mark = new SourceMark(option, 0, 0);
        if (root.Get("defaults") is not YMapping defaults)
        {
            if (root.Get("defaults") is not null) return; // a non-mapping defaults is reported by the binder
            defaults = new YMapping(mark, []);
            root.Set(new YScalar(mark, "defaults", plain: true), defaults);
        }
        defaults.Set(new YScalar(mark, key, plain: true), new YScalar(mark, value, plain: true));
        if (root.Get("runs") is YSequence runs)
            foreach (var run in runs.Items.OfType<YMapping>()) run.Remove(key);
    }

    private static void SetDataset(YMapping root, string key, YScalar value)
    {
        if (root.Get("dataset") is not YMapping dataset)
        {
            dataset = new YMapping(value.Mark, []);
            root.Set(new YScalar(value.Mark, "dataset", plain: true), dataset);
        }
        dataset.Set(new YScalar(value.Mark, key, plain: true), value);
    }

    private static void ApplySet(YMapping root, string argument, int line, ErrorSink errors)
    {
        SourceMark At(int index) => new("--set", line, index + 1);
        var eq = argument.IndexOf('=');
        if (eq <= 0)
        {
            errors.Add(At(0), "", $"expected key.path=value (e.g. defaults.optimizer.lr=0.001); found '{argument}'.");
            return;
        }
        var value = YamlTreeReader.Read(argument[(eq + 1)..], errors, m => At(eq + (int)m.Column));
        value ??= new YScalar(At(eq + 1), "", plain: true);

        YNode current = root;
        var path = "";
        var position = 0;
        var segments = argument[..eq].Split('.');
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            var bracket = segment.IndexOf('[');
            var key = bracket < 0 ? segment : segment[..bracket];
            var last = s == segments.Length - 1;
            if (key.Length == 0)
            {
                errors.Add(At(position), path, $"expected a key name in '{argument[..eq]}' (segments are separated by '.', list items written key[0]); found an empty segment.");
                return;
            }
            var indices = new List<int>();
            if (bracket >= 0)
            {
                foreach (var part in segment[bracket..].Split('[', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!part.EndsWith(']') || !int.TryParse(part[..^1], out var index) || index < 0)
                    {
                        errors.Add(At(position + bracket), path, $"expected a list index such as {key}[0]; found '{segment}'.");
                        return;
                    }
                    indices.Add(index);
                }
            }
            path = path.Length == 0 ? key : $"{path}.{key}";
            if (current is not YMapping map)
            {
                errors.Add(At(position), path, $"cannot set '{key}' inside {current.Describe()} at '{path[..Math.Max(0, path.Length - key.Length - 1)]}'; only mappings have keys.");
                return;
            }
            var keyNode = new YScalar(At(position), key, plain: true);
            var child = map.Get(key);
            if (indices.Count == 0)
            {
                if (last) { map.Set(keyNode, value); return; }
                if (child is null)
                {
                    child = new YMapping(At(position), []);
                    map.Set(keyNode, child);
                }
                current = child;
            }
            else
            {
                if (child is null)
                {
                    errors.Add(At(position), path, $"'{key}' is not in the definition, so it has no item [{indices[0]}].{ErrorSink.DidYouMean(key, map.Entries.Select(e => e.Key.Value))}");
                    return;
                }
                for (var k = 0; k < indices.Count; k++)
                {
                    if (child is not YSequence seq || indices[k] >= seq.Items.Count)
                    {
                        var count = child is YSequence sq ? $"a list of {sq.Items.Count} (indices 0 to {sq.Items.Count - 1})" : child.Describe();
                        errors.Add(At(position + bracket), $"{path}[{indices[k]}]", $"no item [{indices[k]}]: '{path}' is {count}.");
                        return;
                    }
                    path += $"[{indices[k]}]";
                    if (last && k == indices.Count - 1)
                    {
                        seq.Items[indices[k]] = value;
                        return;
                    }
                    child = seq.Items[indices[k]];
                }
                current = child;
            }
            position += segment.Length + 1;
        }
    }
}
