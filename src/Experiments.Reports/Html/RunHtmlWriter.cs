// report.html for one run: headline metrics (ML.NET names), learning curves (inline SVG), confusion-matrix heatmap,
// per-class precision/recall/F1, misclassified test images (inline PNG data URIs from our PngEncoder), the model
// summary, hyperparameters, per-epoch table, timings and environment. One self-contained file, no script.
using System.Globalization;
using System.Text;
using Experiments.ML.Imaging;
using Experiments.ML.Packaging;
using Experiments.Reports.Model;

namespace Experiments.Reports.Html;

/// <summary>Renders a <see cref="RunReport"/> as one self-contained HTML page.</summary>
public static class RunHtmlWriter
{
    /// <summary>Most misclassified images shown in the grid.</summary>
    public const int MaxImages = 64;

    /// <summary>Writes report.html atomically.</summary>
    public static void Write(RunReport report, string path) => AtomicFile.WriteAllText(path, Render(report));

    /// <summary>The HTML text of the report.</summary>
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = new StringBuilder();
        var history = report.History;
        body.Append($"<h1>{E(report.RunName)}</h1>\n");
        body.Append($"<p class=\"sub\">Pipeline <b>{E(report.Pipeline)}</b> · run <code>{E(report.RunId)}</code> · dataset <b>{E(report.Dataset.Name)}</b> " +
                    $"<code>{E(Short(report.Dataset.Fingerprint))}</code> · seed {report.Seed} · stopped: {E(history.StopReason.ToString())}" +
                    $"{(history.StopMessage is null ? "" : " (" + E(history.StopMessage) + ")")} · best epoch {history.BestEpoch}</p>\n");

        body.Append("<h2>Test metrics</h2>\n");
        var m = report.TestMetrics;
        body.Append(HtmlPage.Table(["Metric (ML.NET name)", "Value"], m.Headline().Select(kv => (IReadOnlyList<string>)
            [E(kv.Key), kv.Key == "TopKPredictionCount" ? kv.Value.ToString(CultureInfo.InvariantCulture) : Format.Metric(kv.Value)])));
        body.Append($"<p class=\"note\">{Format.Count(m.RowCount)} test samples; MicroAccuracy = fraction correct, MacroAccuracy = mean per-class recall, " +
                    "LogLossReduction = (LogLoss(prior) − LogLoss) / LogLoss(prior).</p>\n");

        body.Append("<h2>Learning curves</h2>\n<div class=\"charts\">");
        body.Append(LearningCurves(report));
        body.Append("</div>\n");

        body.Append("<h2>Confusion matrix</h2>\n");
        body.Append(ConfusionHeatmap(m));
        body.Append("<h2>Per-class metrics</h2>\n");
        body.Append(PerClassTable(m));

        body.Append("<h2>Misclassified test images</h2>\n");
        body.Append(MisclassifiedGrid(report));

        if (report.Augmentation is { } augmentation)
        {
            body.Append("<h2>Training augmentation</h2>\n");
            body.Append(AugmentationSection(augmentation));
        }

        body.Append("<h2>Model</h2>\n");
        body.Append($"<p><code>{E(report.Model.Architecture)}</code></p>\n");
        body.Append(HtmlPage.Table(["Layer", "Type", "Output shape", "Parameters"],
            report.Model.Layers.Select(l => (IReadOnlyList<string>)[E(l.Name), E(l.Type), E(l.OutputShape), Format.Count(l.Parameters)])));
        body.Append($"<p>Total parameters: <b>{Format.Count(report.Model.TotalParameters)}</b></p>\n");

        body.Append("<h2>Hyperparameters</h2>\n");
        body.Append(HtmlPage.Table(["Setting", "Value"], report.Hyperparameters.Select(h => (IReadOnlyList<string>)[E(h.Key), E(h.Value)])));

