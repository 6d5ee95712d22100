// The results table printed at the end of a pipeline and by `compare`: one row per run, ranked by test accuracy,
// with the settings that differ between runs, then the significance sentences of the adjacent pairs.
using Experiments.Reports;
using Experiments.Reports.Comparison;
using Spectre.Console;

namespace Experiments.Pipelines.Commands;

/// <summary>Renders a <see cref="RunComparison"/> for the terminal.</summary>
internal static class ResultsTable
{
    /// <summary>Most pair sentences printed (the comparison files hold all of them).</summary>
    public const int MaxSentences = 5;

    public static void Write(IAnsiConsole console, RunComparison comparison)
    {
        var table = new Table().AddColumns("#", "run");
        foreach (var key in comparison.DifferingSettings) table.AddColumn(Markup.Escape(key));
        table.AddColumns("test acc", "macro acc", "log loss", "params", "best epoch", "train s");
        foreach (var run in comparison.Runs)
        {
            var r = run.Report;
            var cells = new List<string> { run.Rank.ToString(), Markup.Escape(r.RunName) };
            cells.AddRange(run.DifferingValues.Select(Markup.Escape));
            cells.AddRange([
                Format.Percent(r.TestMetrics.MicroAccuracy), Format.Percent(r.TestMetrics.MacroAccuracy), Format.Metric(r.TestMetrics.LogLoss),
                Format.Count(r.Model.TotalParameters), r.History.BestEpoch.ToString(), Format.Seconds(r.Timings.TrainSeconds),
            ]);
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        // Adjacent pairs in rank order say whether each step down the ranking is a real difference.
        var ranks = comparison.Runs.ToDictionary(r => r.Report.RunName, r => r.Rank);
        var adjacent = comparison.Pairs
            .Where(p => ranks.TryGetValue(p.First, out int a) && ranks.TryGetValue(p.Second, out int b) && Math.Abs(a - b) == 1)
            .Take(MaxSentences);
        foreach (var pair in adjacent) console.WriteLine(pair.Sentence);
        foreach (var note in comparison.Notes) console.WriteLine(note);
    }
}
