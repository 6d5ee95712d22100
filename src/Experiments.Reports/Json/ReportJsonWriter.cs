// report.json writer. Layout (format "experiments.report", version 1; camelCase names; numbers in the invariant
// shortest round-trip form; a non-finite double, e.g. logLossReduction when all labels are one class, is null):
// {
//   "format": "experiments.report", "version": 1,
//   "run": { "id", "name", "pipeline" },
//   "model": { "architecture", "totalParameters", "layers": [ { "name", "type", "outputShape", "parameters" } ] },
//   "hyperparameters": { "<flattened.key>": "<value>", ... }          (ordered as given)
//   "seed": 42,
//   "dataset": { "name", "fingerprint" },
//   "history": { "bestEpoch", "stopReason", "stopMessage", "epochs": [ { "epoch", "trainLoss", "trainAccuracy",
//                "validationLoss", "validationAccuracy", "learningRate", "seconds", "samplesPerSecond" } ] },
//   "testMetrics": { "rowCount", "microAccuracy", "macroAccuracy", "logLoss", "logLossReduction", "topKAccuracy",
//                    "topKPredictionCount", "topKAccuracyForAllK", "perClassLogLoss", "classNames", "confusionMatrix",
//                    "perClassPrecision", "perClassRecall", "perClassF1", "macroF1", "expectedCalibrationError" },
//   "predictions": { "count", "predicted": [..], "actual": [..],
//                    "misclassified": [ { "index", "trueLabel", "predictedLabel", "width", "height", "pixels": "<base64>" } ] },
//   "timings": { "trainSeconds", "evaluationSeconds", "samplesPerSecond", "meanEpochSeconds" },
//   "environment": { "os", "cpu", "dotnet", "libraryVersion", "gitCommit" }
//   "augmentation": { "steps": [string] }        (optional: absent when the run trained without augmentation)
// }
// Long integer arrays (predictions, confusion rows) are written on one line each to keep the file readable.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Experiments.ML.Training;
using Experiments.ML.Packaging;
using Experiments.Reports.Model;

namespace Experiments.Reports.Json;

/// <summary>Writes a <see cref="RunReport"/> as report.json.</summary>
public static class ReportJsonWriter
{
    /// <summary>The format name in every report.json.</summary>
    public const string FormatName = "experiments.report";

    /// <summary>The version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes report.json to <paramref name="path"/> atomically.</summary>
    public static void Write(RunReport report, string path) => AtomicFile.WriteAllBytes(path, ToBytes(report));

