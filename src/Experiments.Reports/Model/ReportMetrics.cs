// The test metrics as plain data: ML.NET's MulticlassClassificationMetrics names plus our F1 and calibration
// error, copied out of Experiments.ML's metrics object (whose constructor is internal) so a report read back
// from report.json carries the same values.
using Experiments.ML.Evaluation;

namespace Experiments.Reports.Model;

/// <summary>
/// Test metrics with ML.NET's names (MicroAccuracy, MacroAccuracy, LogLoss, LogLossReduction, TopKAccuracy,
/// TopKPredictionCount, PerClassLogLoss, ConfusionMatrix counts and per-class precision/recall) plus per-class and
/// macro F1 and expected calibration error. <see cref="LogLossReduction"/> may be NaN (all labels one class).
/// </summary>
public sealed record ReportMetrics(
    long RowCount,
    double MicroAccuracy,
    double MacroAccuracy,
    double LogLoss,
    double LogLossReduction,
    IReadOnlyList<double> TopKAccuracyForAllK,
    IReadOnlyList<double> PerClassLogLoss,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<IReadOnlyList<long>> ConfusionCounts,
    IReadOnlyList<double> PerClassPrecision,
    IReadOnlyList<double> PerClassRecall,
    IReadOnlyList<double> PerClassF1,
    double MacroF1,
    double ExpectedCalibrationError)
{
    /// <summary>ML.NET's TopKAccuracy: the accuracy at k = <see cref="TopKPredictionCount"/>.</summary>
    public double TopKAccuracy => TopKAccuracyForAllK[^1];

    /// <summary>ML.NET's TopKPredictionCount.</summary>
    public int TopKPredictionCount => TopKAccuracyForAllK.Count;

    /// <summary>K, the number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>Copies the values of an evaluation.</summary>
    public static ReportMetrics From(MulticlassClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var matrix = metrics.ConfusionMatrix;
        return new ReportMetrics(
            metrics.RowCount,
            metrics.MicroAccuracy,
            metrics.MacroAccuracy,
            metrics.LogLoss,
            metrics.LogLossReduction,
            metrics.TopKAccuracyForAllK.ToArray(),
            metrics.PerClassLogLoss.ToArray(),
            metrics.ClassNames.ToArray(),
            matrix.Counts.Select(row => (IReadOnlyList<long>)row.ToArray()).ToArray(),
            matrix.PerClassPrecision.ToArray(),
            matrix.PerClassRecall.ToArray(),
            metrics.PerClassF1.ToArray(),
            metrics.MacroF1,
            metrics.ExpectedCalibrationError);
    }

    /// <summary>The headline metrics under ML.NET's names, in a fixed order (for tables, metrics.json and comparisons).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Headline() =>
    [
        new("MicroAccuracy", MicroAccuracy),
        new("MacroAccuracy", MacroAccuracy),
        new("LogLoss", LogLoss),
        new("LogLossReduction", LogLossReduction),
        new("TopKAccuracy", TopKAccuracy),
        new("TopKPredictionCount", TopKPredictionCount),
        new("MacroF1", MacroF1),
        new("ExpectedCalibrationError", ExpectedCalibrationError),
    ];
}
