using Experiments.Engine.Random;
using Experiments.ML.Data;

namespace Experiments.ML.Tests.Views;

public class ImageBatchCursorTests
{
    /// <summary>Reads one epoch; returns the store row of every image read, checking pixels and labels against the store.</summary>
    private static List<int> ReadEpochAndCheckContents(ImageDataView view, ImageBatchCursor cursor, List<int>? batchCounts = null)
    {
        int size = cursor.ImageSize;
        var images = new float[cursor.BatchSize * size];
        var labels = new int[cursor.BatchSize];
        var storeRows = new List<int>();
        while (cursor.MoveNext(images, labels, out int count))
        {
            batchCounts?.Add(count);
            Assert.Equal(count, cursor.CurrentRows.Length);
            for (int i = 0; i < count; i++)
            {
                int storeRow = view.StoreRows[cursor.CurrentRows[i]];
                float[] expected = SyntheticImages.ExpectedImage(view.Store, storeRow);
                float[] actual = images.AsSpan(i * size, size).ToArray();
                Assert.True(expected.SequenceEqual(actual), $"batch {cursor.BatchIndex - 1}, image {i} (store row {storeRow}): {SyntheticImages.FirstMismatches(expected, actual)}");
                Assert.Equal(view.Store.GetLabel(storeRow), labels[i]);
                storeRows.Add(storeRow);
            }
        }
        return storeRows;
    }