        body.Append("<h2>Epochs</h2>\n");
        body.Append(HtmlPage.Table(["Epoch", "Train loss", "Train acc", "Val loss", "Val acc", "LR", "Seconds", "Samples/s"],
            history.Epochs.Select(e => (IReadOnlyList<string>)[
                e.Epoch == history.BestEpoch ? $"<b>{e.Epoch}</b> (best)" : e.Epoch.ToString(CultureInfo.InvariantCulture),
                Format.Metric(e.TrainLoss), Format.Metric(e.TrainAccuracy), Format.Metric(e.ValidationLoss), Format.Metric(e.ValidationAccuracy),
                E(Format.Plain(e.LearningRate)), Format.Seconds(e.Seconds), Format.Count((long)Math.Round(e.SamplesPerSecond))])));

        body.Append("<h2>Timings and environment</h2>\n");
        var t = report.Timings;
        var env = report.Environment;
        body.Append(HtmlPage.Table(["Item", "Value"], new IReadOnlyList<string>[]
        {
            ["Training", $"{Format.Seconds(t.TrainSeconds)} s"],
            ["Mean epoch", $"{Format.Seconds(report.MeanEpochSeconds)} s"],
            ["Training throughput", $"{Format.Count((long)Math.Round(t.SamplesPerSecond))} samples/s"],
            ["Test evaluation", $"{Format.Seconds(t.EvaluationSeconds)} s"],
            ["OS", E(env.Os)], ["CPU", E(env.Cpu)], [".NET", E(env.DotNet)],
            ["Library version", E(env.LibraryVersion)], ["Git commit", E(env.GitCommit ?? "(not a git checkout)")],
        }));
        return HtmlPage.Wrap($"{report.RunName} — report", body.ToString());
    }

    private static string LearningCurves(RunReport report)
    {
        var epochs = report.History.Epochs;
        string blue = HtmlPage.Palette[0], orange = HtmlPage.Palette[1];
        var loss = new[]
        {
            new ChartSeries("train loss", blue, epochs.Select(e => ((double)e.Epoch, (double?)e.TrainLoss)).ToArray()),
            new ChartSeries("validation loss", orange, epochs.Select(e => ((double)e.Epoch, e.ValidationLoss)).ToArray(), "6 3"),
        };
        var accuracy = new[]
        {
            new ChartSeries("train accuracy", blue, epochs.Select(e => ((double)e.Epoch, (double?)e.TrainAccuracy)).ToArray()),
            new ChartSeries("validation accuracy", orange, epochs.Select(e => ((double)e.Epoch, e.ValidationAccuracy)).ToArray(), "6 3"),
        };
        return LineChart.Render("Loss per epoch", "epoch", "loss", loss) + LineChart.Render("Accuracy per epoch", "epoch", "accuracy", accuracy);
    }

    /// <summary>Rows are true classes, columns predicted; cell colour is the count as a fraction of its row (recall on the diagonal).</summary>
    internal static string ConfusionHeatmap(ReportMetrics m)
    {
        var html = new StringBuilder("<table class=\"cm\"><thead><tr><th class=\"l\">true \\ predicted</th>");
        foreach (string name in m.ClassNames)
            html.Append($"<th>{E(name)}</th>");
        html.Append("<th>Recall</th></tr></thead><tbody>");
        for (int t = 0; t < m.ClassCount; t++)
        {
            long rowTotal = m.ConfusionCounts[t].Sum();
            html.Append($"<tr><th class=\"l\">{E(m.ClassNames[t])}</th>");
            for (int p = 0; p < m.ClassCount; p++)
            {
                long count = m.ConfusionCounts[t][p];
                double share = rowTotal > 0 ? (double)count / rowTotal : 0;
                html.Append($"<td style=\"{CellStyle(share, t == p)}\" title=\"{E(m.ClassNames[t])} → {E(m.ClassNames[p])}: {count}\">{count}</td>");
            }
            html.Append($"<td>{Format.Metric(m.PerClassRecall[t])}</td></tr>");
        }
        html.Append("<tr><th class=\"l\">Precision</th>");
        foreach (double precision in m.PerClassPrecision)
            html.Append($"<td>{Format.Metric(precision)}</td>");
        html.Append("<td></td></tr></tbody></table>\n");
        return html.ToString();
    }

    /// <summary>Blue for the diagonal, red for confusions; intensity √share so small confusions stay visible.</summary>
    private static string CellStyle(double share, bool diagonal)
    {
        double a = Math.Sqrt(Math.Clamp(share, 0, 1));
        var (r, g, b) = diagonal ? (31, 119, 180) : (214, 39, 40);
        int R = (int)Math.Round(255 + (r - 255) * a), G = (int)Math.Round(255 + (g - 255) * a), B = (int)Math.Round(255 + (b - 255) * a);
        string text = a > 0.6 ? "#fff" : "#222";
        return $"background:rgb({R},{G},{B});color:{text}";
    }

    private static string PerClassTable(ReportMetrics m) =>
        HtmlPage.Table(["Class", "Precision", "Recall", "F1", "LogLoss", "Support"],
            Enumerable.Range(0, m.ClassCount).Select(c => (IReadOnlyList<string>)[
                E(m.ClassNames[c]), Format.Metric(m.PerClassPrecision[c]), Format.Metric(m.PerClassRecall[c]), Format.Metric(m.PerClassF1[c]),
                Format.Metric(m.PerClassLogLoss[c]), Format.Count(m.ConfusionCounts[c].Sum())])
            .Append(["<b>Macro</b>", "", Format.Metric(m.MacroAccuracy), Format.Metric(m.MacroF1), Format.Metric(m.LogLoss), Format.Count(m.RowCount)]));

    private static string MisclassifiedGrid(RunReport report)
    {
        var images = report.Predictions.Misclassified;
        long wrong = report.Predictions.Predicted.Zip(report.Predictions.Actual).Count(p => p.First != p.Second);
        if (images.Count == 0)
            return $"<p class=\"note\">{(wrong == 0 ? "No test image was misclassified." : $"{Format.Count(wrong)} test images were misclassified; none were stored with the report.")}</p>\n";
        var names = report.ClassNames;
        var html = new StringBuilder($"<p class=\"note\">Showing {Math.Min(images.Count, MaxImages)} of {Format.Count(wrong)} misclassified test images, labelled true → predicted.</p>\n<div class=\"grid\">");
        foreach (var image in images.Take(MaxImages))
        {
            string png = Convert.ToBase64String(PngEncoder.EncodeGray(image.Pixels, image.Width, image.Height));
            string label = $"{Name(names, image.TrueLabel)} → {Name(names, image.PredictedLabel)}";
            html.Append($"<figure><img alt=\"{E(label)}\" src=\"data:image/png;base64,{png}\"><figcaption>#{image.Index}<br>{E(label)}</figcaption></figure>");
        }
        return html.Append("</div>\n").ToString();
    }

    private static string AugmentationSection(AugmentationSummary augmentation)
    {
        var html = new StringBuilder("<p>Applied in this order to every training batch (never to validation or test images):</p>\n<ol>");
        foreach (var step in augmentation.Steps) html.Append($"<li><code>{E(step)}</code></li>");
        html.Append("</ol>\n");
        if (augmentation.PreviewPng is { Length: > 0 } png)
            html.Append("<p class=\"note\">Training images (left of each pair) beside one random augmentation of each (right).</p>\n")
                .Append($"<img class=\"preview\" alt=\"augmentation preview\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">\n");
        return html.ToString();
    }

    private static string Name(IReadOnlyList<string> names, int label) =>
        (uint)label < (uint)names.Count ? names[label] : label.ToString(CultureInfo.InvariantCulture);

    private static string Short(string fingerprint) => fingerprint.Length > 16 ? fingerprint[..16] + "…" : fingerprint;

    private static string E(string? s) => Html.Escape(s);
}
