// Hand-computed multiclass metrics on 3 classes x 6 rows, ML.NET's edge rules (ties, clamping, absent
// classes), the text table, and argument errors. Goldens from scikit-learn are in MulticlassEvaluatorGoldenTests.
using Experiments.ML.Evaluation;

namespace Experiments.ML.Tests.Evaluation;

public sealed class MulticlassEvaluatorTests
{
    private static readonly string[] Names = ["cat", "dog", "bird"];

    // Scores (6, 3) and labels, chosen so each class has a different count (3, 2, 1):
    //   row  scores [cat, dog, bird]  label  predicted  p_true  rank of true class
    //   r0   [0.70, 0.20, 0.10]       cat    cat  ✓     0.70    0
    //   r1   [0.50, 0.40, 0.10]       cat    cat  ✓     0.50    0
    //   r2   [0.30, 0.30, 0.40]       cat    bird ✗     0.30    1  (bird higher; dog ties but has a higher index)
    //   r3   [0.20, 0.60, 0.20]       dog    dog  ✓     0.60    0
    //   r4   [0.50, 0.40, 0.10]       dog    cat  ✗     0.40    1
    //   r5   [0.25, 0.50, 0.25]       bird   dog  ✗     0.25    2  (dog higher; cat ties with a lower index)
    private static readonly float[] HandScores =
    [
        0.70f, 0.20f, 0.10f,
        0.50f, 0.40f, 0.10f,
        0.30f, 0.30f, 0.40f,
        0.20f, 0.60f, 0.20f,
        0.50f, 0.40f, 0.10f,
        0.25f, 0.50f, 0.25f,
    ];
    private static readonly int[] HandLabels = [0, 0, 0, 1, 1, 2];

    [Fact]
    public void HandComputedThreeClassSixRowsMatchesEveryMetric()
    {
        var m = MulticlassEvaluator.Evaluate(HandScores, HandLabels, 3, Names, topK: 2);

        // Confusion [true, predicted]: cat → (2, 0, 1), dog → (1, 1, 0), bird → (0, 1, 0).
        long[][] expectedCounts = [[2, 0, 1], [1, 1, 0], [0, 1, 0]];
        for (int t = 0; t < 3; t++)
            Assert.Equal(expectedCounts[t], m.ConfusionMatrix.Counts[t]);

        // Micro: 3 correct (r0, r1, r3) of 6 = 0.5.
        AssertClose(0.5, m.MicroAccuracy, 1e-15, "MicroAccuracy");
        // Recall = diagonal / row sum: 2/3, 1/2, 0/1. Macro = (2/3 + 1/2 + 0) / 3 = 7/18.
        AssertAll([2.0 / 3, 0.5, 0.0], m.ConfusionMatrix.PerClassRecall, 1e-15, "PerClassRecall");
        AssertClose(7.0 / 18, m.MacroAccuracy, 1e-15, "MacroAccuracy");
        // Precision = diagonal / column sum: columns sum to 3, 2, 1 → 2/3, 1/2, 0/1.
        AssertAll([2.0 / 3, 0.5, 0.0], m.ConfusionMatrix.PerClassPrecision, 1e-15, "PerClassPrecision");
        // F1 = 2TP / (2TP + FP + FN): cat 4/(4+1+1) = 2/3, dog 2/(2+1+1) = 1/2, bird TP = 0 → 0.
        // Macro over the 3 classes seen in labels or predictions: (2/3 + 1/2 + 0) / 3 = 7/18.
        AssertAll([2.0 / 3, 0.5, 0.0], m.PerClassF1, 1e-15, "PerClassF1");
        AssertClose(7.0 / 18, m.MacroF1, 1e-15, "MacroF1");

        // LogLoss = −(ln .7 + ln .5 + ln .3 + ln .6 + ln .4 + ln .25) / 6
        //         = (0.356675 + 0.693147 + 1.203973 + 0.510826 + 0.916291 + 1.386294) / 6 = 5.067206 / 6 = 0.844534
        // (the float values 0.7f, ... are used, hence 1e-7 relative slack against the real-number arithmetic).
        AssertClose(0.8445342613734215, m.LogLoss, 1e-7, "LogLoss");
        // Per class: cat (0.356675 + 0.693147 + 1.203973) / 3 = 0.751265; dog (0.510826 + 0.916291) / 2 = 0.713558;
        // bird 1.386294.
        AssertAll([0.7512649687060277, 0.7135581505012778, 1.3862943611198906], m.PerClassLogLoss, 1e-7, "PerClassLogLoss");
        // Prior = label frequencies (1/2, 1/3, 1/6): LL(prior) = 0.5 ln 2 + (1/3) ln 3 + (1/6) ln 6
        //       = 0.346574 + 0.366204 + 0.298627 = 1.011404; reduction = (1.011404 − 0.844534) / 1.011404 = 0.164988.
        AssertClose(0.16498843158646745, m.LogLossReduction, 1e-7, "LogLossReduction");

        // Ranks (0, 0, 1, 0, 1, 2): top-1 = 3/6, top-2 = 5/6.
        Assert.Equal(2, m.TopKPredictionCount);
        AssertAll([3.0 / 6, 5.0 / 6], m.TopKAccuracyForAllK, 1e-15, "TopKAccuracyForAllK");
        AssertClose(5.0 / 6, m.TopKAccuracy, 1e-15, "TopKAccuracy");

        // ECE, bins (m/15, (m+1)/15]: conf .4 (0.4f is just above 6/15) → bin 6 {r2 ✗}: |0 − .4| = .4;
        // conf .5 → bin 7 {r1 ✓, r4 ✗, r5 ✗}: |1 − 1.5| = .5; conf .6 (0.6f just above 9/15) → bin 9 {r3 ✓}: |1 − .6| = .4;
        // conf .7 → bin 10 {r0 ✓}: |1 − .7| = .3. ECE = (.4 + .5 + .4 + .3) / 6 = 1.6 / 6 = 0.266667.
        AssertClose(1.6 / 6, m.ExpectedCalibrationError, 1e-7, "ExpectedCalibrationError");

        // Off-diagonal cells, all count 1, ordered by (true, predicted): cat→bird, dog→cat, bird→dog.
        Assert.Equal(
            ["cat → bird: 1", "dog → cat: 1", "bird → dog: 1"],
            m.MostConfusedPairs(10).Select(p => p.ToString()).ToArray());
        Assert.Equal(6, m.RowCount);
        Assert.Equal(Names, m.ClassNames);
    }

