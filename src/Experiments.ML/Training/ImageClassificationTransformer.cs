// ImageClassificationTransformer: a trained model (ML.NET's prediction transformer): the network, the spec and
// input schema it was built from, the class names and the training history. Scores are softmax probabilities.
// Scoring runs in eval mode without gradients; the instance is not thread-safe (the network's forward pass
// keeps per-call state), so use one per thread or lock.
using Experiments.Engine;
using Experiments.ML.Data;
using Experiments.ML.Evaluation;
using Experiments.ML.Models;

namespace Experiments.ML.Training;

/// <summary>
/// The result of <see cref="ImageClassificationTrainer.Fit"/>: adds <c>Score</c> (softmax probabilities, one per
/// class) and <c>PredictedLabel</c> (argmax) to image views, scores raw pixel batches, and evaluates.
/// </summary>
public sealed class ImageClassificationTransformer
{
    private const int ScoringBatchSize = 256;
    private readonly KeyDataViewType _labelType;
    private readonly InputNormalizer _normalizer;

    internal ImageClassificationTransformer(Network network, ArchitectureSpec spec, InputSchema inputSchema, KeyDataViewType labelType,
        TrainingHistory history, TrainerOptions options)
    {
        Network = network;
        Spec = spec;
        InputSchema = inputSchema;
        _labelType = labelType;
        _normalizer = new InputNormalizer(inputSchema);
        History = history;
        Options = options;
    }

    /// <summary>The trained network (eval mode), weights of <see cref="TrainingHistory.BestEpoch"/>.</summary>
    public Network Network { get; }

    /// <summary>The architecture the network was built from.</summary>
    public ArchitectureSpec Spec { get; }

    /// <summary>The input contract: shape, pixel scaling and normalization.</summary>
    public InputSchema InputSchema { get; }

    /// <summary>Class names by label value (the training label's key names).</summary>
    public IReadOnlyList<string> ClassNames => _labelType.ClassNames;

    /// <summary>Number of classes (K).</summary>
    public int ClassCount => _labelType.Count;

    /// <summary>Per-epoch history, stop reason and best epoch.</summary>
    public TrainingHistory History { get; }

    /// <summary>The options the model was trained with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The schema <see cref="Transform"/> produces for <paramref name="inputSchema"/>.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var image = inputSchema[DefaultColumnNames.Image];
        var shape = InputSchema.Shape;
        if (image.Type is not ImageDataViewType t || t.Channels != shape.Channels || t.Height != shape.Height || t.Width != shape.Width)
            throw new DataException($"Column '{DefaultColumnNames.Image}' is {image.Type}, but the model expects Image<float32>[{shape.Channels},{shape.Height},{shape.Width}].");
        var label = inputSchema[DefaultColumnNames.Label];
        if (!label.Type.Equals(_labelType))
            throw new DataException($"Column '{DefaultColumnNames.Label}' is {label.Type} but the model was trained on {_labelType} with classes [{string.Join(", ", ClassNames)}].");
        return ImageClassificationTrainer.OutputSchema(inputSchema, _labelType);
    }

    /// <summary>A lazy view of <paramref name="view"/> with <c>Score</c> and <c>PredictedLabel</c> columns (computed when read).</summary>
    public ScoredImageDataView Transform(ImageDataView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new ScoredImageDataView(this, view, GetOutputSchema(view.Schema));
    }

    /// <summary>
    /// Class probabilities for <paramref name="count"/> images given as pixels in [0, 1] (N·C·H·W floats, NCHW),
    /// normalized with <see cref="InputSchema"/>. <paramref name="probabilities"/> receives N·K floats.
    /// </summary>
    public void Score(ReadOnlySpan<float> pixels01, int count, Span<float> probabilities)
    {
        var shape = InputSchema.Shape;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (pixels01.Length != (long)count * shape.Length)
            throw new ArgumentException($"Expected {count} images of {shape.Channels}×{shape.Height}×{shape.Width} = {(long)count * shape.Length} floats; found {pixels01.Length}.", nameof(pixels01));
        if (probabilities.Length < (long)count * ClassCount)
            throw new ArgumentException($"The probability buffer holds {probabilities.Length} floats; {count} images × {ClassCount} classes need {(long)count * ClassCount}.", nameof(probabilities));
        if (count == 0) return;
        float[] images = pixels01.ToArray();
        _normalizer.Apply(images, count);
        Network.Eval();
        using (Autograd.NoGrad())
            Network.Call(Tensor.Wrap(images, count, shape.Channels, shape.Height, shape.Width)).Softmax(1).Data.CopyTo(probabilities);
    }

    /// <summary>ML.NET's multiclass metrics on <paramref name="test"/> (eval mode, no grad, batched).</summary>
    public MulticlassClassificationMetrics Evaluate(ImageDataView test, int topK = 1) => EvaluateWithPredictions(test, topK).Metrics;

    /// <summary>
    /// Metrics plus per-row labels, predicted labels and probabilities in view order (for McNemar tests and
    /// error analysis).
    /// </summary>
    public EvaluationResult EvaluateWithPredictions(ImageDataView test, int topK = 1)
    {
        ArgumentNullException.ThrowIfNull(test);
        GetOutputSchema(test.Schema);
        int k = ClassCount;
        var probabilities = new float[(long)test.RowCount * k];
        var labels = new int[test.RowCount];
        var predicted = new int[test.RowCount];
        ScoreRows(test, probabilities, labels, predicted);
        var metrics = MulticlassEvaluator.Evaluate(probabilities, labels, k, ClassNames, topK);
        return new EvaluationResult(metrics, labels, predicted, probabilities, k);
    }

    /// <summary>Fills probabilities (N·K), labels and predicted labels (N) for every row of <paramref name="view"/>.</summary>
    internal void ScoreRows(ImageDataView view, Span<float> probabilities, Span<int> labels, Span<int> predicted)
    {
        int k = ClassCount;
        float[] probs = new float[(long)view.RowCount * k];
        int[] labelArray = new int[view.RowCount], predictedArray = new int[view.RowCount];
        BatchInference.Run(Network, _normalizer, view, ScoringBatchSize, (logits, batchLabels, firstRow) =>
        {
            Span<float> p = probs.AsSpan(firstRow * k, batchLabels.Length * k);
            logits.Softmax(1).Data.CopyTo(p);
            for (int i = 0; i < batchLabels.Length; i++)
            {
                labelArray[firstRow + i] = batchLabels[i];
                predictedArray[firstRow + i] = TrainingLoss.ArgMax(p.Slice(i * k, k));
            }
        });
        probs.CopyTo(probabilities);
        labelArray.CopyTo(labels);
        predictedArray.CopyTo(predicted);
    }
}
