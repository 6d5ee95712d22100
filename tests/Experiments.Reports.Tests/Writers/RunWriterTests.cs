// The run folder: every file written temp-then-rename, metrics.csv per epoch, DVC metrics.json and params.yaml, report.md.
using System.Text.Json;
using Experiments.ML.Training;
using Experiments.Reports.Markdown;
using Experiments.Reports.Model;
using Experiments.Reports.Tests.Support;

namespace Experiments.Reports.Tests.Writers;

public class RunWriterTests
{
    [Fact]
    public void WriteRun_writes_every_file_and_no_temp_files_remain()
    {
        using var temp = new TempFolder();
        ReportWriter.WriteRun(SyntheticRuns.Create("cnn-s3", 0.87), temp.Path);
        Assert.Equal(ReportWriter.RunFiles.Order(), Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Writing_into_a_missing_folder_names_the_folder()
    {
        var e = Assert.Throws<ReportException>(() => ReportWriter.WriteRun(SyntheticRuns.Create("x", 0.8), "/nonexistent/run-folder"));
        Assert.Contains("'/nonexistent/run-folder' does not exist", e.Message);
    }

    [Fact]
    public void Metrics_csv_has_a_header_and_one_invariant_row_per_epoch_with_empty_missing_values()
    {
        var history = new TrainingHistory(
        [
            new EpochRecord(1, 0.5, 0.8, 0.55, 0.79, 0.001, 2.5, 24000),
            new EpochRecord(2, 0.4, 0.85, null, null, 0.0005, 2.25, 26666.5),
        ], StopReason.Completed, 1);
        string csv = MetricsCsvWriter.Render(history);
        Assert.Equal(
            "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second\n" +
            "1,0.5,0.8,0.55,0.79,0.001,2.5,24000\n" +
            "2,0.4,0.85,,,0.0005,2.25,26666.5\n", csv);
    }

    [Fact]
    public void Params_yaml_nests_dotted_keys_and_quotes_what_yaml_would_misread()
    {
        string yaml = DvcFiles.Yaml(
        [
            new("optimizer.name", "adam"), new("epochs", "6"), new("optimizer.lr", "0.001"), new("augment.flip", "true"),
            new("dataset", "no"), new("note", "a: b # c"), new("schedule.kind", "step"),
        ], indent: 0);
        Assert.Equal(
            "optimizer:\n  name: adam\n  lr: 0.001\nepochs: 6\naugment:\n  flip: true\ndataset: \"no\"\nnote: \"a: b # c\"\nschedule:\n  kind: step\n", yaml);
    }

    [Fact]
    public void Params_yaml_falls_back_to_flat_keys_when_a_key_is_also_a_prefix()
    {
        string yaml = DvcFiles.Yaml([new("optimizer", "adam"), new("optimizer.lr", "0.01")], indent: 0);
        Assert.Equal("optimizer: adam\noptimizer.lr: 0.01\n", yaml);
    }

    [Fact]
    public void Metrics_json_is_flat_with_ml_net_names_and_nan_as_null()
    {
        var report = SyntheticRuns.Create("a", 0.9);
        report = report with { TestMetrics = report.TestMetrics with { LogLossReduction = double.NaN } };
        var root = JsonDocument.Parse(DvcFiles.MetricsJson(report)).RootElement;
        Assert.Equal(report.TestMetrics.MicroAccuracy, root.GetProperty("MicroAccuracy").GetDouble());
        Assert.Equal(3, root.GetProperty("TopKPredictionCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("LogLossReduction").ValueKind);
        Assert.Equal(report.History.BestEpoch, root.GetProperty("BestEpoch").GetInt32());
    }

    [Fact]
    public void Report_markdown_has_the_tables_and_escapes_pipes()
    {
        var report = SyntheticRuns.Create("cnn|s3", 0.87, hyperparameters: [new Hyperparameter("note", "a|b")]);
        string md = RunMarkdownWriter.Render(report);
        Assert.StartsWith("# cnn\\|s3\n", md);
        Assert.Contains("| note | a\\|b |", md);
        Assert.Contains("| MicroAccuracy | " + Format.Metric(report.TestMetrics.MicroAccuracy) + " |", md);
        Assert.Contains("## Confusion matrix", md);
    }

    [Fact]
    public void SelectMisclassified_takes_the_first_wrong_samples_with_their_pixels()
    {
        int[] predicted = [0, 2, 1, 1, 0];
        int[] actual = [0, 1, 1, 0, 2];
        var images = Enumerable.Range(0, 5 * 4).Select(i => (byte)i).ToArray();   // 2×2 images
        var selected = TestPredictions.SelectMisclassified(predicted, actual, images, max: 2, width: 2, height: 2);
        Assert.Equal([1, 3], selected.Select(s => s.Index));
        Assert.Equal(new byte[] { 4, 5, 6, 7 }, selected[0].Pixels);
        Assert.Equal((1, 2), (selected[0].TrueLabel, selected[0].PredictedLabel));
        var e = Assert.Throws<ArgumentException>(() => TestPredictions.SelectMisclassified(predicted, actual, images, width: 28, height: 28));
        Assert.Contains("5 samples × 28×28 = 3920", e.Message);
    }
}
