// The entry points the command line calls: every file of a run folder, and every comparison file of a pipeline
// folder (or of a `compare` invocation), each written temp-then-rename.
using Experiments.Reports.Comparison;
using Experiments.Reports.Html;
using Experiments.Reports.Json;
using Experiments.Reports.Markdown;
using Experiments.Reports.Model;

namespace Experiments.Reports;

/// <summary>Writes the report files of a run and of a comparison.</summary>
public static class ReportWriter
{
    /// <summary>The files <see cref="WriteRun"/> writes into a run folder.</summary>
    public static readonly IReadOnlyList<string> RunFiles = ["report.json", "report.md", "report.html", "metrics.csv", "metrics.json", "params.yaml"];

    /// <summary>The files <see cref="WriteComparison"/> writes.</summary>
    public static readonly IReadOnlyList<string> ComparisonFiles = ["comparison.json", "comparison.md", "comparison.html", "metrics.json", "params.yaml"];

    /// <summary>Writes report.json, report.md, report.html, metrics.csv (per epoch), metrics.json and params.yaml (DVC) into <paramref name="folder"/>.</summary>
    public static void WriteRun(RunReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        RequireFolder(folder);
        ReportJsonWriter.Write(report, Path.Combine(folder, "report.json"));
        RunMarkdownWriter.Write(report, Path.Combine(folder, "report.md"));
        RunHtmlWriter.Write(report, Path.Combine(folder, "report.html"));
        MetricsCsvWriter.Write(report.History, Path.Combine(folder, "metrics.csv"));
        DvcFiles.Write(report, folder);
    }

    /// <summary>Writes comparison.json/.md/.html and the nested metrics.json and params.yaml into <paramref name="folder"/>.</summary>
    public static void WriteComparison(RunComparison comparison, string folder)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        RequireFolder(folder);
        ComparisonJsonWriter.Write(comparison, Path.Combine(folder, "comparison.json"));
        ComparisonMarkdownWriter.Write(comparison, Path.Combine(folder, "comparison.md"));
        ComparisonHtmlWriter.Write(comparison, Path.Combine(folder, "comparison.html"));
        DvcFiles.Write(comparison.Runs.Select(r => r.Report).ToArray(), folder);
    }

    private static void RequireFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
            throw new ReportException($"the folder '{folder}' does not exist; create the run folder before writing its reports.", folder);
    }
}
