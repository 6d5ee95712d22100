// report.json reader: parses and validates the layout ReportJsonWriter documents, so `compare` can trust what it
// reads. Refuses another format, a newer version (with the upgrade hint) and any missing, mistyped or
// inconsistent field, naming the file and the JSON path.
using System.Text.Json;
using Experiments.ML.Training;
using Experiments.Reports.Model;

namespace Experiments.Reports.Json;

/// <summary>Reads and validates report.json files.</summary>
public static class ReportJsonReader
{
    /// <summary>Largest report.json accepted (10,000 test predictions take ~40 KB; 64 images ~70 KB).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>Reads <paramref name="path"/>; throws <see cref="ReportException"/> naming the file, field and fix.</summary>
    public static RunReport Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new ReportException("the file does not exist; pass a run folder that holds a report.json (written at the end of every run).", path);
        long size = new FileInfo(path).Length;
        if (size > MaxFileBytes)
            throw new ReportException($"the file is {size} bytes, more than the {MaxFileBytes}-byte limit for a report; this is not a report.json.", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses report.json bytes; <paramref name="file"/> names the source in error messages.</summary>
    public static RunReport Parse(ReadOnlyMemory<byte> utf8, string file = "report.json")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new ReportException($"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message} Re-create the report with the run, or restore it from a backup.", file, e);
        }
        using (document)
        {
            var root = new JsonValue(document.RootElement, "$", file);
            root.Object();
            string format = root.Property("format").String();
            if (format != ReportJsonWriter.FormatName)
                throw new ReportException($"$.format: expected \"{ReportJsonWriter.FormatName}\", found \"{format}\"; this is not a run report (comparison.json and metrics.json are not inputs to compare).", file);
            long version = root.Property("version").Long();
            if (version > ReportJsonWriter.FormatVersion)
                throw new ReportException($"$.version: the report has version {version} but this build reads version {ReportJsonWriter.FormatVersion}; update Experiments to read it.", file);
            if (version < 1)
                throw new ReportException($"$.version: expected 1, found {version}.", file);
            return ReadV1(root, file);
        }
    }

    private static RunReport ReadV1(JsonValue root, string file)
    {
        var run = root.Property("run");
        var modelJson = root.Property("model");
        var model = new ModelSummary(
            modelJson.Property("architecture").String(),
            modelJson.Property("layers").Items().Select(l => new LayerSummary(
                l.Property("name").String(), l.Property("type").String(), l.Property("outputShape").String(), l.Property("parameters").Long(0))).ToArray(),
            modelJson.Property("totalParameters").Long(0));

        var hyperparameters = root.Property("hyperparameters").Properties().Select(p => new Hyperparameter(p.Name, p.Value.String())).ToArray();
        var duplicate = hyperparameters.GroupBy(h => h.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ReportException($"$.hyperparameters: the key \"{duplicate.Key}\" appears {duplicate.Count()} times; each setting must appear once.", file);
        var datasetJson = root.Property("dataset");
        var dataset = new DatasetInfo(datasetJson.Property("name").NonEmptyString(), datasetJson.Property("fingerprint").NonEmptyString());

        var history = ReadHistory(root.Property("history"), file);
        var metrics = ReadMetrics(root.Property("testMetrics"), file);
        var predictions = ReadPredictions(root.Property("predictions"), metrics, file);

        var t = root.Property("timings");
        var timings = new RunTimings(t.Property("trainSeconds").Double(0), t.Property("evaluationSeconds").Double(0), t.Property("samplesPerSecond").Double(0));
        var env = root.Property("environment");
        var environment = new EnvironmentInfo(env.Property("os").String(), env.Property("cpu").String(), env.Property("dotnet").String(),
            env.Property("libraryVersion").String(), env.Property("gitCommit").NullableString());

        AugmentationSummary? augmentation = root.Element.TryGetProperty("augmentation", out _)
            ? new AugmentationSummary(root.Property("augmentation").Property("steps").Items().Select(s => s.NonEmptyString()).ToArray(), null)
            : null;

        return new RunReport(run.Property("id").NonEmptyString(), run.Property("name").NonEmptyString(), run.Property("pipeline").String(),
            model, hyperparameters, root.Property("seed").Long(), dataset, history, metrics, predictions, timings, environment, augmentation);
    }

    private static TrainingHistory ReadHistory(JsonValue h, string file)
    {
        var epochs = h.Property("epochs").Items().Select(e => new EpochRecord(
            e.Property("epoch").Int(0),
            e.Property("trainLoss").Double(nullIsNaN: true),
            e.Property("trainAccuracy").Double(0, 1, nullIsNaN: true),
            e.Property("validationLoss").NullableDouble(),
            e.Property("validationAccuracy").NullableDouble(0, 1),
            e.Property("learningRate").Double(0),
            e.Property("seconds").Double(0),
            e.Property("samplesPerSecond").Double(0))).ToArray();
        var reasonJson = h.Property("stopReason");
        string reasonText = reasonJson.String();
        if (!Enum.TryParse<StopReason>(reasonText, ignoreCase: false, out var reason) || !Enum.IsDefined(reason) || char.IsDigit(reasonText[0]))
            throw reasonJson.Error($"one of {string.Join(", ", Enum.GetNames<StopReason>())}");
        var best = h.Property("bestEpoch");
        int bestEpoch = best.Int(0);
        if (epochs.Length > 0 && !epochs.Any(e => e.Epoch == bestEpoch))
            throw best.Error($"one of the recorded epochs ({epochs[0].Epoch}..{epochs[^1].Epoch})", "The best epoch must be in history.epochs.");
        return new TrainingHistory(epochs, reason, bestEpoch, h.Property("stopMessage").NullableString());
    }

    private static ReportMetrics ReadMetrics(JsonValue m, string file)
    {
        var names = m.Property("classNames").Items().Select(n => n.NonEmptyString()).ToArray();
        if (names.Length < 2)
            m.Property("classNames").CheckCount(names.Length, 2, "class names (at least)");
        int k = names.Length;
        var matrixJson = m.Property("confusionMatrix");
        var rows = matrixJson.Items().Select(row =>
        {
            var counts = row.Items().Select(c => c.Long(0)).ToArray();
            row.CheckCount(counts.Length, k, "counts (one per class name)");
            return (IReadOnlyList<long>)counts;
        }).ToArray();
        matrixJson.CheckCount(rows.Length, k, "rows (one per class name)");
        long rowCount = m.Property("rowCount").Long(1);
        long total = rows.Sum(r => r.Sum());
        if (total != rowCount)
            throw new ReportException($"{matrixJson.Path}: the counts sum to {total} but rowCount is {rowCount}; the metrics are inconsistent.", file);

        var topK = m.Property("topKAccuracyForAllK").Doubles(null, 0, 1);
        if (topK.Length == 0 || topK.Length > k)
            throw m.Property("topKAccuracyForAllK").Error($"an array of 1..{k} accuracies");
        m.Property("topKPredictionCount").Long(topK.Length, topK.Length);

        return new ReportMetrics(
            rowCount,
            m.Property("microAccuracy").Double(0, 1),
            m.Property("macroAccuracy").Double(0, 1),
            m.Property("logLoss").Double(0),
            m.Property("logLossReduction").Double(nullIsNaN: true),
            topK,
            m.Property("perClassLogLoss").Doubles(k, 0),
            names,
            rows,
            m.Property("perClassPrecision").Doubles(k, 0, 1),
            m.Property("perClassRecall").Doubles(k, 0, 1),
            m.Property("perClassF1").Doubles(k, 0, 1),
            m.Property("macroF1").Double(0, 1),
            m.Property("expectedCalibrationError").Double(0, 1));
    }

    private static TestPredictions ReadPredictions(JsonValue p, ReportMetrics metrics, string file)
    {
        int k = metrics.ClassCount;
        int count = p.Property("count").Int(0);
        if (count != metrics.RowCount)
            throw p.Property("count").Error($"{metrics.RowCount} (testMetrics.rowCount)", "Predictions and metrics must come from the same test set.");
        var predicted = p.Property("predicted").Ints(count, 0, k - 1);
        var actual = p.Property("actual").Ints(count, 0, k - 1);
        var images = p.Property("misclassified").Items().Select(image =>
        {
            int index = image.Property("index").Int(0, count - 1);
            int trueLabel = image.Property("trueLabel").Int(0, k - 1), predictedLabel = image.Property("predictedLabel").Int(0, k - 1);
            if (trueLabel != actual[index] || predictedLabel != predicted[index] || trueLabel == predictedLabel)
                throw new ReportException(
                    $"{image.Path}: sample {index} is listed as misclassified {trueLabel}→{predictedLabel} but predictions say {actual[index]}→{predicted[index]}.", file);
            int width = image.Property("width").Int(1, 4096), height = image.Property("height").Int(1, 4096);
            var pixelsJson = image.Property("pixels");
            if (pixelsJson.Element.ValueKind != JsonValueKind.String || !pixelsJson.Element.TryGetBytesFromBase64(out byte[]? pixels))
                throw pixelsJson.Error("base64 pixel bytes");
            if (pixels.Length != width * height)
                throw pixelsJson.Error($"{width}×{height} = {width * height} bytes (decoded {pixels.Length})");
            return new MisclassifiedImage(index, trueLabel, predictedLabel, pixels, width, height);
        }).ToArray();
        return new TestPredictions(predicted, actual, images);
    }
}
