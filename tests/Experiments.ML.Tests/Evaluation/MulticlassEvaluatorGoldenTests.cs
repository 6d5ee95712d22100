// Compares MulticlassEvaluator with scikit-learn/numpy values written by Goldens/generate_metrics_goldens.py
// (which states which library defines each key). Tolerances: counts exact; accuracies, precision, recall,
// F1 and top-k to 1e-12 (ratios of integers, only the last bits may differ); log-losses 1e-6 relative
// (float inputs, different summation order); ECE 1e-9 relative (sums of float confidences).
using System.Runtime.CompilerServices;
using System.Text.Json;
using Experiments.ML.Evaluation;

namespace Experiments.ML.Tests.Evaluation;

public sealed class MulticlassEvaluatorGoldenTests
{
    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var item in Goldens().RootElement.GetProperty("cases").EnumerateArray())
            names.Add(item.GetProperty("name").GetString()!);
        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MetricsMatchScikitLearnAndMlNetDefinitions(string caseName)
    {
        var golden = Goldens().RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == caseName);
        int k = golden.GetProperty("class_count").GetInt32();
        int topK = golden.GetProperty("top_k").GetInt32();
        float[] scores = golden.GetProperty("scores").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        int[] labels = golden.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        string[]? names = golden.GetProperty("class_names").ValueKind == JsonValueKind.Null
            ? null
            : golden.GetProperty("class_names").EnumerateArray().Select(v => v.GetString()!).ToArray();
        var e = golden.GetProperty("expected");

        var m = MulticlassEvaluator.Evaluate(scores, labels, k, names, topK);
        var mismatches = new List<string>();

        long[][] expectedCounts = e.GetProperty("confusion_matrix").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
                if (expectedCounts[t][p] != m.ConfusionMatrix.Counts[t][p])
                    mismatches.Add($"confusion[{t},{p}]: expected {expectedCounts[t][p]}, got {m.ConfusionMatrix.Counts[t][p]}");

        Compare(mismatches, "micro_accuracy", e, m.MicroAccuracy, 1e-12);
        Compare(mismatches, "macro_accuracy", e, m.MacroAccuracy, 1e-12);
        Compare(mismatches, "per_class_recall", e, m.ConfusionMatrix.PerClassRecall, 1e-12);
        Compare(mismatches, "per_class_precision", e, m.ConfusionMatrix.PerClassPrecision, 1e-12);
        Compare(mismatches, "per_class_f1", e, m.PerClassF1, 1e-12);
        Compare(mismatches, "macro_f1", e, m.MacroF1, 1e-12);
        Compare(mismatches, "log_loss_mlnet", e, m.LogLoss, 1e-6);
        Compare(mismatches, "per_class_log_loss_mlnet", e, m.PerClassLogLoss, 1e-6);
        Compare(mismatches, "log_loss_reduction", e, m.LogLossReduction, 1e-6);
        Compare(mismatches, "top_k_accuracy_for_all_k_mlnet", e, m.TopKAccuracyForAllK, 1e-12);
        Compare(mismatches, "expected_calibration_error", e, m.ExpectedCalibrationError, 1e-9);

        // scikit-learn's own log_loss and top-k only where its clipping and tie order cannot differ from ML.NET's.
        if (e.GetProperty("log_loss_sklearn_comparable").GetBoolean())
            Compare(mismatches, "log_loss_sklearn", e, m.LogLoss, 1e-5);
        if (!e.GetProperty("any_row_has_tie").GetBoolean())
            Compare(mismatches, "top_k_accuracy_sklearn", e, m.TopKAccuracyForAllK, 1e-12);

        string[] expectedPairs = e.GetProperty("most_confused").EnumerateArray()
            .Select(x => $"{x[0].GetInt32()}->{x[1].GetInt32()}:{x[2].GetInt64()}").ToArray();
        string[] actualPairs = m.MostConfusedPairs(5).Select(x => $"{x.TrueClass}->{x.PredictedClass}:{x.Count}").ToArray();
        if (!expectedPairs.SequenceEqual(actualPairs))
            mismatches.Add($"most_confused: expected [{string.Join(", ", expectedPairs)}], got [{string.Join(", ", actualPairs)}]");

        Assert.True(mismatches.Count == 0,
            $"{caseName}: {mismatches.Count} mismatches (first 10):\n{string.Join("\n", mismatches.Take(10))}");
    }

    [Fact]
    public void GoldenFileHasExpectedFormatAndUsesMlNetEpsilon()
    {
        var root = Goldens().RootElement;
        Assert.Equal("experiments-multiclass-metrics-goldens", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal((double)MulticlassEvaluator.LogLossEpsilon, root.GetProperty("log_loss_epsilon").GetDouble());
        Assert.Equal(MulticlassEvaluator.CalibrationBinCount, root.GetProperty("calibration_bins").GetInt32());
    }

    private static void Compare(List<string> mismatches, string key, JsonElement expected, double actual, double rtol)
        => CompareOne(mismatches, key, expected.GetProperty(key).GetDouble(), actual, rtol);

    private static void Compare(List<string> mismatches, string key, JsonElement expected, IReadOnlyList<double> actual, double rtol)
    {
        double[] values = expected.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        if (values.Length != actual.Count)
        {
            mismatches.Add($"{key}: expected {values.Length} values, got {actual.Count}");
            return;
        }
        for (int i = 0; i < values.Length; i++)
            CompareOne(mismatches, $"{key}[{i}]", values[i], actual[i], rtol);
    }

    // |a − b| ≤ atol + rtol·|b| with atol = 1e-15 for values that are exactly 0.
    private static void CompareOne(List<string> mismatches, string what, double expected, double actual, double rtol)
    {
        double diff = Math.Abs(actual - expected);
        if (!(diff <= 1e-15 + rtol * Math.Abs(expected)))
            mismatches.Add($"{what}: expected {expected:R}, got {actual:R}, |diff| {diff:E3}");
    }

    private static JsonDocument? _goldens;

    private static JsonDocument Goldens()
        => _goldens ??= JsonDocument.Parse(File.ReadAllText(GoldenPath()));

    // The goldens sit next to this source file; the compiler records its path.
    private static string GoldenPath([CallerFilePath] string sourceFile = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Goldens", "multiclass_metrics_goldens.json");
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Golden file not found at {path}; run Goldens/generate_metrics_goldens.py with /usr/bin/python3 to create it.", path);
        return path;
    }
}
