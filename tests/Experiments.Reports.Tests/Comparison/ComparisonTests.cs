// The comparison: ranking, only differing settings, seed groups with mean ± sample std, pairwise verdicts on the
// same test set only, loading run folders, and determinism.
using System.Text.Json;
using System.Text.RegularExpressions;
using Experiments.Reports.Comparison;
using Experiments.Reports.Model;
using Experiments.Reports.Statistics;
using Experiments.Reports.Tests.Support;

namespace Experiments.Reports.Tests.Comparison;

public class ComparisonTests
{
    private static IReadOnlyList<Hyperparameter> Settings(string optimizer, string lr, string activation = "relu") =>
        [new("epochs", "6"), new("optimizer.name", optimizer), new("optimizer.lr", lr), new("activation", activation)];

    [Fact]
    public void Runs_are_ranked_by_micro_accuracy_and_only_differing_settings_are_listed()
    {
        var runs = new[]
        {
            SyntheticRuns.Create("mlp-sgd", 0.80, hyperparameters: Settings("sgd", "0.01")),
            SyntheticRuns.Create("mlp-adam", 0.88, hyperparameters: Settings("adam", "0.01")),
            SyntheticRuns.Create("mlp-rmsprop", 0.84, hyperparameters: Settings("rmsprop", "0.01")),
        };
        var c = RunComparer.Compare(runs);
        Assert.Equal(["mlp-adam", "mlp-rmsprop", "mlp-sgd"], c.Runs.Select(r => r.Report.RunName));
        Assert.Equal([1, 2, 3], c.Runs.Select(r => r.Rank));
        Assert.Equal(["optimizer.name"], c.DifferingSettings);
        Assert.DoesNotContain("optimizer.lr", c.DifferingSettings);
        Assert.DoesNotContain("activation", c.DifferingSettings);
        Assert.Equal("adam", c.Runs[0].DifferingValues[c.DifferingSettings.ToList().IndexOf("optimizer.name")]);
    }

    [Fact]
    public void A_setting_missing_from_some_runs_differs_and_shows_a_dash()
    {
        var a = SyntheticRuns.Create("a", 0.8, hyperparameters: [new("dropout", "0.2")]);
        var b = SyntheticRuns.Create("b", 0.7, hyperparameters: []);
        var c = RunComparer.Compare([a, b]);
        int index = c.DifferingSettings.ToList().IndexOf("dropout");
        Assert.True(index >= 0, "dropout differs (present vs absent) but is not listed");
        Assert.Equal("—", c.Runs[1].DifferingValues[index]);
    }

