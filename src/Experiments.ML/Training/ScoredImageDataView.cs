// ScoredImageDataView: the output of ImageClassificationTransformer.Transform: the source view's columns plus
// Score and PredictedLabel, computed when read (lazy, like ML.NET's transformed views) and batched.
using Experiments.ML.Data;

namespace Experiments.ML.Training;

/// <summary>
/// A scored image view: <c>Image</c>, <c>Label</c>, <c>Score</c> (probabilities) and <c>PredictedLabel</c>.
/// Nothing is computed until a read method is called; reading twice gives the same values.
/// </summary>
public sealed class ScoredImageDataView : IDataView
{
    private readonly ImageClassificationTransformer _model;

    internal ScoredImageDataView(ImageClassificationTransformer model, ImageDataView source, DataViewSchema schema)
    {
        _model = model;
        Source = source;
        Schema = schema;
    }

    /// <summary>The view that was transformed.</summary>
    public ImageDataView Source { get; }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public int RowCount => Source.RowCount;

    /// <summary>Number of classes (length of each Score vector).</summary>
    public int ClassCount => _model.ClassCount;

    /// <summary>
    /// Reads every row: <paramref name="scores"/> gets N·K probabilities (row-major), <paramref name="predictedLabels"/>
    /// and <paramref name="labels"/> N values each. Runs the model in batches.
    /// </summary>
    public void ReadAll(Span<float> scores, Span<int> predictedLabels, Span<int> labels)
    {
        long n = RowCount;
        if (scores.Length < n * ClassCount || predictedLabels.Length < n || labels.Length < n)
            throw new ArgumentException($"The buffers hold {scores.Length} scores, {predictedLabels.Length} predictions and {labels.Length} labels; {n} rows × {ClassCount} classes need {n * ClassCount}, {n} and {n}.");
        _model.ScoreRows(Source, scores, labels, predictedLabels);
    }

    /// <summary>The Score column, N·K probabilities row-major.</summary>
    public float[] GetScores()
    {
        var scores = new float[(long)RowCount * ClassCount];
        ReadAll(scores, new int[RowCount], new int[RowCount]);
        return scores;
    }

    /// <summary>The PredictedLabel column.</summary>
    public int[] GetPredictedLabels()
    {
        var predicted = new int[RowCount];
        ReadAll(new float[(long)RowCount * ClassCount], predicted, new int[RowCount]);
        return predicted;
    }
}
