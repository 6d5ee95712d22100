// TrainingTestData: small, fast data for the trainer tests: a learnable synthetic set (one bright square per class
// plus seeded noise) and a cached subset of the Fashion-MNIST test file.
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Data.Idx;
using Experiments.ML.Models;
using Experiments.ML.Tests.TestSupport;
using Experiments.ML.Training;

namespace Experiments.ML.Tests.Training;

internal static class TrainingTestData
{
    public const int Side = 8;

    /// <summary>The input schema of the synthetic images (1×8×8, bytes/255, no normalization).</summary>
    public static InputSchema SyntheticSchema => new() { Shape = new InputShape(1, Side, Side) };

    private static readonly Lazy<LabeledImageStore> FashionTest = new(() =>
    {
        var set = IdxLabeledImages.Load(SharedData.FashionMnistFile("t10k-images-idx3-ubyte.gz"), SharedData.FashionMnistFile("t10k-labels-idx1-ubyte.gz"), 10);
        return new LabeledImageStore(set.Pixels, set.Count, 1, set.Height, set.Width, set.Labels,
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);
    });

    /// <summary>The first <paramref name="count"/> images of the Fashion-MNIST test file (loaded once per test run).</summary>
    public static ImageDataView Fashion(int count) => FashionTest.Value.AsView().Take(count);

    /// <summary>
    /// <paramref name="count"/> 1×8×8 images of <paramref name="classes"/> classes: class c lights a 2×2 square at a
    /// class-specific place on a noisy background (seeded), so a small MLP learns it in a few epochs.
    /// </summary>
    public static ImageDataView Synthetic(int count, int classes = 4, ulong seed = 7, Func<int, int, int>? labelOf = null)
    {
        var random = new RandomStream(seed);
        int size = Side * Side;
        var pixels = new byte[count * size];
        var labels = new byte[count];
        for (int r = 0; r < count; r++)
        {
            int c = r % classes;
            for (int k = 0; k < size; k++) pixels[r * size + k] = (byte)random.NextInt(0, 90);
            int y = 2 * (c / 4) + 1, x = 2 * (c % 4);
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++)
                    pixels[r * size + (y + dy) * Side + x + dx] = (byte)random.NextInt(150, 256);
            labels[r] = (byte)(labelOf?.Invoke(r, c) ?? c);
        }
        return new LabeledImageStore(pixels, count, 1, Side, Side, labels, Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray()).AsView();
    }

    /// <summary>All parameters and persistent buffers of a model, flattened in state-dict order.</summary>
    public static float[] Weights(ImageClassificationTransformer model) =>
        model.Network.StateDict().Values.SelectMany(t => t.ToArray()).ToArray();

    /// <summary>Asserts bit-identical arrays, printing the first mismatches and the count.</summary>
    public static void AssertBitIdentical(float[] expected, float[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: lengths {expected.Length} vs {actual.Length}");
        var mismatches = Enumerable.Range(0, expected.Length)
            .Where(i => BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])).ToList();
        Assert.True(mismatches.Count == 0,
            $"{what}: {mismatches.Count} of {expected.Length} values differ; first: " +
            string.Join(", ", mismatches.Take(5).Select(i => $"[{i}] {expected[i]:R} vs {actual[i]:R}")));
    }

    /// <summary>The history without the timing fields (seconds and samples/s differ between runs).</summary>
    public static string[] Untimed(TrainingHistory history) =>
        history.Epochs.Select(e => (e with { Seconds = 0, SamplesPerSecond = 0 }).ToString()).ToArray();
}

/// <summary>Records every callback; can cancel at a given (epoch, batch).</summary>
internal sealed class RecordingProgress(CancellationTokenSource? cancel = null, int cancelEpoch = 0, int cancelBatch = 0) : ITrainingProgress
{
    public List<(int Epoch, int Epochs, int Batches)> Starts { get; } = [];
    public List<BatchProgress> Batches { get; } = [];
    public List<EpochRecord> Ends { get; } = [];
    public Action<EpochRecord>? OnEnd { get; init; }

    public void OnEpochStart(int epoch, int epochs, int batches) => Starts.Add((epoch, epochs, batches));

    public void OnBatchEnd(in BatchProgress progress)
    {
        Batches.Add(progress);
        if (cancel is not null && progress.Epoch == cancelEpoch && progress.Batch == cancelBatch) cancel.Cancel();
    }

    public void OnEpochEnd(EpochRecord record)
    {
        Ends.Add(record);
        OnEnd?.Invoke(record);
    }
}

/// <summary>Adds seeded noise to every pixel (a stand-in augmentation) and counts the images it saw.</summary>
internal sealed class NoiseAugmentation : IBatchTransform
{
    public int Calls { get; private set; }
    public long Images { get; private set; }

    public void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random)
    {
        Calls++;
        Images += count;
        for (int i = 0; i < images.Length; i++) images[i] = Math.Clamp(images[i] + (random.NextSingle() - 0.5f) * 0.1f, 0f, 1f);
    }

    public override string ToString() => "noise(0.1)";
}