    [Fact]
    public void Runs_that_differ_only_by_seed_are_grouped_with_mean_and_sample_std()
    {
        var settings = Settings("adam", "0.001");
        var runs = new[] { 1L, 2L, 3L }.Select(s => SyntheticRuns.Create($"cnn-s3-seed{s}", 0.85 + 0.01 * s, seed: s, hyperparameters: settings))
            .Append(SyntheticRuns.Create("mlp-32-32", 0.8, seed: 1, hyperparameters: Settings("sgd", "0.01"))).ToArray();
        var c = RunComparer.Compare(runs);
        var group = Assert.Single(c.SeedGroups);
        Assert.Equal("cnn-s3", group.Name);
        Assert.Equal([1L, 2L, 3L], group.Seeds);
        var accuracies = runs[..3].Select(r => r.TestMetrics.MicroAccuracy).ToArray();
        double mean = accuracies.Average();
        double std = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / 2);
        Assert.Equal(mean, group.MicroAccuracy.Mean, 12);
        Assert.Equal(std, group.MicroAccuracy.Std, 12);
        Assert.Contains("± ", ComparisonMarkdownWriter.Render(c));
    }

    [Fact]
    public void Every_pair_on_the_same_test_set_gets_McNemar_and_a_bootstrap_sentence()
    {
        var strong = SyntheticRuns.Create("cnn-s3", 0.90, testCount: 4000);
        var weak = SyntheticRuns.Create("mlp-32-32", 0.85, testCount: 4000);
        var twin = SyntheticRuns.Create("mlp-32-32-b", 0.851, seed: 9, testCount: 4000);
        var c = RunComparer.Compare([weak, strong, twin]);
        Assert.Equal(3, c.Pairs.Count);

        var pair = c.Pairs.Single(p => p.First == "cnn-s3" && p.Second == "mlp-32-32");
        Assert.True(pair.Significant, pair.Sentence);
        Assert.Equal(McNemarMethod.ChiSquareContinuityCorrected, pair.McNemar.Method);
        Assert.Matches(@"^cnn-s3 beats mlp-32-32 by \d+\.\d points \[\d+\.\d, \d+\.\d\], McNemar p = [0-9.e-]+ \(chi-square with continuity correction; \d+ vs \d+ discordant\)\.$", pair.Sentence);
        var expected = McNemarTest.Test(strong.Predictions.Predicted, weak.Predictions.Predicted, strong.Predictions.Actual);
        Assert.Equal(expected.PValue, pair.McNemar.PValue);
        Assert.Equal(pair.FirstAccuracy - pair.SecondAccuracy, pair.Bootstrap.ObservedDifference, 12);

        var close = c.Pairs.Single(p => p.First.StartsWith("mlp-32-32") && p.Second.StartsWith("mlp-32-32"));
        Assert.False(close.Significant, close.Sentence);
        Assert.Contains("are not significantly different at the 95% level", close.Sentence);
    }

    [Fact]
    public void Runs_on_different_test_sets_are_not_paired_and_the_notes_say_why()
    {
        var a = SyntheticRuns.Create("fashion", 0.9);
        var b = SyntheticRuns.Create("mnist", 0.98, fingerprint: "sha256:other");
        var d = SyntheticRuns.Create("short", 0.9, testCount: 1000);
        var c = RunComparer.Compare([a, b, d]);
        Assert.DoesNotContain(c.Pairs, p => p.First == "mnist" || p.Second == "mnist");
        Assert.DoesNotContain(c.Pairs, p => p.First == "short" || p.Second == "short");
        Assert.Contains(c.Notes, n => n.Contains("different datasets"));
        Assert.Contains(c.Notes, n => n.Contains("2000 vs 1000 test samples") || n.Contains("1000 vs 2000 test samples"));
    }

    [Fact]
    public void Comparison_is_deterministic_and_its_json_is_versioned()
    {
        var runs = new[] { SyntheticRuns.Create("a", 0.9), SyntheticRuns.Create("b", 0.88), SyntheticRuns.Create("c", 0.7) };
        byte[] first = ComparisonJsonWriter.ToBytes(RunComparer.Compare(runs));
        byte[] second = ComparisonJsonWriter.ToBytes(RunComparer.Compare(runs.Reverse().ToArray()));
        Assert.Equal(first, second);
        var root = JsonDocument.Parse(first).RootElement;
        Assert.Equal("experiments.comparison", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(3, root.GetProperty("pairs").GetArrayLength());
        Assert.True(root.GetProperty("runs")[0].GetProperty("metrics").TryGetProperty("MicroAccuracy", out _));
    }

    [Fact]
    public void Duplicate_run_names_get_their_run_id()
    {
        var a = SyntheticRuns.Create("mlp", 0.9, seed: 1);
        var b = SyntheticRuns.Create("mlp", 0.8, seed: 2);
        var names = RunComparer.Compare([a, b]).Runs.Select(r => r.Report.RunName).ToArray();
        Assert.Equal([$"mlp ({a.RunId})", $"mlp ({b.RunId})"], names);
    }

    [Fact]
    public void Load_reads_run_folders_and_pipeline_folders()
    {
        using var temp = new TempFolder();
        var a = SyntheticRuns.Create("a", 0.9);
        var b = SyntheticRuns.Create("b", 0.8);
        ReportWriter.WriteRun(a, temp.Sub("pipeline/run-a"));
        ReportWriter.WriteRun(b, temp.Sub("pipeline/run-b"));
        Assert.Equal(["a", "b"], RunComparer.Load([Path.Combine(temp.Path, "pipeline")]).Select(r => r.RunName));
        Assert.Equal(["b"], RunComparer.Load([Path.Combine(temp.Path, "pipeline", "run-b")]).Select(r => r.RunName));

        var e = Assert.Throws<ReportException>(() => RunComparer.Load([temp.Sub("empty")]));
        Assert.Contains("no report.json here or in its subfolders", e.Message);
        Assert.Throws<ReportException>(() => RunComparer.Compare([]));
    }

    [Fact]
    public void Comparison_files_are_written_with_overlaid_curves_and_dvc_layouts()
    {
        using var temp = new TempFolder();
        var runs = new[] { SyntheticRuns.Create("a", 0.9), SyntheticRuns.Create("b", 0.8, hyperparameters: Settings("sgd", "0.1")) };
        ReportWriter.WriteComparison(RunComparer.Compare(runs), temp.Path);
        Assert.Equal(ReportWriter.ComparisonFiles.Order(), Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order());
        string html = File.ReadAllText(Path.Combine(temp.Path, "comparison.html"));
        var accuracy = Html.HtmlTests.SvgParts(html).Single(s => s.Element("title")!.Value == "Validation accuracy per epoch");
        Assert.Equal(2, accuracy.Elements("polyline").Count());
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "metrics.json"))).RootElement;
        Assert.Equal(runs[0].TestMetrics.MicroAccuracy, metrics.GetProperty("a").GetProperty("MicroAccuracy").GetDouble());
        string yaml = File.ReadAllText(Path.Combine(temp.Path, "params.yaml"));
        Assert.Contains("b:\n  epochs: 6\n  optimizer:\n    name: sgd\n    lr: 0.1\n", yaml);
    }
}
