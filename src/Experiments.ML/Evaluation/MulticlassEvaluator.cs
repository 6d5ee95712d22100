// Multiclass evaluation of class-probability scores against integer labels, the role of ML.NET's
// MulticlassClassificationEvaluator (mlContext.MulticlassClassification.Evaluate) on plain arrays.
// Definitions follow ML.NET's evaluator source (MulticlassClassificationEvaluator.Aggregator); goldens
// from scikit-learn and numpy: tests/Experiments.ML.Tests/Evaluation/Goldens/generate_metrics_goldens.py.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Experiments.ML.Evaluation;

/// <summary>
/// Computes <see cref="MulticlassClassificationMetrics"/> from scores (N, K) row-major, usually the
/// softmax output, and labels (N) in 0..K−1. Scores are used as given: rows are not renormalised,
/// only clamped for the log-loss. One pass over the rows; deterministic (sequential sums).
/// </summary>
public static class MulticlassEvaluator
{
    /// <summary>
    /// ML.NET's log-loss clamp: p_true is clamped to [ε, 1] with ε = (float)1e-15
    /// (= 1.0000000036274937e-15 as a double), so a row costs at most −ln ε ≈ 34.539.
    /// scikit-learn's log_loss clips differently (1.2: float eps of the input, then renormalises rows).
    /// </summary>
    public const float LogLossEpsilon = (float)1e-15;

    /// <summary>Number of equal-width confidence bins of the expected calibration error (Guo et al. 2017).</summary>
    public const int CalibrationBinCount = 15;

    /// <summary>
    /// Evaluates <paramref name="scores"/> (N·K values, row i = scores[i·K .. i·K+K−1]) against
    /// <paramref name="labels"/> (N values in 0..K−1).
    /// </summary>
    /// <param name="scores">Class scores, (N, K) row-major; finite.</param>
    /// <param name="labels">True class per row, (N).</param>
    /// <param name="classCount">K, at least 2.</param>
    /// <param name="classNames">K names for the confusion table and confused pairs; the class index as text when null.</param>
    /// <param name="topK">The K of <see cref="MulticlassClassificationMetrics.TopKAccuracy"/>, in 1..classCount.</param>
    /// <exception cref="ArgumentException">Bad shapes, labels out of range, non-finite scores, bad names or topK.</exception>
    public static MulticlassClassificationMetrics Evaluate(
        ReadOnlySpan<float> scores,
        ReadOnlySpan<int> labels,
        int classCount,
        IReadOnlyList<string>? classNames = null,
        int topK = 1)
    {
        IReadOnlyList<string> names = Validate(scores, labels, classCount, classNames, topK);
        int k = classCount;
        int n = labels.Length;

        var counts = new long[k, k];                 // (K, K) [true, predicted]
        var rowsOfClass = new long[k];               // (K) label frequency
        var logLossOfClass = new double[k];          // (K) summed clamped −ln p_true
        var hitsAtRank = new long[topK];             // (topK) rows whose true class has rank r
        var binRows = new long[CalibrationBinCount];
        var binCorrect = new long[CalibrationBinCount];
        var binConfidence = new double[CalibrationBinCount];
        double totalLogLoss = 0;

        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = scores.Slice(i * k, k);
            int label = labels[i];
            float trueScore = row[label];

            int predicted = 0;                       // argmax, lowest index wins ties
            int rank = 0;                            // classes ranked above the true class
            for (int c = 0; c < k; c++)
            {
                if (row[c] > row[predicted])
                    predicted = c;
                if (row[c] > trueScore || (row[c] == trueScore && c < label))
                    rank++;
            }

            double logLoss = -Math.Log(Math.Min(1f, Math.Max(LogLossEpsilon, trueScore)));
            totalLogLoss += logLoss;
            logLossOfClass[label] += logLoss;
            rowsOfClass[label]++;
            counts[label, predicted]++;
            if (rank < topK)
                hitsAtRank[rank]++;

            double confidence = row[predicted];
            int bin = CalibrationBin(confidence);
            binRows[bin]++;
            binConfidence[bin] += confidence;
            if (predicted == label)
                binCorrect[bin]++;
        }

        var matrix = new ConfusionMatrix(counts, names);
        long correct = 0;
        for (int c = 0; c < k; c++)
            correct += counts[c, c];

        double logLossMean = totalLogLoss / n;
        double priorLogLoss = 0;                     // label entropy, the log-loss of the class-frequency prior
        double recallSum = 0;
        int presentClasses = 0;
        var perClassLogLoss = new double[k];
        for (int c = 0; c < k; c++)
        {
            if (rowsOfClass[c] == 0)
                continue;
            double frequency = (double)rowsOfClass[c] / n;
            priorLogLoss -= frequency * Math.Log(frequency);
            perClassLogLoss[c] = logLossOfClass[c] / rowsOfClass[c];
            recallSum += matrix.PerClassRecall[c];
            presentClasses++;
        }
        double logLossReduction = priorLogLoss > 0 ? (priorLogLoss - logLossMean) / priorLogLoss : double.NaN;

