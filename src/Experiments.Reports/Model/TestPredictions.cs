// Per-sample test predictions: what the comparison needs for McNemar's test and the paired bootstrap, and the
// misclassified images the HTML report shows.
namespace Experiments.Reports.Model;

/// <summary>
/// Predicted and true label of every test sample, in test-set order (N each), and a selection of misclassified
/// test images (the ones the report shows; <see cref="SelectMisclassified"/> picks the first ones).
/// </summary>
public sealed record TestPredictions(IReadOnlyList<int> Predicted, IReadOnlyList<int> Actual, IReadOnlyList<MisclassifiedImage> Misclassified)
{
    /// <summary>N, the number of test samples.</summary>
    public int Count => Actual.Count;

    /// <summary>
    /// The first <paramref name="max"/> misclassified samples in test order, with their pixels copied from
    /// <paramref name="images"/> (row-major, <paramref name="width"/> × <paramref name="height"/> bytes per image).
    /// </summary>
    public static IReadOnlyList<MisclassifiedImage> SelectMisclassified(
        IReadOnlyList<int> predicted, IReadOnlyList<int> actual, ReadOnlySpan<byte> images, int max = 64, int width = 28, int height = 28)
    {
        if (predicted.Count != actual.Count)
            throw new ArgumentException($"predicted has {predicted.Count} labels but actual has {actual.Count}; pass one of each per test sample.", nameof(predicted));
        int pixels = width * height;
        if (images.Length != (long)actual.Count * pixels)
            throw new ArgumentException(
                $"images has {images.Length} bytes but {actual.Count} samples × {width}×{height} = {(long)actual.Count * pixels}; pass the test images in test order.",
                nameof(images));
        var selected = new List<MisclassifiedImage>();
        for (int i = 0; i < actual.Count && selected.Count < max; i++)
        {
            if (predicted[i] != actual[i])
                selected.Add(new MisclassifiedImage(i, actual[i], predicted[i], images.Slice(i * pixels, pixels).ToArray(), width, height));
        }
        return selected;
    }
}

/// <summary>A misclassified test image: its index in the test set, true and predicted label, and raw 8-bit pixels (row-major).</summary>
public sealed record MisclassifiedImage(int Index, int TrueLabel, int PredictedLabel, byte[] Pixels, int Width = 28, int Height = 28);
