// BatchScores: what ImageClassifier.ScoreBatch returns for N images — ML.NET's Score and PredictedLabel columns as
// one row-major matrix and one array, without an object per image.
namespace Experiments.ML.Inference;

/// <summary>
/// The scores of a batch of images: softmax probabilities (<see cref="Scores"/>, N × classes, row-major, each row
/// summing to 1) and the predicted label of each image (<see cref="PredictedLabels"/>, the first highest score).
/// </summary>
public sealed class BatchScores
{
    private readonly float[] _logits;

    internal BatchScores(int count, IReadOnlyList<string> classNames, bool keepLogits)
    {
        Count = count;
        ClassNames = classNames;
        ClassCount = classNames.Count;
        Scores = new float[count * ClassCount];
        PredictedLabels = new int[count];
        _logits = keepLogits ? new float[count * ClassCount] : [];
    }

    /// <summary>Images scored.</summary>
    public int Count { get; }

    /// <summary>Classes per image (the width of a <see cref="Scores"/> row).</summary>
    public int ClassCount { get; }

    /// <summary>Class names in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Softmax probabilities, image i's at [i·ClassCount, (i+1)·ClassCount).</summary>
    public float[] Scores { get; }

    /// <summary>The predicted label index of each image.</summary>
    public int[] PredictedLabels { get; }

    /// <summary>Logits when the caller asked for them (PredictBatch), otherwise empty.</summary>
    internal float[] LogitsOrEmpty => _logits;

    /// <summary>The probabilities of image <paramref name="image"/>.</summary>
    public ReadOnlySpan<float> ScoresOf(int image) => Scores.AsSpan(Row(image) * ClassCount, ClassCount);

    /// <summary>The predicted class name of image <paramref name="image"/>.</summary>
    public string PredictedClassName(int image) => ClassNames[PredictedLabels[Row(image)]];

    /// <summary>The probability of the predicted class of image <paramref name="image"/>.</summary>
    public float Confidence(int image) => Scores[Row(image) * ClassCount + PredictedLabels[image]];

    private int Row(int image)
    {
        if ((uint)image >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(image), image, $"the batch holds {Count} images (0..{Count - 1}).");
        return image;
    }
}
