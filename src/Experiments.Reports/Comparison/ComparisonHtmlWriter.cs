// comparison.html: ranked table, settings that differ, overlaid validation accuracy and loss curves (inline SVG),
// seed groups (mean ± sample std) and the pairwise verdicts. One self-contained file, no script.
using System.Globalization;
using System.Text;
using Experiments.Reports.Html;
using Html = Experiments.Reports.Html;
using Experiments.ML.Packaging;
using Experiments.Reports.Statistics;

namespace Experiments.Reports.Comparison;

/// <summary>Renders a <see cref="RunComparison"/> as one self-contained HTML page.</summary>
public static class ComparisonHtmlWriter
{
    private static readonly string?[] Dashes = [null, "6 3", "2 2", "8 3 2 3"];

    /// <summary>Writes comparison.html atomically.</summary>
    public static void Write(RunComparison comparison, string path) => AtomicFile.WriteAllText(path, Render(comparison));

    /// <summary>The HTML text.</summary>
    public static string Render(RunComparison c)
    {
        var body = new StringBuilder();
        var pipelines = c.Runs.Select(r => r.Report.Pipeline).Distinct().ToArray();
        body.Append($"<h1>Comparison of {c.Runs.Count} run{(c.Runs.Count == 1 ? "" : "s")}</h1>\n");
        body.Append($"<p class=\"sub\">Pipeline{(pipelines.Length == 1 ? "" : "s")} {E(string.Join(", ", pipelines))} · ranked by MicroAccuracy on the test set</p>\n");

        string[] header = ["#", "Run", "MicroAccuracy", "MacroAccuracy", "LogLoss", "LogLossReduction", "TopKAccuracy", "Parameters", "Epoch s", "Best epoch", .. c.DifferingSettings.Select(E)];
        body.Append(HtmlTable(header, c.Runs.Select(run =>
        {
            var r = run.Report;
            var m = r.TestMetrics;
            return (IReadOnlyList<string>)
            [
                run.Rank.ToString(CultureInfo.InvariantCulture), $"<b>{E(r.RunName)}</b>", Format.Metric(m.MicroAccuracy), Format.Metric(m.MacroAccuracy),
                Format.Metric(m.LogLoss), Format.Metric(m.LogLossReduction), Format.Metric(m.TopKAccuracy), Format.Count(r.Model.TotalParameters),
                Format.Seconds(r.MeanEpochSeconds), r.History.BestEpoch.ToString(CultureInfo.InvariantCulture), .. run.DifferingValues.Select(E),
            ];
        })));
        body.Append(c.DifferingSettings.Count == 0
            ? "<p class=\"note\">All runs share the same settings.</p>\n"
            : $"<p class=\"note\">Only settings that differ between runs are shown ({c.DifferingSettings.Count}).</p>\n");

        body.Append("<h2>Validation curves</h2>\n<div class=\"charts\">");
        var accuracy = new List<ChartSeries>();
        var loss = new List<ChartSeries>();
        for (int i = 0; i < c.Runs.Count; i++)
        {
            var r = c.Runs[i].Report;
            string color = PaletteColor(i);
            string? dash = Dashes[(i / 10) % Dashes.Length];
            bool hasValidation = r.History.Epochs.Any(e => e.ValidationAccuracy is not null);
            // Without a validation set the training curve stands in, and the legend says so.
            accuracy.Add(new ChartSeries(hasValidation ? r.RunName : r.RunName + " (train)", color,
                r.History.Epochs.Select(e => ((double)e.Epoch, hasValidation ? e.ValidationAccuracy : e.TrainAccuracy)).ToArray(), dash));
            loss.Add(new ChartSeries(hasValidation ? r.RunName : r.RunName + " (train)", color,
                r.History.Epochs.Select(e => ((double)e.Epoch, hasValidation ? e.ValidationLoss : e.TrainLoss)).ToArray(), dash));
        }
        body.Append(LineChart.Render("Validation accuracy per epoch", "epoch", "validation accuracy", accuracy));
        body.Append(LineChart.Render("Validation loss per epoch", "epoch", "validation loss", loss));
        body.Append("</div>\n");

        if (c.SeedGroups.Count > 0)
        {
            body.Append("<h2>Repeated over seeds</h2>\n<p class=\"note\">Mean ± sample standard deviation (n − 1).</p>\n");
            body.Append(HtmlTable(["Group", "Runs", "Seeds", "MicroAccuracy", "MacroAccuracy", "LogLoss", "Best epoch", "Epoch s"], c.SeedGroups.Select(g => (IReadOnlyList<string>)
            [
                E(g.Name), g.RunNames.Count.ToString(CultureInfo.InvariantCulture), E(string.Join(", ", g.Seeds)),
                E(ComparisonMarkdownWriter.PlusMinus(g.MicroAccuracy, Format.Metric)), E(ComparisonMarkdownWriter.PlusMinus(g.MacroAccuracy, Format.Metric)),
                E(ComparisonMarkdownWriter.PlusMinus(g.LogLoss, Format.Metric)),
                E(ComparisonMarkdownWriter.PlusMinus(g.BestEpoch, v => v.ToString("F1", CultureInfo.InvariantCulture))),
                E(ComparisonMarkdownWriter.PlusMinus(g.MeanEpochSeconds, Format.Seconds)),
            ])));
        }

        body.Append("<h2>Pairwise tests</h2>\n");
        if (c.Pairs.Count == 0)
            body.Append("<p class=\"note\">No two runs share a test set, so no pair was tested.</p>\n");
        else
        {
            body.Append($"<p class=\"note\">McNemar's test on the test predictions (exact binomial when at most {McNemarTest.ExactLimit} samples are discordant, " +
                        $"chi-square with continuity correction otherwise) and a paired bootstrap {(c.Options.Level * 100).ToString("0.#", CultureInfo.InvariantCulture)}% " +
                        $"interval of the accuracy difference in points ({c.Options.BootstrapResamples} resamples, seed {c.Options.BootstrapSeed}).</p>\n<ul>");
            foreach (var p in c.Pairs)
                body.Append(p.Significant ? $"<li class=\"verdict\"><b>{E(p.Sentence)}</b></li>" : $"<li class=\"verdict\">{E(p.Sentence)}</li>");
            body.Append("</ul>\n");
        }
        foreach (string note in c.Notes)
            body.Append($"<p class=\"note\">{E(note)}</p>\n");
        return HtmlPage.Wrap("Run comparison", body.ToString());
    }

    private static string PaletteColor(int i) => HtmlPage.Palette[i % HtmlPage.Palette.Length];

    private static string HtmlTable(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) => HtmlPage.Table(header, rows);

    private static string E(string? s) => Html.Html.Escape(s);
}
