// `compare <folder...> [--output DIR]`: reads the report.json of finished runs (run folders, or pipeline output
// folders holding run folders), ranks them, tests every pair on the same test set (McNemar, paired bootstrap),
// prints the results table and writes comparison.json/.md/.html (default: into the single folder given, else
// into ./comparison-<UTC timestamp>).
using System.CommandLine;
using System.Globalization;
using Experiments.Reports;
using Experiments.Reports.Comparison;

namespace Experiments.Pipelines.Commands;

/// <summary>The <c>compare</c> verb.</summary>
internal static class CompareCommand
{
    public static Command Create(TextWriter output)
    {
        var folders = new Argument<string[]>("folder")
        {
            Description = "Run folders (with report.json) or pipeline output folders (their run subfolders are read).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outputOption = new Option<string?>("--output", "-o")
        {
            Description = "Where to write comparison.json/.md/.html (default: the folder given, when there is one; else ./comparison-<timestamp>).",
        };
        var command = new Command("compare", "Rank finished runs and test their differences (McNemar, paired bootstrap); writes comparison files.");
        command.Add(folders);
        command.Add(outputOption);
        command.SetAction(parsed => Cli.Execute(parsed, _ =>
            Compare(output, parsed.GetRequiredValue(folders), parsed.GetValue(outputOption))));
        return command;
    }

    internal static int Compare(TextWriter output, IReadOnlyList<string> folders, string? destination)
    {
        var reports = RunComparer.Load(folders);
        RunComparison comparison = RunComparer.Compare(reports);
        destination ??= folders.Count == 1
            ? folders[0]
            : Path.Combine(Directory.GetCurrentDirectory(), "comparison-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(destination);
        ReportWriter.WriteComparison(comparison, destination);
        ResultsTable.Write(Cli.Console(output), comparison);
        output.WriteLine($"Compared {reports.Count} runs; wrote {string.Join(", ", ReportWriter.ComparisonFiles)} to {Path.GetFullPath(destination)}");
        return ExitCodes.Ok;
    }
}
