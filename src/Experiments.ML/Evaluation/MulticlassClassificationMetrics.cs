// The result of a multiclass evaluation: ML.NET's MulticlassClassificationMetrics (same names and
// definitions, ML.NET >= 1.6 with TopKAccuracyForAllK) plus F1, calibration error and the most-confused
// class pairs, which ML.NET does not have. Computed by MulticlassEvaluator; immutable.
namespace Experiments.ML.Evaluation;

/// <summary>
/// Multiclass metrics with ML.NET's names and definitions (Microsoft.ML.Data.MulticlassClassificationMetrics),
/// plus <see cref="MacroF1"/>, <see cref="PerClassF1"/>, <see cref="ExpectedCalibrationError"/> and
/// <see cref="MostConfusedPairs"/>. N rows, K classes; the predicted class of a row is the argmax of its
/// scores, ties going to the lowest class index (ML.NET's stable descending sort does the same).
/// </summary>
public sealed class MulticlassClassificationMetrics
{
    internal MulticlassClassificationMetrics(
        long rowCount,
        double microAccuracy,
        double macroAccuracy,
        double logLoss,
        double logLossReduction,
        double[] topKAccuracyForAllK,
        double[] perClassLogLoss,
        ConfusionMatrix confusionMatrix,
        double[] perClassF1,
        double macroF1,
        double expectedCalibrationError)
    {
        RowCount = rowCount;
        MicroAccuracy = microAccuracy;
        MacroAccuracy = macroAccuracy;
        LogLoss = logLoss;
        LogLossReduction = logLossReduction;
        TopKAccuracyForAllK = Array.AsReadOnly(topKAccuracyForAllK);
        PerClassLogLoss = Array.AsReadOnly(perClassLogLoss);
        ConfusionMatrix = confusionMatrix;
        PerClassF1 = Array.AsReadOnly(perClassF1);
        MacroF1 = macroF1;
        ExpectedCalibrationError = expectedCalibrationError;
    }

    /// <summary>N, the number of evaluated rows.</summary>
    public long RowCount { get; }

    /// <summary>Fraction of rows whose predicted class is the true class.</summary>
    public double MicroAccuracy { get; }

    /// <summary>
    /// Mean per-class recall over the classes present in the labels (as ML.NET: classes with no label
    /// rows are left out of the mean, not counted as 0).
    /// </summary>
    public double MacroAccuracy { get; }

    /// <summary>
    /// Mean of −ln p_true over rows, with p_true clamped to [ε, 1] as ML.NET does,
    /// ε = <see cref="MulticlassEvaluator.LogLossEpsilon"/> = (float)1e-15. A perfect model has 0.
    /// </summary>
    public double LogLoss { get; }

    /// <summary>
    /// (LogLoss(prior) − LogLoss) / LogLoss(prior) as a fraction (ML.NET >= 1.0; before that it was ×100),
    /// where the prior predicts each class's frequency in the evaluated labels, so LogLoss(prior) is the
    /// label entropy −Σ_c (n_c/N) ln(n_c/N), unclamped. 1 is perfect, 0 is no better than the prior,
    /// negative is worse. NaN when all labels are one class (the prior's log-loss is 0).
    /// </summary>
    public double LogLossReduction { get; }

    /// <summary>Fraction of rows whose true class is among the top <see cref="TopKPredictionCount"/> scores.</summary>
    public double TopKAccuracy => TopKAccuracyForAllK[^1];

    /// <summary>The K of <see cref="TopKAccuracy"/> (the evaluator's <c>topK</c>, 1 by default).</summary>
    public int TopKPredictionCount => TopKAccuracyForAllK.Count;

    /// <summary>
    /// Top-k accuracy for k = 1..<see cref="TopKPredictionCount"/> (index k−1). The rank of the true class is the
    /// number of classes scoring higher plus the number of lower-indexed classes scoring the same (ML.NET's rule).
    /// </summary>
    public IReadOnlyList<double> TopKAccuracyForAllK { get; }

    /// <summary>Mean clamped −ln p_true over the rows of each true class; 0 for a class absent from the labels (as ML.NET).</summary>
    public IReadOnlyList<double> PerClassLogLoss { get; }

    /// <summary>Counts [true, predicted] with per-class precision and recall.</summary>
    public ConfusionMatrix ConfusionMatrix { get; }

    /// <summary>
    /// F1 per class = 2·TP / (2·TP + FP + FN) = harmonic mean of precision and recall; 0 when TP = 0
    /// (scikit-learn's <c>f1_score(average=None, zero_division=0)</c>). Not in ML.NET.
    /// </summary>
    public IReadOnlyList<double> PerClassF1 { get; }

    /// <summary>
    /// Mean of <see cref="PerClassF1"/> over the classes present in the labels or the predictions
    /// (scikit-learn's default label set for <c>f1_score(average="macro", zero_division=0)</c>). Not in ML.NET.
    /// </summary>
    public double MacroF1 { get; }

    /// <summary>
    /// Expected calibration error (Guo et al. 2017, "On Calibration of Modern Neural Networks", eq. 3):
    /// Σ_m (|B_m|/N)·|acc(B_m) − conf(B_m)| with confidence = the row's max score and
    /// <see cref="MulticlassEvaluator.CalibrationBinCount"/> = 15 equal-width bins, bin m = (m/15, (m+1)/15]
    /// (edges m/15.0 in double; a confidence ≤ 0 goes to bin 0, one > 1 to the last bin). Not in ML.NET.
    /// </summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>Class names, one per class index.</summary>
    public IReadOnlyList<string> ClassNames => ConfusionMatrix.ClassNames;

    /// <summary>
    /// The <paramref name="count"/> largest off-diagonal confusion counts, largest first, ties by
    /// (true class, predicted class) ascending; zero cells are left out, so fewer may be returned.
    /// </summary>
    public IReadOnlyList<ConfusedClassPair> MostConfusedPairs(int count = 5)
    {
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "The number of pairs must be 0 or more.");
        var pairs = new List<ConfusedClassPair>();
        var matrix = ConfusionMatrix;
        for (int t = 0; t < matrix.NumberOfClasses; t++)
        {
            for (int p = 0; p < matrix.NumberOfClasses; p++)
            {
                long cell = matrix.Counts[t][p];
                if (t != p && cell > 0)
                    pairs.Add(new ConfusedClassPair(t, ClassNames[t], p, ClassNames[p], cell));
            }
        }
        // List.Sort is unstable, so the comparison spells out the full order.
        pairs.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count)
            : a.TrueClass != b.TrueClass ? a.TrueClass.CompareTo(b.TrueClass)
            : a.PredictedClass.CompareTo(b.PredictedClass));
        return pairs.Take(count).ToArray();
    }
}
