// DVC's plain layouts, so `dvc metrics diff` / `dvc params diff` and similar tools read our runs:
// metrics.json is a JSON object of final metrics (flat for one run, nested by run name for a comparison) and
// params.yaml is YAML of the settings, nested along the dotted key paths (optimizer.lr → optimizer: {lr: ...}).
// When a key is both a value and a prefix (optimizer = adam and optimizer.lr = 0.01) nesting is impossible, so the
// file falls back to flat dotted keys, which DVC reports under the same names.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.ML.Packaging;
using Experiments.Reports.Model;

namespace Experiments.Reports.Markdown;

/// <summary>Writes metrics.json and params.yaml in DVC's plain layout.</summary>
public static partial class DvcFiles
{
    /// <summary>Flat metrics.json of one run (ML.NET names; NaN as null).</summary>
    public static string MetricsJson(RunReport report) => JsonText(json => WriteMetrics(json, report));

    /// <summary>Nested metrics.json of several runs: { "&lt;run name&gt;": { metrics } }.</summary>
    public static string MetricsJson(IReadOnlyList<RunReport> reports) => JsonText(json =>
    {
        json.WriteStartObject();
        foreach (var report in reports)
        {
            json.WritePropertyName(report.RunName);
            WriteMetrics(json, report);
        }
        json.WriteEndObject();
    });

    /// <summary>params.yaml of one run: its hyperparameters and seed.</summary>
    public static string ParamsYaml(RunReport report) => Yaml(Settings(report), indent: 0);

    /// <summary>params.yaml of several runs, one top-level key per run name.</summary>
    public static string ParamsYaml(IReadOnlyList<RunReport> reports)
    {
        var yaml = new StringBuilder();
        foreach (var report in reports)
            yaml.Append(Key(report.RunName)).Append(":\n").Append(Yaml(Settings(report), indent: 2));
        return yaml.ToString();
    }

    /// <summary>Writes metrics.json and params.yaml of one run into <paramref name="folder"/>.</summary>
    public static void Write(RunReport report, string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.json"), MetricsJson(report));
        AtomicFile.WriteAllText(Path.Combine(folder, "params.yaml"), ParamsYaml(report));
    }

    /// <summary>Writes metrics.json and params.yaml of several runs into <paramref name="folder"/>.</summary>
    public static void Write(IReadOnlyList<RunReport> reports, string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.json"), MetricsJson(reports));
        AtomicFile.WriteAllText(Path.Combine(folder, "params.yaml"), ParamsYaml(reports));
    }

    private static IReadOnlyList<Hyperparameter> Settings(RunReport report) =>
        report.Hyperparameters.Any(h => h.Key == "seed")
            ? report.Hyperparameters
            : [.. report.Hyperparameters, new Hyperparameter("seed", report.Seed.ToString(CultureInfo.InvariantCulture))];

    private static void WriteMetrics(Utf8JsonWriter json, RunReport report)
    {
        json.WriteStartObject();
        foreach (var (name, value) in report.TestMetrics.Headline())
        {
            if (double.IsFinite(value)) json.WriteNumber(name, value);
            else json.WriteNull(name);
        }
        json.WriteNumber("BestEpoch", report.History.BestEpoch);
        json.WriteNumber("TotalParameters", report.Model.TotalParameters);
        json.WriteNumber("MeanEpochSeconds", report.MeanEpochSeconds);
        json.WriteEndObject();
    }

    private static string JsonText(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            write(json);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Nested YAML when the dotted keys form a tree, flat dotted keys otherwise.</summary>
    public static string Yaml(IReadOnlyList<Hyperparameter> settings, int indent = 0)
    {
        var keys = settings.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        bool nestable = settings.All(s => !s.Key.Split('.').Any(string.IsNullOrEmpty))
                        && !settings.Any(s => keys.Any(k => k.StartsWith(s.Key + ".", StringComparison.Ordinal)));
        var yaml = new StringBuilder();
        string pad = new(' ', indent);
        if (!nestable)
        {
            foreach (var s in settings)
                yaml.Append(pad).Append(Key(s.Key)).Append(": ").Append(Scalar(s.Value)).Append('\n');
            return yaml.ToString();
        }
        // Keys sharing a first segment are written under one section, in first-seen order.
        WriteLevel(yaml, settings.Select(s => (Parts: s.Key.Split('.'), s.Value)).ToList(), 0, pad);
        return yaml.ToString();
    }

    private static void WriteLevel(StringBuilder yaml, List<(string[] Parts, string Value)> items, int depth, string pad)
    {
        foreach (var group in items.GroupBy(i => i.Parts[depth]))
        {
            string indent = pad + new string(' ', 2 * depth);
            var first = group.First();
            if (first.Parts.Length == depth + 1)
                yaml.Append(indent).Append(Key(group.Key)).Append(": ").Append(Scalar(first.Value)).Append('\n');
            else
            {
                yaml.Append(indent).Append(Key(group.Key)).Append(":\n");
                WriteLevel(yaml, group.ToList(), depth + 1, pad);
            }
        }
    }

    /// <summary>A plain scalar when it is a number or a simple word YAML reads as a string; double-quoted (JSON escapes) otherwise.</summary>
    public static string Scalar(string value)
    {
        if (NumberPattern().IsMatch(value) || value is "true" or "false")
            return value;
        if (WordPattern().IsMatch(value) && !ReservedWords.Contains(value.ToLowerInvariant()))
            return value;
        return Quote(value);
    }

    private static string Key(string key) => WordPattern().IsMatch(key) && !ReservedWords.Contains(key.ToLowerInvariant()) ? key : Quote(key);

    private static string Quote(string value) => JsonSerializer.Serialize(value, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> ReservedWords = ["null", "~", "yes", "no", "on", "off", "y", "n", "true", "false", ".nan", ".inf"];

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*$")]
    private static partial Regex WordPattern();
}
