// comparison.json (format "experiments.comparison", version 1; camelCase; invariant numbers; NaN as null):
// { "format", "version",
//   "options": { "bootstrapResamples", "bootstrapSeed", "level" },
//   "differingSettings": [ "optimizer.name", ... ],
//   "runs": [ { "rank", "id", "name", "pipeline", "dataset", "datasetFingerprint", "seed", "totalParameters",
//               "meanEpochSeconds", "bestEpoch", "stopReason", "metrics": { "MicroAccuracy": .., ... },
//               "settings": { "<differing key>": "<value>" } } ],
//   "seedGroups": [ { "name", "runs", "seeds", "microAccuracy": { "mean", "std", "count" }, "macroAccuracy", "logLoss",
//                     "bestEpoch", "meanEpochSeconds" } ],
//   "pairs": [ { "first", "second", "testSamples", "firstAccuracy", "secondAccuracy", "mcnemar": { "onlyFirstCorrect",
//                "onlySecondCorrect", "statistic", "pValue", "method" }, "bootstrap": { "difference", "lower", "upper",
//                "level", "resamples", "seed" }, "significant", "sentence" } ],
//   "notes": [ "..." ] }
// Metric names inside "metrics" are ML.NET's (PascalCase), the same keys as metrics.json.
using System.Text.Json;
using Experiments.ML.Packaging;
using Experiments.Reports.Statistics;

namespace Experiments.Reports.Comparison;

/// <summary>Writes comparison.json.</summary>
public static class ComparisonJsonWriter
{
    /// <summary>The format name of comparison.json.</summary>
    public const string FormatName = "experiments.comparison";

    /// <summary>The version this build writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes comparison.json atomically.</summary>
    public static void Write(RunComparison comparison, string path) => AtomicFile.WriteAllBytes(path, ToBytes(comparison));

    /// <summary>The UTF-8 bytes of comparison.json.</summary>
    public static byte[] ToBytes(RunComparison c)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("version", FormatVersion);
            json.WriteStartObject("options");
            json.WriteNumber("bootstrapResamples", c.Options.BootstrapResamples);
            json.WriteNumber("bootstrapSeed", c.Options.BootstrapSeed);
            json.WriteNumber("level", c.Options.Level);
            json.WriteEndObject();

            json.WriteStartArray("differingSettings");
            foreach (string key in c.DifferingSettings) json.WriteStringValue(key);
            json.WriteEndArray();

            json.WriteStartArray("runs");
            foreach (var run in c.Runs)
            {
                var r = run.Report;
                json.WriteStartObject();
                json.WriteNumber("rank", run.Rank);
                json.WriteString("id", r.RunId);
                json.WriteString("name", r.RunName);
                json.WriteString("pipeline", r.Pipeline);
                json.WriteString("dataset", r.Dataset.Name);
                json.WriteString("datasetFingerprint", r.Dataset.Fingerprint);
                json.WriteNumber("seed", r.Seed);
                json.WriteNumber("totalParameters", r.Model.TotalParameters);
                Number(json, "meanEpochSeconds", r.MeanEpochSeconds);
                json.WriteNumber("bestEpoch", r.History.BestEpoch);
                json.WriteString("stopReason", r.History.StopReason.ToString());
                json.WriteStartObject("metrics");
                foreach (var (name, value) in r.TestMetrics.Headline()) Number(json, name, value);
                json.WriteEndObject();
                json.WriteStartObject("settings");
                for (int i = 0; i < c.DifferingSettings.Count; i++) json.WriteString(c.DifferingSettings[i], run.DifferingValues[i]);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("seedGroups");
            foreach (var g in c.SeedGroups)
            {
                json.WriteStartObject();
                json.WriteString("name", g.Name);
                json.WriteStartArray("runs");
                foreach (string name in g.RunNames) json.WriteStringValue(name);
                json.WriteEndArray();
                json.WriteStartArray("seeds");
                foreach (long seed in g.Seeds) json.WriteNumberValue(seed);
                json.WriteEndArray();
                MeanStdObject(json, "microAccuracy", g.MicroAccuracy);
                MeanStdObject(json, "macroAccuracy", g.MacroAccuracy);
                MeanStdObject(json, "logLoss", g.LogLoss);
                MeanStdObject(json, "bestEpoch", g.BestEpoch);
                MeanStdObject(json, "meanEpochSeconds", g.MeanEpochSeconds);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("pairs");
            foreach (var p in c.Pairs)
            {
                json.WriteStartObject();
                json.WriteString("first", p.First);
                json.WriteString("second", p.Second);
                json.WriteNumber("testSamples", p.TestSamples);
                Number(json, "firstAccuracy", p.FirstAccuracy);
                Number(json, "secondAccuracy", p.SecondAccuracy);
                json.WriteStartObject("mcnemar");
                json.WriteNumber("onlyFirstCorrect", p.McNemar.OnlyFirstCorrect);
                json.WriteNumber("onlySecondCorrect", p.McNemar.OnlySecondCorrect);
                Number(json, "statistic", p.McNemar.Statistic);
                Number(json, "pValue", p.McNemar.PValue);
                json.WriteString("method", p.McNemar.Method == McNemarMethod.ExactBinomial ? "exactBinomial" : "chiSquareContinuityCorrected");
                json.WriteEndObject();
                json.WriteStartObject("bootstrap");
                Number(json, "difference", p.Bootstrap.ObservedDifference);
                Number(json, "lower", p.Bootstrap.Lower);
                Number(json, "upper", p.Bootstrap.Upper);
                Number(json, "level", p.Bootstrap.Level);
                json.WriteNumber("resamples", p.Bootstrap.Resamples);
                json.WriteNumber("seed", p.Bootstrap.Seed);
                json.WriteEndObject();
                json.WriteBoolean("significant", p.Significant);
                json.WriteString("sentence", p.Sentence);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("notes");
            foreach (string note in c.Notes) json.WriteStringValue(note);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void MeanStdObject(Utf8JsonWriter json, string name, MeanStd value)
    {
        json.WriteStartObject(name);
        Number(json, "mean", value.Mean);
        Number(json, "std", value.Std);
        json.WriteNumber("count", value.Count);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