    /// <summary>The UTF-8 bytes of report.json.</summary>
    public static byte[] ToBytes(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var duplicate = report.Hyperparameters.GroupBy(h => h.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"The hyperparameter '{duplicate.Key}' appears {duplicate.Count()} times; give each key path once.", nameof(report));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("version", FormatVersion);

            json.WriteStartObject("run");
            json.WriteString("id", report.RunId);
            json.WriteString("name", report.RunName);
            json.WriteString("pipeline", report.Pipeline);
            json.WriteEndObject();

            json.WriteStartObject("model");
            json.WriteString("architecture", report.Model.Architecture);
            json.WriteNumber("totalParameters", report.Model.TotalParameters);
            json.WriteStartArray("layers");
            foreach (var layer in report.Model.Layers)
            {
                json.WriteStartObject();
                json.WriteString("name", layer.Name);
                json.WriteString("type", layer.Type);
                json.WriteString("outputShape", layer.OutputShape);
                json.WriteNumber("parameters", layer.Parameters);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("hyperparameters");
            foreach (var setting in report.Hyperparameters)
                json.WriteString(setting.Key, setting.Value);
            json.WriteEndObject();

            json.WriteNumber("seed", report.Seed);

            json.WriteStartObject("dataset");
            json.WriteString("name", report.Dataset.Name);
            json.WriteString("fingerprint", report.Dataset.Fingerprint);
            json.WriteEndObject();

            WriteHistory(json, report.History);
            WriteMetrics(json, report.TestMetrics);
            WritePredictions(json, report.Predictions);

            json.WriteStartObject("timings");
            Number(json, "trainSeconds", report.Timings.TrainSeconds);
            Number(json, "evaluationSeconds", report.Timings.EvaluationSeconds);
            Number(json, "samplesPerSecond", report.Timings.SamplesPerSecond);
            Number(json, "meanEpochSeconds", report.MeanEpochSeconds);
            json.WriteEndObject();

            json.WriteStartObject("environment");
            json.WriteString("os", report.Environment.Os);
            json.WriteString("cpu", report.Environment.Cpu);
            json.WriteString("dotnet", report.Environment.DotNet);
            json.WriteString("libraryVersion", report.Environment.LibraryVersion);
            json.WriteString("gitCommit", report.Environment.GitCommit);
            json.WriteEndObject();

            if (report.Augmentation is { } augmentation)
            {
                json.WriteStartObject("augmentation");
                json.WriteStartArray("steps");
                foreach (var step in augmentation.Steps) json.WriteStringValue(step);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteHistory(Utf8JsonWriter json, TrainingHistory history)
    {
        json.WriteStartObject("history");
        json.WriteNumber("bestEpoch", history.BestEpoch);
        json.WriteString("stopReason", history.StopReason.ToString());
        json.WriteString("stopMessage", history.StopMessage);
        json.WriteStartArray("epochs");
        foreach (var e in history.Epochs)
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", e.Epoch);
            Number(json, "trainLoss", e.TrainLoss);
            Number(json, "trainAccuracy", e.TrainAccuracy);
            Number(json, "validationLoss", e.ValidationLoss);
            Number(json, "validationAccuracy", e.ValidationAccuracy);
            Number(json, "learningRate", e.LearningRate);
            Number(json, "seconds", e.Seconds);
            Number(json, "samplesPerSecond", e.SamplesPerSecond);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter json, ReportMetrics m)
    {
        json.WriteStartObject("testMetrics");
        json.WriteNumber("rowCount", m.RowCount);
        Number(json, "microAccuracy", m.MicroAccuracy);
        Number(json, "macroAccuracy", m.MacroAccuracy);
        Number(json, "logLoss", m.LogLoss);
        Number(json, "logLossReduction", m.LogLossReduction);
        Number(json, "topKAccuracy", m.TopKAccuracy);
        json.WriteNumber("topKPredictionCount", m.TopKPredictionCount);
        Numbers(json, "topKAccuracyForAllK", m.TopKAccuracyForAllK);
        Numbers(json, "perClassLogLoss", m.PerClassLogLoss);
        json.WriteStartArray("classNames");
        foreach (string name in m.ClassNames)
            json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteStartArray("confusionMatrix");
        foreach (var row in m.ConfusionCounts)
            json.WriteRawValue(IntegerArray(row));
        json.WriteEndArray();
        Numbers(json, "perClassPrecision", m.PerClassPrecision);
        Numbers(json, "perClassRecall", m.PerClassRecall);
        Numbers(json, "perClassF1", m.PerClassF1);
        Number(json, "macroF1", m.MacroF1);
        Number(json, "expectedCalibrationError", m.ExpectedCalibrationError);
        json.WriteEndObject();
    }

    private static void WritePredictions(Utf8JsonWriter json, TestPredictions p)
    {
        json.WriteStartObject("predictions");
        json.WriteNumber("count", p.Count);
        json.WritePropertyName("predicted");
        json.WriteRawValue(IntegerArray(p.Predicted.Select(v => (long)v)));
        json.WritePropertyName("actual");
        json.WriteRawValue(IntegerArray(p.Actual.Select(v => (long)v)));
        json.WriteStartArray("misclassified");
        foreach (var image in p.Misclassified)
        {
            json.WriteStartObject();
            json.WriteNumber("index", image.Index);
            json.WriteNumber("trueLabel", image.TrueLabel);
            json.WriteNumber("predictedLabel", image.PredictedLabel);
            json.WriteNumber("width", image.Width);
            json.WriteNumber("height", image.Height);
            json.WriteBase64String("pixels", image.Pixels);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string IntegerArray(IEnumerable<long> values)
    {
        var text = new StringBuilder("[");
        foreach (long v in values)
        {
            if (text.Length > 1) text.Append(',');
            text.Append(v.ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(']').ToString();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v && double.IsFinite(v))
            json.WriteNumber(name, v);
        else
            json.WriteNull(name);
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (double v in values)
        {
            if (double.IsFinite(v)) json.WriteNumberValue(v);
            else json.WriteNullValue();
        }
        json.WriteEndArray();
    }
}
