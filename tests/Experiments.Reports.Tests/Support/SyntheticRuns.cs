// Synthetic finished runs for the report tests: seeded predictions with a chosen accuracy, real metrics from
// Experiments.ML's MulticlassEvaluator, a plausible history, digit-like images and the environment of this machine.
using Experiments.Engine.Random;
using Experiments.ML.Evaluation;
using Experiments.ML.Training;
using Experiments.Reports.Model;

namespace Experiments.Reports.Tests.Support;

public static class SyntheticRuns
{
    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// A run whose test predictions are right with probability <paramref name="accuracy"/> (seeded by <paramref name="seed"/>),
    /// on a test set of <paramref name="testCount"/> samples whose labels depend only on <paramref name="testCount"/>.
    /// </summary>
    public static RunReport Create(
        string name,
        double accuracy,
        long seed = 1,
        int testCount = 2000,
        int epochs = 6,
        string architecture = "mlp: 784-32-32-10, relu",
        IReadOnlyList<Hyperparameter>? hyperparameters = null,
        string fingerprint = "sha256:3f1c0ffee",
        string[]? classNames = null,
        bool withValidation = true)
    {
        classNames ??= FashionClasses;
        int k = classNames.Length;
        var labelRandom = new RandomStream(12345);
        var actual = new int[testCount];
        for (int i = 0; i < testCount; i++) actual[i] = labelRandom.NextInt(k);

        var random = new RandomStream((ulong)seed * 7919 + (ulong)name.Length);
        var predicted = new int[testCount];
        var scores = new float[testCount * k];
        for (int i = 0; i < testCount; i++)
        {
            bool right = random.NextDouble() < accuracy;
            predicted[i] = right ? actual[i] : (actual[i] + 1 + random.NextInt(k - 1)) % k;
            float top = 0.5f + 0.45f * random.NextSingle();
            for (int c = 0; c < k; c++)
                scores[i * k + c] = c == predicted[i] ? top : (1 - top) / (k - 1);
        }
        var metrics = MulticlassEvaluator.Evaluate(scores, actual, k, classNames, topK: 3);

        var images = new byte[testCount * 28 * 28];
        for (int i = 0; i < testCount; i++)
            DrawDigitLike(images.AsSpan(i * 784, 784), actual[i], i);

        var history = new List<EpochRecord>();
        for (int e = 1; e <= epochs; e++)
        {
            double progress = 1 - Math.Exp(-e / 2.0);
            double trainAcc = 0.5 + (accuracy + 0.02 - 0.5) * progress;
            double valAcc = 0.48 + (accuracy - 0.48) * progress + 0.003 * Math.Sin(e + seed);
            history.Add(new EpochRecord(e, 1.6 * (1 - progress) + 0.25, Math.Min(1, trainAcc),
                withValidation ? (1.6 * (1 - progress) + 0.3) * (1.9 - accuracy) + 0.01 * Math.Cos(e) : null,
                withValidation ? Math.Min(1, valAcc) : null,
                1e-3 * Math.Pow(0.9, e - 1), 2.5 + 0.1 * e, 54000 / (2.5 + 0.1 * e)));
        }
        int best = withValidation ? history.MaxBy(h => h.ValidationAccuracy)!.Epoch : epochs;

        return new RunReport(
            RunId: $"{Math.Abs(name.GetHashCode(StringComparison.Ordinal)) % 100000:x5}{seed}",
            RunName: name,
            Pipeline: "mlp-vs-cnn",
            Model: new ModelSummary(architecture,
            [
                new LayerSummary("layers.0", "Flatten", "(N, 784)", 0),
                new LayerSummary("layers.1", "Linear", "(N, 32)", 25120),
                new LayerSummary("layers.2", "ReLU", "(N, 32)", 0),
                new LayerSummary("layers.3", "Linear", "(N, 32)", 1056),
                new LayerSummary("layers.4", "ReLU", "(N, 32)", 0),
                new LayerSummary("layers.5", "Linear", "(N, 10)", 330),
            ], 26506),
            Hyperparameters: hyperparameters ??
            [
                new Hyperparameter("epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Hyperparameter("batchSize", "100"),
                new Hyperparameter("optimizer.name", "adam"),
                new Hyperparameter("optimizer.lr", "0.01"),
                new Hyperparameter("loss", "cross_entropy"),
            ],
            Seed: seed,
            Dataset: new DatasetInfo("fashion-mnist", fingerprint),
            History: new TrainingHistory(history, StopReason.Completed, best),
            TestMetrics: ReportMetrics.From(metrics),
            Predictions: new TestPredictions(predicted, actual, TestPredictions.SelectMisclassified(predicted, actual, images, max: 40)),
            Timings: new RunTimings(history.Sum(h => h.Seconds), 0.42, 21000),
            Environment: EnvironmentInfo.Current("0.1.0", "655b7db"));
    }

    /// <summary>A blob whose shape depends on the label, so the image grid shows distinct pictures.</summary>
    private static void DrawDigitLike(Span<byte> pixels, int label, int index)
    {
        double cx = 14 + 3 * Math.Cos(label), cy = 14 + 3 * Math.Sin(label), r = 5 + label % 4 + index % 3;
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                double d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) * (1 + 0.1 * label));
                double ring = Math.Abs(d - r);
                pixels[y * 28 + x] = (byte)(ring < 2.5 ? 255 - 80 * ring : 0);
            }
        }
    }
}
