// IdxScore: the result of classifying every image of an IDX file, with accuracy when labels were given.
namespace Experiments.ML.Inference;

/// <summary>
/// Predictions for every image of an IDX file, in file order: the predicted labels and their probabilities, and —
/// when a labels file was given — the true labels, the number correct and the accuracy.
/// </summary>
public sealed record IdxScore(string ImagesPath, int[] PredictedLabels, float[] Confidences, byte[]? TrueLabels)
{
    /// <summary>Images classified.</summary>
    public int Count => PredictedLabels.Length;

    /// <summary>Images whose prediction equals the label, or null without labels.</summary>
    public int? Correct => TrueLabels is null ? null : PredictedLabels.Where((p, i) => p == TrueLabels[i]).Count();

    /// <summary>Correct / Count, or null without labels.</summary>
    public double? Accuracy => Correct is { } c && Count > 0 ? (double)c / Count : null;
}