        var topKAccuracy = new double[topK];
        long hits = 0;
        for (int r = 0; r < topK; r++)
        {
            hits += hitsAtRank[r];
            topKAccuracy[r] = (double)hits / n;
        }

        var perClassF1 = new double[k];
        double f1Sum = 0;
        int f1Classes = 0;
        for (int c = 0; c < k; c++)
        {
            long truePositives = counts[c, c], predictedAsC = 0;
            for (int t = 0; t < k; t++)
                predictedAsC += counts[t, c];
            long denominator = predictedAsC + rowsOfClass[c];   // 2·TP + FP + FN
            perClassF1[c] = truePositives > 0 ? 2.0 * truePositives / denominator : 0;
            if (denominator > 0)
            {
                f1Sum += perClassF1[c];
                f1Classes++;
            }
        }

        double calibrationError = 0;
        for (int b = 0; b < CalibrationBinCount; b++)
        {
            if (binRows[b] > 0)
                calibrationError += Math.Abs((double)binCorrect[b] - binConfidence[b]) / n;
        }

        return new MulticlassClassificationMetrics(
            rowCount: n,
            microAccuracy: (double)correct / n,
            macroAccuracy: recallSum / presentClasses,
            logLoss: logLossMean,
            logLossReduction: logLossReduction,
            topKAccuracyForAllK: topKAccuracy,
            perClassLogLoss: perClassLogLoss,
            confusionMatrix: matrix,
            perClassF1: perClassF1,
            macroF1: f1Sum / f1Classes,
            expectedCalibrationError: calibrationError);
    }

    /// <summary>Evaluates scores given as a (N, K) array; K = scores.GetLength(1).</summary>
    public static MulticlassClassificationMetrics Evaluate(
        float[,] scores,
        ReadOnlySpan<int> labels,
        IReadOnlyList<string>? classNames = null,
        int topK = 1)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.GetLength(0) != labels.Length)
            throw new ArgumentException(
                $"scores has {scores.GetLength(0)} rows but labels has {labels.Length} values; pass one row of class scores per label.",
                nameof(scores));
        ReadOnlySpan<float> flat = MemoryMarshal.CreateReadOnlySpan(
            ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(scores)), scores.Length);
        return Evaluate(flat, labels, scores.GetLength(1), classNames, topK);
    }

    /// <summary>Bin m covers (m/15, (m+1)/15]; the estimate from ceil is corrected against the exact edges.</summary>
    private static int CalibrationBin(double confidence)
    {
        const int last = CalibrationBinCount - 1;
        if (!(confidence > 0))
            return 0;
        if (confidence >= 1)
            return last;
        int bin = Math.Clamp((int)Math.Ceiling(confidence * CalibrationBinCount) - 1, 0, last);
        while (bin > 0 && confidence <= (double)bin / CalibrationBinCount)
            bin--;
        while (bin < last && confidence > (double)(bin + 1) / CalibrationBinCount)
            bin++;
        return bin;
    }

    private static IReadOnlyList<string> Validate(
        ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int classCount, IReadOnlyList<string>? classNames, int topK)
    {
        if (classCount < 2)
            throw new ArgumentException(
                $"classCount is {classCount}; multiclass evaluation needs at least 2 classes.", nameof(classCount));
        if (labels.Length == 0)
            throw new ArgumentException("labels is empty; there are no rows to evaluate.", nameof(labels));
        if ((long)labels.Length * classCount != scores.Length)
            throw new ArgumentException(
                $"scores has {scores.Length} values but labels.Length × classCount = {labels.Length} × {classCount} = " +
                $"{(long)labels.Length * classCount}; pass one row of {classCount} class scores per label, row-major.",
                nameof(scores));
        if (topK < 1 || topK > classCount)
            throw new ArgumentException($"topK is {topK}; it must be in 1..{classCount} (the class count).", nameof(topK));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException(
                    $"labels[{i}] is {labels[i]}, outside the class range 0..{classCount - 1}; check the label mapping or classCount.",
                    nameof(labels));
        }
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
                throw new ArgumentException(
                    $"scores row {i / classCount} (class {i % classCount}) is {scores[i].ToString(CultureInfo.InvariantCulture)}; " +
                    "scores must be finite (a NaN usually means the model diverged).",
                    nameof(scores));
        }

        if (classNames is null)
            return Array.AsReadOnly(Enumerable.Range(0, classCount).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray());
        if (classNames.Count != classCount)
            throw new ArgumentException(
                $"classNames has {classNames.Count} names but classCount is {classCount}; give one name per class.", nameof(classNames));
        for (int c = 0; c < classNames.Count; c++)
        {
            if (string.IsNullOrEmpty(classNames[c]))
                throw new ArgumentException($"classNames[{c}] is null or empty; give every class a name.", nameof(classNames));
        }
        return Array.AsReadOnly(classNames.ToArray());
    }
}