    [Fact]
    public void ArgmaxTieGoesToLowestClassIndex()
    {
        // Every row all-equal: predicted class is 0; true class c has rank c (c lower-indexed ties above it).
        float[] scores = [0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f];
        int[] labels = [0, 1, 3];
        var m = MulticlassEvaluator.Evaluate(scores, labels, 4, topK: 4);
        Assert.Equal([1L, 1L, 1L], [m.ConfusionMatrix.GetCount(0, 0), m.ConfusionMatrix.GetCount(1, 0), m.ConfusionMatrix.GetCount(3, 0)]);
        AssertAll([1.0 / 3, 2.0 / 3, 2.0 / 3, 1.0], m.TopKAccuracyForAllK, 1e-15, "TopKAccuracyForAllK with ties");
    }

    [Fact]
    public void ZeroProbabilityOnTrueClassIsClampedToMlNetEpsilon()
    {
        float[] scores = [0f, 1f, 1f, 0f];
        var m = MulticlassEvaluator.Evaluate(scores, [0, 0], 2);
        // Row 0: −ln((float)1e-15) = 34.538776; row 1: −ln 1 = 0. Mean = 17.269388.
        AssertClose(-Math.Log(MulticlassEvaluator.LogLossEpsilon), 34.53877639128319, 1e-15, "-ln epsilon");
        AssertClose(34.53877639128319 / 2, m.LogLoss, 1e-15, "LogLoss with clamp");
        AssertAll([34.53877639128319 / 2, 0.0], m.PerClassLogLoss, 1e-15, "PerClassLogLoss (class 1 absent → 0)");
    }

    [Fact]
    public void ClassAbsentFromLabelsIsLeftOutOfMacroAccuracyButCountedInMacroF1WhenPredicted()
    {
        // Labels only 0 and 1; class 2 is predicted once (row 2). Recall: class 0 1/1, class 1 1/2 → macro 0.75.
        float[] scores = [0.8f, 0.1f, 0.1f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.8f];
        var m = MulticlassEvaluator.Evaluate(scores, [0, 1, 1], 3);
        AssertClose(0.75, m.MacroAccuracy, 1e-15, "MacroAccuracy");
        // F1: class 0 = 1, class 1 = 2/(2+0+1) = 2/3, class 2 = 0 (predicted, never true) → macro (1 + 2/3 + 0) / 3.
        AssertClose((1 + 2.0 / 3) / 3, m.MacroF1, 1e-15, "MacroF1");
        Assert.Equal(0.0, m.ConfusionMatrix.PerClassRecall[2]);
    }

    [Fact]
    public void SingleClassLabelsGiveNaNLogLossReduction()
    {
        var m = MulticlassEvaluator.Evaluate([0.9f, 0.1f, 0.6f, 0.4f], [0, 0], 2);
        Assert.True(double.IsNaN(m.LogLossReduction), $"LogLossReduction was {m.LogLossReduction}, expected NaN (prior log-loss is 0)");
    }

