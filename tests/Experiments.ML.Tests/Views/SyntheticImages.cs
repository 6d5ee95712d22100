// SyntheticImages: small labeled image stores built in memory for the data-view tests.
using Experiments.ML.Data;

namespace Experiments.ML.Tests.Views;

internal static class SyntheticImages
{
    /// <summary>
    /// <paramref name="count"/> images of channels x height x width; byte k of row r is (r * 31 + k * 7) mod 256, so rows
    /// differ and the bytes cover 0..255. Labels are <paramref name="label"/>(r), by default r mod classCount.
    /// </summary>
    public static LabeledImageStore Create(int count, int classCount = 3, int channels = 1, int height = 5, int width = 7, Func<int, int>? label = null)
    {
        int size = channels * height * width;
        var pixels = new byte[count * size];
        var labels = new byte[count];
        for (int r = 0; r < count; r++)
        {
            for (int k = 0; k < size; k++)
                pixels[r * size + k] = (byte)((r * 31 + k * 7) % 256);
            labels[r] = (byte)(label?.Invoke(r) ?? r % classCount);
        }
        return new LabeledImageStore(pixels, count, channels, height, width, labels, ClassNames(classCount));
    }

    public static string[] ClassNames(int classCount) => Enumerable.Range(0, classCount).Select(c => $"class{c}").ToArray();

    /// <summary>The expected float image of a store row: each byte / 255f.</summary>
    public static float[] ExpectedImage(LabeledImageStore store, int storeRow) =>
        store.GetPixels(storeRow).ToArray().Select(b => b / 255f).ToArray();

    /// <summary>"index: expected vs actual" for the first mismatches of two sequences, for failure messages.</summary>
    public static string FirstMismatches<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual, int max = 5)
    {
        var lines = new List<string>();
        if (expected.Count != actual.Count) lines.Add($"lengths: expected {expected.Count}, actual {actual.Count}");
        for (int i = 0; i < Math.Min(expected.Count, actual.Count) && lines.Count < max; i++)
            if (!EqualityComparer<T>.Default.Equals(expected[i], actual[i]))
                lines.Add($"[{i}]: expected {expected[i]}, actual {actual[i]}");
        return string.Join("; ", lines);
    }
}