    [Fact]
    public void UnshuffledCursor_FillsBatchesWithTheViewRowsInOrder_ScaledExactly()
    {
        var store = SyntheticImages.Create(23, classCount: 4, channels: 2, height: 4, width: 5);
        var view = store.AsView().Skip(3);
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = 6 });
        var counts = new List<int>();

        List<int> rows = ReadEpochAndCheckContents(view, cursor, counts);

        Assert.Equal(view.StoreRows.ToArray(), rows);
        Assert.Equal(new[] { 6, 6, 6, 2 }, counts);  // short last batch reports its count
        Assert.Equal((4, 20), (cursor.BatchCount, cursor.RowsPerEpoch));
    }

    [Fact]
    public void DropLast_SkipsTheShortLastBatch()
    {
        var view = SyntheticImages.Create(20).AsView();
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = 6, DropLast = true });
        var counts = new List<int>();
        List<int> rows = ReadEpochAndCheckContents(view, cursor, counts);

        Assert.Equal(new[] { 6, 6, 6 }, counts);
        Assert.Equal(Enumerable.Range(0, 18), rows);
        Assert.Equal((3, 18), (cursor.BatchCount, cursor.RowsPerEpoch));
        Assert.False(cursor.MoveNext(new float[6 * 35], new int[6], out int after));
        Assert.Equal(0, after);
    }

    [Fact]
    public void ShuffledEpochs_AreReproducible_DifferBetweenEpochs_AndCoverEveryRow()
    {
        var view = SyntheticImages.Create(40, classCount: 5).AsView().Shuffle(1).Take(30);
        var options = new BatchCursorOptions { BatchSize = 7, Shuffle = true, Seed = 99 };
        var cursor = view.GetBatchCursor(options);
        var epochs = new List<List<int>>();
        for (int e = 0; e < 4; e++)
        {
            cursor.StartEpoch(e);
            epochs.Add(ReadEpochAndCheckContents(view, cursor));
        }

        foreach (List<int> epoch in epochs)
            Assert.Equal(view.StoreRows.ToArray().Order(), epoch.Order());
        for (int e = 1; e < epochs.Count; e++)
            Assert.False(epochs[e].SequenceEqual(epochs[e - 1]), $"epochs {e - 1} and {e} have the same order");

        // A resumed run: a fresh cursor started at epoch 3 sees exactly epoch 3 of the uninterrupted one.
        var resumed = view.GetBatchCursor(options);
        resumed.StartEpoch(3);
        List<int> resumedRows = ReadEpochAndCheckContents(view, resumed);
        Assert.True(epochs[3].SequenceEqual(resumedRows), $"resumed epoch 3 differs: {SyntheticImages.FirstMismatches(epochs[3], resumedRows)}");

        // Another seed gives another order.
        var other = view.GetBatchCursor(options with { Seed = 100 });
        other.StartEpoch(3);
        Assert.False(ReadEpochAndCheckContents(view, other).SequenceEqual(epochs[3]), "seeds 99 and 100 gave the same epoch-3 order");
    }

    [Fact]
    public void ShuffleOrder_IsTheDocumentedStreamOfSeedAndEpoch()
    {
        var view = SyntheticImages.Create(25).AsView().Skip(5);
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = 4, Shuffle = true, Seed = 1234 });
        cursor.StartEpoch(5);
        List<int> rows = ReadEpochAndCheckContents(view, cursor);

        int[] order = Enumerable.Range(0, view.RowCount).ToArray();
        new RandomStreams(1234).Stream(RandomStreams.Names.Shuffle, 5).Shuffle<int>(order);
        Assert.Equal(order.Select(i => view.StoreRows[i]), rows);
    }

    [Fact]
    public void UnshuffledCursor_GivesTheSameOrderEveryEpoch()
    {
        var view = SyntheticImages.Create(10).AsView().Shuffle(4);
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = 3, Seed = 5 });
        List<int> first = ReadEpochAndCheckContents(view, cursor);
        cursor.StartEpoch(1);
        Assert.Equal(first, ReadEpochAndCheckContents(view, cursor));
        Assert.Equal(view.StoreRows.ToArray(), first);
    }

    [Fact]
    public void BadOptionsAndBuffers_AreRejected()
    {
        var view = SyntheticImages.Create(10).AsView();
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => view.GetBatchCursor(new BatchCursorOptions { BatchSize = 0 }));
        Assert.Contains("got 0", zero.Message);
        var tooBig = Assert.Throws<DataException>(() => view.GetBatchCursor(new BatchCursorOptions { BatchSize = 11, DropLast = true }));
        Assert.Contains("batch size of 11 over a view of 10 rows", tooBig.Message);
        Assert.Equal(1, view.GetBatchCursor(new BatchCursorOptions { BatchSize = 11 }).BatchCount);

        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = 4 });
        var images = Assert.Throws<ArgumentException>(() => cursor.MoveNext(new float[4 * 35 - 1], new int[4], out _));
        Assert.Contains("holds 139 floats", images.Message);
        Assert.Contains("needs 140", images.Message);
        Assert.Throws<ArgumentException>(() => cursor.MoveNext(new float[4 * 35], new int[3], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => cursor.StartEpoch(-1));
    }

    [Fact]
    public void EmptyView_HasNoBatches()
    {
        var cursor = SyntheticImages.Create(5).AsView().Take(0).GetBatchCursor(new BatchCursorOptions { BatchSize = 2, Shuffle = true });
        Assert.Equal(0, cursor.BatchCount);
        Assert.False(cursor.MoveNext(new float[70], new int[2], out int count));
        Assert.Equal(0, count);
    }

    /// <summary>Adds one uniform draw per batch to every pixel and records the shapes it was called with.</summary>
    private sealed class AddOffsetTransform : IBatchTransform
    {
        public readonly List<(int Length, int Count, int Channels, int Height, int Width)> Calls = [];

        public void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random)
        {
            Calls.Add((images.Length, count, channels, height, width));
            float offset = random.NextSingle();
            foreach (ref float value in images) value += offset;
        }
    }

    [Fact]
    public void Transform_IsAppliedToEachFilledBatch_WithTheEpochsAugmentationStream()
    {
        var view = SyntheticImages.Create(10, channels: 2, height: 3, width: 4).AsView();
        var transform = new AddOffsetTransform();
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = 4, Seed = 77, Transform = transform });
        cursor.StartEpoch(2);
        RandomStream expectedRandom = new RandomStreams(77).Stream(RandomStreams.Names.Augmentation, 2);
        var images = new float[4 * 24];
        var labels = new int[4];

        while (cursor.MoveNext(images, labels, out int count))
        {
            float offset = expectedRandom.NextSingle();
            for (int i = 0; i < count; i++)
            {
                float[] expected = SyntheticImages.ExpectedImage(view.Store, cursor.CurrentRows[i]).Select(v => v + offset).ToArray();
                float[] actual = images.AsSpan(i * 24, 24).ToArray();
                Assert.True(expected.SequenceEqual(actual), $"batch {cursor.BatchIndex - 1}, image {i}: {SyntheticImages.FirstMismatches(expected, actual)}");
            }
        }
        Assert.Equal([(96, 4, 2, 3, 4), (96, 4, 2, 3, 4), (48, 2, 2, 3, 4)], transform.Calls);
    }

    /// <summary>Flips every image horizontally in place; allocates nothing.</summary>
    private sealed class FlipTransform : IBatchTransform
    {
        public void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random)
        {
            for (int row = 0; row < count * channels * height; row++)
                images.Slice(row * width, width).Reverse();
            random.NextUInt64();
        }
    }

    [Fact]
    public void SteadyState_AllocatesNothingPerBatch()
    {
        var view = SyntheticImages.Create(203, classCount: 10, height: 28, width: 28).AsView();
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = 8, Shuffle = true, Seed = 3, Transform = new FlipTransform() });
        var images = new float[8 * 784];
        var labels = new int[8];
        for (int e = 0; e < 2; e++) // warm-up: JIT and tiering
        {
            cursor.StartEpoch(e);
            while (cursor.MoveNext(images, labels, out _)) { }
        }

        long inBatches = 0, total = 0;
        int batches = 0;
        for (int e = 2; e < 22; e++)
        {
            long epochStart = GC.GetAllocatedBytesForCurrentThread();
            cursor.StartEpoch(e);
            long batchesStart = GC.GetAllocatedBytesForCurrentThread();
            while (cursor.MoveNext(images, labels, out _)) batches++;
            long end = GC.GetAllocatedBytesForCurrentThread();
            inBatches += end - batchesStart;
            total += end - epochStart;
        }

        Assert.Equal(20 * 26, batches);
        Assert.True(inBatches == 0, $"MoveNext allocated {inBatches} bytes over {batches} batches");
        // StartEpoch creates two small RandomStream objects per epoch and nothing else.
        Assert.True(total <= 20 * 256, $"20 epochs allocated {total} bytes in all (bound {20 * 256})");
    }
}