    [Fact]
    public void TwoDimensionalArrayOverloadEqualsFlatSpan()
    {
        var grid = new float[6, 3];
        for (int i = 0; i < 6; i++)
            for (int c = 0; c < 3; c++)
                grid[i, c] = HandScores[i * 3 + c];
        var fromGrid = MulticlassEvaluator.Evaluate(grid, HandLabels, Names, topK: 2);
        var fromSpan = MulticlassEvaluator.Evaluate(HandScores, HandLabels, 3, Names, topK: 2);
        Assert.Equal(fromSpan.LogLoss, fromGrid.LogLoss);
        Assert.Equal(fromSpan.TopKAccuracyForAllK, fromGrid.TopKAccuracyForAllK);
        Assert.Equal(fromSpan.ConfusionMatrix.GetFormattedConfusionTable(), fromGrid.ConfusionMatrix.GetFormattedConfusionTable());
    }

    [Fact]
    public void FormattedConfusionTableShowsNamesCountsRecallAndPrecision()
    {
        var m = MulticlassEvaluator.Evaluate(HandScores, HandLabels, 3, Names);
        string expected = string.Join("\n",
            "Confusion table",
            "          ||========================",
            "PREDICTED ||   cat |   dog |  bird | Recall",
            "TRUTH     ||========================",
            "      cat ||     2 |     0 |     1 | 0.6667",
            "      dog ||     1 |     1 |     0 | 0.5000",
            "     bird ||     0 |     1 |     0 | 0.0000",
            "          ||========================",
            "Precision ||0.6667 |0.5000 |0.0000 |",
            "");
        Assert.Equal(expected, m.ConfusionMatrix.GetFormattedConfusionTable().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void MostConfusedPairsOrdersByCountAndSkipsZeroCells()
    {
        // True 0 predicted 1 twice, true 2 predicted 0 once; everything else correct.
        float[] scores = [0.1f, 0.9f, 0f, 0.1f, 0.9f, 0f, 0.9f, 0.1f, 0f, 0.9f, 0.1f, 0f];
        var pairs = MulticlassEvaluator.Evaluate(scores, [0, 0, 2, 0], 3, ["a", "b", "c"]).MostConfusedPairs(5);
        Assert.Equal([new ConfusedClassPair(0, "a", 1, "b", 2), new ConfusedClassPair(2, "c", 0, "a", 1)], pairs);
    }

    [Theory]
    [InlineData(new float[] { 0.5f, 0.5f, 0.5f }, new[] { 0, 1 }, 2, "scores has 3 values but labels.Length × classCount = 2 × 2 = 4")]
    [InlineData(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, new[] { 0, 2 }, 2, "labels[1] is 2, outside the class range 0..1")]
    [InlineData(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, new[] { -1, 0 }, 2, "labels[0] is -1")]
    [InlineData(new float[] { 0.5f, 0.5f, float.NaN, 0.5f }, new[] { 0, 1 }, 2, "scores row 1 (class 0) is NaN")]
    [InlineData(new float[] { 1f, 1f }, new[] { 0, 0 }, 1, "classCount is 1; multiclass evaluation needs at least 2 classes")]
    [InlineData(new float[0], new int[0], 2, "labels is empty")]
    public void BadInputThrowsOneClearArgumentException(float[] scores, int[] labels, int classCount, string expectedMessagePart)
    {
        var error = Assert.Throws<ArgumentException>(() => MulticlassEvaluator.Evaluate(scores, labels, classCount));
        Assert.Contains(expectedMessagePart, error.Message);
    }

    [Fact]
    public void BadTopKOrClassNamesThrow()
    {
        var topK = Assert.Throws<ArgumentException>(() => MulticlassEvaluator.Evaluate(HandScores, HandLabels, 3, topK: 4));
        Assert.Contains("topK is 4; it must be in 1..3", topK.Message);
        var names = Assert.Throws<ArgumentException>(() => MulticlassEvaluator.Evaluate(HandScores, HandLabels, 3, ["a", "b"]));
        Assert.Contains("classNames has 2 names but classCount is 3", names.Message);
        var rows = Assert.Throws<ArgumentException>(() => MulticlassEvaluator.Evaluate(new float[5, 3], HandLabels));
        Assert.Contains("scores has 5 rows but labels has 6 values", rows.Message);
    }

    private static void AssertClose(double expected, double actual, double relativeTolerance, string what)
    {
        double allowed = 1e-15 + relativeTolerance * Math.Abs(expected);
        Assert.True(Math.Abs(actual - expected) <= allowed,
            $"{what}: expected {expected:R}, got {actual:R} (|diff| {Math.Abs(actual - expected):E3} > {allowed:E3})");
    }

    private static void AssertAll(double[] expected, IReadOnlyList<double> actual, double relativeTolerance, string what)
    {
        Assert.True(expected.Length == actual.Count, $"{what}: expected {expected.Length} values, got {actual.Count}");
        for (int i = 0; i < expected.Length; i++)
            AssertClose(expected[i], actual[i], relativeTolerance, $"{what}[{i}]");
    }
}
