// comparison.md: the ranked table (ML.NET metric names, parameters, epoch time, best epoch, differing settings),
// seed groups as mean ± std, and one sentence per tested pair.
using System.Text;
using Experiments.ML.Packaging;
using Experiments.Reports.Markdown;
using Experiments.Reports.Statistics;

namespace Experiments.Reports.Comparison;

/// <summary>Renders a <see cref="RunComparison"/> as Markdown.</summary>
public static class ComparisonMarkdownWriter
{
    /// <summary>Writes comparison.md atomically.</summary>
    public static void Write(RunComparison comparison, string path) => AtomicFile.WriteAllText(path, Render(comparison));

    /// <summary>The Markdown text.</summary>
    public static string Render(RunComparison c)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Comparison of {c.Runs.Count} run{(c.Runs.Count == 1 ? "" : "s")}").AppendLine();
        md.AppendLine("Ranked by MicroAccuracy on the test set.").AppendLine();
        string[] header = ["#", "Run", "MicroAccuracy", "MacroAccuracy", "LogLoss", "LogLossReduction", "TopKAccuracy", "Parameters", "Epoch s", "Best epoch", .. c.DifferingSettings];
        md.Append(Md.Table(header, c.Runs.Select(run => (IReadOnlyList<string>)
        [
            run.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Report.RunName,
            Format.Metric(run.Report.TestMetrics.MicroAccuracy), Format.Metric(run.Report.TestMetrics.MacroAccuracy),
            Format.Metric(run.Report.TestMetrics.LogLoss), Format.Metric(run.Report.TestMetrics.LogLossReduction),
            Format.Metric(run.Report.TestMetrics.TopKAccuracy), Format.Count(run.Report.Model.TotalParameters),
            Format.Seconds(run.Report.MeanEpochSeconds), run.Report.History.BestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. run.DifferingValues,
        ])));
        md.AppendLine();
        if (c.DifferingSettings.Count == 0)
            md.AppendLine("All runs share the same settings.").AppendLine();

        if (c.SeedGroups.Count > 0)
        {
            md.AppendLine("## Repeated over seeds (mean ± sample std)").AppendLine();
            md.Append(Md.Table(["Group", "Runs", "Seeds", "MicroAccuracy", "MacroAccuracy", "LogLoss", "Best epoch", "Epoch s"], c.SeedGroups.Select(g => (IReadOnlyList<string>)
            [
                g.Name, g.RunNames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", g.Seeds),
                PlusMinus(g.MicroAccuracy, Format.Metric), PlusMinus(g.MacroAccuracy, Format.Metric), PlusMinus(g.LogLoss, Format.Metric),
                PlusMinus(g.BestEpoch, v => v.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)), PlusMinus(g.MeanEpochSeconds, Format.Seconds),
            ])));
            md.AppendLine();
        }

        md.AppendLine("## Pairwise tests").AppendLine();
        if (c.Pairs.Count == 0)
            md.AppendLine("No two runs share a test set, so no pair was tested.").AppendLine();
        else
        {
            md.AppendLine($"McNemar's test (exact binomial when at most {McNemarTest.ExactLimit} samples are discordant, chi-square with continuity correction otherwise) " +
                          $"and a paired bootstrap {(c.Options.Level * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% interval of the accuracy difference " +
                          $"({c.Options.BootstrapResamples} resamples, seed {c.Options.BootstrapSeed}).").AppendLine();
            foreach (var p in c.Pairs)
                md.AppendLine($"- {Md.Text(p.Sentence)}");
            md.AppendLine();
        }
        foreach (string note in c.Notes)
            md.AppendLine($"> {Md.Text(note)}").AppendLine();
        return md.ToString();
    }

    internal static string PlusMinus(MeanStd value, Func<double, string> format) =>
        double.IsNaN(value.Std) ? format(value.Mean) : $"{format(value.Mean)} ± {format(value.Std)}";
}
