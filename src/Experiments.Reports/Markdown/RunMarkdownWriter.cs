// report.md for one run: the same facts as report.html in GitHub-flavoured Markdown tables (no images), for
// reading in a terminal or a pull request. Table cells escape '|' and line breaks.
using System.Globalization;
using System.Text;
using Experiments.ML.Packaging;
using Experiments.Reports.Model;

namespace Experiments.Reports.Markdown;

/// <summary>Renders a <see cref="RunReport"/> as Markdown.</summary>
public static class RunMarkdownWriter
{
    /// <summary>Writes report.md atomically.</summary>
    public static void Write(RunReport report, string path) => AtomicFile.WriteAllText(path, Render(report));

    /// <summary>The Markdown text of the report.</summary>
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var h = report.History;
        var m = report.TestMetrics;
        md.AppendLine($"# {Md.Text(report.RunName)}").AppendLine();
        md.AppendLine($"Pipeline `{Md.Code(report.Pipeline)}`, run `{Md.Code(report.RunId)}`, dataset {Md.Text(report.Dataset.Name)} (`{Md.Code(report.Dataset.Fingerprint)}`), seed {report.Seed}.  ");
        md.AppendLine($"Stopped: {h.StopReason}{(h.StopMessage is null ? "" : $" ({Md.Text(h.StopMessage)})")}; best epoch {h.BestEpoch} of {h.Epochs.Count}.").AppendLine();

        md.AppendLine("## Test metrics").AppendLine();
        md.Append(Md.Table(["Metric", "Value"], m.Headline().Select(kv => (IReadOnlyList<string>)
            [kv.Key, kv.Key == "TopKPredictionCount" ? kv.Value.ToString(CultureInfo.InvariantCulture) : Format.Metric(kv.Value)])));
        md.AppendLine();

        md.AppendLine("## Per-class metrics").AppendLine();
        md.Append(Md.Table(["Class", "Precision", "Recall", "F1", "Support"], Enumerable.Range(0, m.ClassCount).Select(c => (IReadOnlyList<string>)
            [m.ClassNames[c], Format.Metric(m.PerClassPrecision[c]), Format.Metric(m.PerClassRecall[c]), Format.Metric(m.PerClassF1[c]), Format.Count(m.ConfusionCounts[c].Sum())])));
        md.AppendLine();

        md.AppendLine("## Confusion matrix (rows: true, columns: predicted)").AppendLine();
        md.Append(Md.Table(["true \\ predicted", .. m.ClassNames], Enumerable.Range(0, m.ClassCount).Select(t => (IReadOnlyList<string>)
            [m.ClassNames[t], .. m.ConfusionCounts[t].Select(c => c.ToString(CultureInfo.InvariantCulture))])));
        md.AppendLine();

        md.AppendLine("## Epochs").AppendLine();
        md.Append(Md.Table(["Epoch", "Train loss", "Train acc", "Val loss", "Val acc", "LR", "Seconds"], h.Epochs.Select(e => (IReadOnlyList<string>)
            [e.Epoch == h.BestEpoch ? $"**{e.Epoch}**" : e.Epoch.ToString(CultureInfo.InvariantCulture), Format.Metric(e.TrainLoss), Format.Metric(e.TrainAccuracy),
             Format.Metric(e.ValidationLoss), Format.Metric(e.ValidationAccuracy), Format.Plain(e.LearningRate), Format.Seconds(e.Seconds)])));
        md.AppendLine();

        md.AppendLine("## Model").AppendLine();
        md.AppendLine($"`{Md.Code(report.Model.Architecture)}`").AppendLine();
        md.Append(Md.Table(["Layer", "Type", "Output shape", "Parameters"], report.Model.Layers.Select(l => (IReadOnlyList<string>)
            [l.Name, l.Type, l.OutputShape, Format.Count(l.Parameters)])));
        md.AppendLine().AppendLine($"Total parameters: {Format.Count(report.Model.TotalParameters)}").AppendLine();

        md.AppendLine("## Hyperparameters").AppendLine();
        md.Append(Md.Table(["Setting", "Value"], report.Hyperparameters.Select(p => (IReadOnlyList<string>)[p.Key, p.Value])));
        md.AppendLine();

        var t = report.Timings;
        var env = report.Environment;
        md.AppendLine("## Timings and environment").AppendLine();
        md.Append(Md.Table(["Item", "Value"], new IReadOnlyList<string>[]
        {
            ["Training", $"{Format.Seconds(t.TrainSeconds)} s"], ["Mean epoch", $"{Format.Seconds(report.MeanEpochSeconds)} s"],
            ["Training throughput", $"{Format.Count((long)Math.Round(t.SamplesPerSecond))} samples/s"], ["Test evaluation", $"{Format.Seconds(t.EvaluationSeconds)} s"],
            ["OS", env.Os], ["CPU", env.Cpu], [".NET", env.DotNet], ["Library version", env.LibraryVersion], ["Git commit", env.GitCommit ?? "(none)"],
        }));
        return md.ToString();
    }
}

/// <summary>Markdown escaping and tables.</summary>
internal static class Md
{
    /// <summary>Escapes Markdown punctuation that would change inline text, and flattens line breaks.</summary>
    public static string Text(string s)
    {
        var result = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#')
                result.Append('\\');
            result.Append(c is '\r' or '\n' ? ' ' : c);
        }
        return result.ToString();
    }

    /// <summary>Text inside a code span: backticks cannot be escaped there, so they become ', and line breaks spaces.</summary>
    public static string Code(string s) => s.Replace('`', '\'').Replace('\r', ' ').Replace('\n', ' ');

    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var md = new StringBuilder();
        md.Append("| ").Append(string.Join(" | ", header.Select(Cell))).AppendLine(" |");
        md.Append('|').Append(string.Join("|", header.Select((_, i) => i == 0 ? "---" : "---:"))).AppendLine("|");
        foreach (var row in rows)
            md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).AppendLine(" |");
        return md.ToString();
    }

    private static string Cell(string s) => s.Replace("\\", "\\\\").Replace("|", "\\|").Replace('\r', ' ').Replace('\n', ' ');
}
