// report.json: round trip, stable layout, and one clear error per kind of bad input.
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Experiments.Reports.Json;
using Experiments.Reports.Model;
using Experiments.Reports.Tests.Support;

namespace Experiments.Reports.Tests.Json;

public class ReportJsonTests
{
    private static readonly RunReport Report = SyntheticRuns.Create("cnn-s3", 0.87, seed: 3, testCount: 500);

    [Fact]
    public void Round_trip_preserves_every_field()
    {
        byte[] bytes = ReportJsonWriter.ToBytes(Report);
        var back = ReportJsonReader.Parse(bytes);

        Assert.Equal(Report.RunId, back.RunId);
        Assert.Equal(Report.RunName, back.RunName);
        Assert.Equal(Report.Pipeline, back.Pipeline);
        Assert.Equal(Report.Seed, back.Seed);
        Assert.Equal(Report.Dataset, back.Dataset);
        Assert.Equal(Report.Model.Architecture, back.Model.Architecture);
        Assert.Equal(Report.Model.Layers, back.Model.Layers);
        Assert.Equal(Report.Model.TotalParameters, back.Model.TotalParameters);
        Assert.Equal(Report.Hyperparameters, back.Hyperparameters);
        Assert.Equal(Report.History.Epochs, back.History.Epochs);
        Assert.Equal(Report.History.BestEpoch, back.History.BestEpoch);
        Assert.Equal(Report.History.StopReason, back.History.StopReason);
        Assert.Equal(Report.TestMetrics.MicroAccuracy, back.TestMetrics.MicroAccuracy);
        Assert.Equal(Report.TestMetrics.LogLossReduction, back.TestMetrics.LogLossReduction);
        Assert.Equal(Report.TestMetrics.TopKAccuracyForAllK, back.TestMetrics.TopKAccuracyForAllK);
        Assert.Equal(Report.TestMetrics.PerClassF1, back.TestMetrics.PerClassF1);
        Assert.Equal(Report.TestMetrics.ConfusionCounts.SelectMany(r => r), back.TestMetrics.ConfusionCounts.SelectMany(r => r));
        Assert.Equal(Report.ClassNames, back.ClassNames);
        Assert.Equal(Report.Predictions.Predicted, back.Predictions.Predicted);
        Assert.Equal(Report.Predictions.Actual, back.Predictions.Actual);
        Assert.Equal(Report.Predictions.Misclassified.Count, back.Predictions.Misclassified.Count);
        for (int i = 0; i < back.Predictions.Misclassified.Count; i++)
        {
            var (x, y) = (Report.Predictions.Misclassified[i], back.Predictions.Misclassified[i]);
            Assert.Equal((x.Index, x.TrueLabel, x.PredictedLabel, x.Width, x.Height), (y.Index, y.TrueLabel, y.PredictedLabel, y.Width, y.Height));
            Assert.Equal(x.Pixels, y.Pixels);
        }
        Assert.Equal(Report.Timings, back.Timings);
        Assert.Equal(Report.Environment, back.Environment);
        // Writing what was read gives the same bytes: nothing is lost or reordered.
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(ReportJsonWriter.ToBytes(back)));
    }

    [Fact]
    public void Augmentation_steps_round_trip_and_the_preview_stays_out_of_the_json()
    {
        var report = Report with { Augmentation = new AugmentationSummary(["random_horizontal_flip p=0.5", "random_rotation degrees=[-10, 10]"], [1, 2, 3]) };
        byte[] bytes = ReportJsonWriter.ToBytes(report);
        var back = ReportJsonReader.Parse(bytes);
        Assert.NotNull(back.Augmentation);
        Assert.Equal(report.Augmentation.Steps, back.Augmentation!.Steps);
        Assert.Null(back.Augmentation.PreviewPng);
        Assert.DoesNotContain("preview", Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
        // Without augmentation the key is absent, and reading gives null.
        Assert.DoesNotContain("\"augmentation\"", Encoding.UTF8.GetString(ReportJsonWriter.ToBytes(Report)));
        Assert.Null(ReportJsonReader.Parse(ReportJsonWriter.ToBytes(Report)).Augmentation);
    }

    [Fact]
    public void Layout_starts_with_format_and_version_and_uses_camel_case()
    {
        var root = JsonNode.Parse(ReportJsonWriter.ToBytes(Report))!.AsObject();
        var names = root.Select(p => p.Key).ToArray();
        Assert.Equal(["format", "version", "run", "model", "hyperparameters", "seed", "dataset", "history", "testMetrics", "predictions", "timings", "environment"], names);
        Assert.Equal("experiments.report", (string?)root["format"]);
        Assert.Equal(1, (int?)root["version"]);
        Assert.Equal("0.01", (string?)root["hyperparameters"]!["optimizer.lr"]);
        Assert.NotNull(root["testMetrics"]!["microAccuracy"]);
    }

    [Fact]
    public void NaN_log_loss_reduction_is_written_as_null_and_read_back_as_NaN()
    {
        var report = Report with { TestMetrics = Report.TestMetrics with { LogLossReduction = double.NaN } };
        var node = JsonNode.Parse(ReportJsonWriter.ToBytes(report))!;
        Assert.Null(node["testMetrics"]!["logLossReduction"]);
        Assert.True(double.IsNaN(ReportJsonReader.Parse(ReportJsonWriter.ToBytes(report)).TestMetrics.LogLossReduction));
    }

    [Fact]
    public void Read_of_a_file_written_by_Write_returns_the_report_and_leaves_no_temp_file()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "report.json");
        ReportJsonWriter.Write(Report, path);
        Assert.Equal(Report.RunName, ReportJsonReader.Read(path).RunName);
        Assert.Equal(["report.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    public static TheoryData<string, string, string[]> BadReports() => new()
    {
        { "format", "\"experiments.comparison\"", ["$.format", "expected \"experiments.report\"", "experiments.comparison"] },
        { "version", "2", ["$.version", "version 2", "reads version 1", "update Experiments"] },
        { "version", "0", ["$.version", "expected 1, found 0"] },
        { "seed", "\"forty-two\"", ["$.seed", "expected an integer", "the string \"forty-two\""] },
        { "testMetrics.microAccuracy", "1.5", ["$.testMetrics.microAccuracy", "expected a number in [0, 1]", "found 1.5"] },
        { "testMetrics.classNames", "[\"a\", \"b\"]", ["$.testMetrics.confusionMatrix[0]", "expected 2 counts (one per class name), found 10"] },
        { "predictions.predicted", "[1, 2]", ["$.predictions.predicted", "expected 500 values, found 2"] },
        { "predictions.actual", null!, ["$.predictions", "\"actual\" is missing"] },
        { "history.bestEpoch", "99", ["$.history.bestEpoch", "one of the recorded epochs (1..6)", "found 99"] },
        { "history.stopReason", "\"Bored\"", ["$.history.stopReason", "one of Completed, EarlyStopped, Cancelled, NonFinite", "\"Bored\""] },
        { "predictions.misclassified[0].pixels", "\"not base64!\"", ["$.predictions.misclassified[0].pixels", "base64"] },
        { "predictions.misclassified[0].width", "27", ["$.predictions.misclassified[0].pixels", "27×28 = 756 bytes", "decoded 784"] },
        { "predictions.misclassified[0].trueLabel", "-1", ["$.predictions.misclassified[0].trueLabel", "integer in [0, 9]"] },
        { "testMetrics.rowCount", "501", ["$.testMetrics.confusionMatrix", "sum to 500", "rowCount is 501"] },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public void Bad_field_gives_one_error_naming_the_path_expected_and_found(string field, string? json, string[] expectedParts)
    {
        var root = JsonNode.Parse(ReportJsonWriter.ToBytes(Report))!;
        Set(root, field, json is null ? null : JsonNode.Parse(json));
        var e = Assert.Throws<ReportException>(() => ReportJsonReader.Parse(Encoding.UTF8.GetBytes(root.ToJsonString()), "runs/a/report.json"));
        Assert.StartsWith("runs/a/report.json: ", e.Message);
        Assert.Equal("runs/a/report.json", e.FilePath);
        foreach (string part in expectedParts)
            Assert.True(e.Message.Contains(part, StringComparison.Ordinal), $"message lacks \"{part}\": {e.Message}");
    }

    [Fact]
    public void Invalid_json_names_the_line()
    {
        var e = Assert.Throws<ReportException>(() => ReportJsonReader.Parse(Encoding.UTF8.GetBytes("{\n \"format\": \"experiments.report\",\n \"version\": 1,,\n}"), "r.json"));
        Assert.Contains("not valid JSON (line 3", e.Message);
    }

    [Fact]
    public void Duplicate_hyperparameters_are_refused_when_writing_and_reading()
    {
        var report = Report with { Hyperparameters = [new("lr", "0.1"), new("lr", "0.2")] };
        var write = Assert.Throws<ArgumentException>(() => ReportJsonWriter.ToBytes(report));
        Assert.Contains("'lr' appears 2 times", write.Message);

        string text = Encoding.UTF8.GetString(ReportJsonWriter.ToBytes(Report)).Replace("\"batchSize\": \"100\"", "\"batchSize\": \"100\", \"epochs\": \"7\"");
        var read = Assert.Throws<ReportException>(() => ReportJsonReader.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.Contains("$.hyperparameters: the key \"epochs\" appears 2 times", read.Message);
    }

    [Fact]
    public void Missing_file_says_what_to_pass()
    {
        var e = Assert.Throws<ReportException>(() => ReportJsonReader.Read("/nonexistent/run/report.json"));
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("report.json", e.Message);
    }

    /// <summary>Sets (or, with null, removes) the value at a dotted path with optional [i] indexes.</summary>
    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode node = root;
        foreach (string part in parts[..^1])
            node = Step(node, part);
        string last = parts[^1];
        if (last.EndsWith(']'))
        {
            var array = Step(node, last[..last.IndexOf('[')]).AsArray();
            array[int.Parse(last[(last.IndexOf('[') + 1)..^1])] = value;
        }
        else if (value is null)
            node.AsObject().Remove(last);
        else
            node[last] = value;
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        int bracket = part.IndexOf('[');
        if (bracket < 0) return node[part]!;
        return node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1])]!;
    }
}
