// PrefetchingBatchCursor yields exactly the batches of the synchronous ImageBatchCursor (augmented, shuffled, with
// a short last batch), survives epoch restarts in the middle of an epoch, and surfaces producer errors.
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Transforms;

namespace Experiments.ML.Tests.Transforms;

public class PrefetchingBatchCursorTests
{
    private static readonly ImageDataView View = AugmentationTestData.RealImages(45).AsView();

    private static BatchCursorOptions Options(bool dropLast = false) => new()
    {
        BatchSize = 8,
        Shuffle = true,
        Seed = 21,
        DropLast = dropLast,
        // Each cursor gets its own pipeline: a pipeline is not thread-safe.
        Transform = AugmentationCatalog.Create(AugmentationTestData.EveryKind.Values.ToArray(), 1, 28, 28),
    };

    private sealed record Batch(float[] Images, int[] Labels, int[] Rows);

    private static List<Batch> ReadSync(ImageBatchCursor cursor, int maxBatches = int.MaxValue)
    {
        var images = new float[cursor.BatchSize * cursor.ImageSize];
        var labels = new int[cursor.BatchSize];
        var batches = new List<Batch>();
        while (batches.Count < maxBatches && cursor.MoveNext(images, labels, out int count))
            batches.Add(new Batch(images.AsSpan(0, count * cursor.ImageSize).ToArray(), labels.AsSpan(0, count).ToArray(), cursor.CurrentRows.ToArray()));
        return batches;
    }

    private static List<Batch> ReadPrefetched(PrefetchingBatchCursor cursor, int maxBatches = int.MaxValue)
    {
        var batches = new List<Batch>();
        while (batches.Count < maxBatches && cursor.MoveNext())
        {
            Thread.Sleep(1); // let the producer run ahead, as a training step would
            batches.Add(new Batch(cursor.CurrentImages.ToArray(), cursor.CurrentLabels.ToArray(), cursor.CurrentRows.ToArray()));
        }
        return batches;
    }

    private static void AssertSame(List<Batch> expected, List<Batch> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int b = 0; b < expected.Count; b++)
        {
            Assert.True(expected[b].Images.AsSpan().SequenceEqual(actual[b].Images), $"{what}: images of batch {b} differ");
            Assert.Equal(expected[b].Labels, actual[b].Labels);
            Assert.Equal(expected[b].Rows, actual[b].Rows);
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void YieldsTheSynchronousCursorsBatches_BitIdentical_EveryEpoch(bool dropLast, bool background)
    {
        ImageBatchCursor sync = View.GetBatchCursor(Options(dropLast));
        using var prefetch = new PrefetchingBatchCursor(View, Options(dropLast), background);
        Assert.Equal(background, prefetch.Background);
        Assert.Equal((sync.BatchSize, sync.BatchCount, sync.RowsPerEpoch, sync.ImageSize), (prefetch.BatchSize, prefetch.BatchCount, prefetch.RowsPerEpoch, prefetch.ImageSize));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            if (epoch > 0) { sync.StartEpoch(epoch); prefetch.StartEpoch(epoch); }
            List<Batch> expected = ReadSync(sync);
            List<Batch> actual = ReadPrefetched(prefetch);
            Assert.Equal(dropLast ? 5 : 6, actual.Count);
            AssertSame(expected, actual, $"epoch {epoch}");
            Assert.Equal(actual.Count, prefetch.BatchIndex);
            Assert.False(prefetch.MoveNext());  // stays at the end
        }
    }

    [Fact]
    public void CopyingMoveNext_FillsCallerBuffersLikeTheCursor()
    {
        ImageBatchCursor sync = View.GetBatchCursor(Options());
        using var prefetch = new PrefetchingBatchCursor(View, Options());
        var a = new float[8 * 784]; var la = new int[8];
        var b = new float[8 * 784]; var lb = new int[8];
        int batches = 0;
        while (sync.MoveNext(a, la, out int ca))
        {
            Assert.True(prefetch.MoveNext(b, lb, out int cb));
            Assert.Equal(ca, cb);
            Assert.True(a.AsSpan(0, ca * 784).SequenceEqual(b.AsSpan(0, cb * 784)));
            Assert.Equal(la.AsSpan(0, ca).ToArray(), lb.AsSpan(0, cb).ToArray());
            batches++;
        }
        Assert.False(prefetch.MoveNext(b, lb, out int end));
        Assert.Equal((6, 0), (batches, end));
    }

    [Fact]
    public void RestartingAnEpochMidway_GivesTheSameBatchesAsAFreshRead()
    {
        using var prefetch = new PrefetchingBatchCursor(View, Options());
        ReadPrefetched(prefetch, maxBatches: 2);          // abandon epoch 0 with the producer a batch ahead
        prefetch.StartEpoch(4);
        ReadPrefetched(prefetch, maxBatches: 1);
        prefetch.StartEpoch(1);
        List<Batch> actual = ReadPrefetched(prefetch);

        ImageBatchCursor sync = View.GetBatchCursor(Options());
        sync.StartEpoch(1);
        AssertSame(ReadSync(sync), actual, "epoch 1 after restarts");
    }

    private sealed class FailingTransform(int failOnCall) : IBatchTransform
    {
        private int _calls;
        public void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random)
        {
            if (++_calls == failOnCall) throw new InvalidOperationException("transform failed on purpose");
        }
    }

    private sealed class CountingTransform : IBatchTransform
    {
        private int _calls;
        public int Calls => Volatile.Read(ref _calls);
        public void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random) => Interlocked.Increment(ref _calls);
    }

    [Fact]
    public void ProducesExactlyOneBatchAhead_WhileTheCallerHoldsTheCurrentOne()
    {
        var counting = new CountingTransform();
        using var prefetch = new PrefetchingBatchCursor(View, new BatchCursorOptions { BatchSize = 8, Transform = counting });
        // Production is lazy: nothing is prepared before the first StartEpoch.
        Thread.Sleep(50);
        Assert.Equal(0, counting.Calls);
        prefetch.StartEpoch(0);
        // Two slots: before any MoveNext, batches 0 and 1 are prepared; then the producer waits for a free slot.
        Assert.True(SpinWait.SpinUntil(() => counting.Calls == 2, TimeSpan.FromSeconds(10)), $"expected 2 batches prepared, saw {counting.Calls}");
        Assert.True(prefetch.MoveNext());   // holding batch 0, batch 1 is ready: still 2
        Thread.Sleep(50);
        Assert.Equal(2, counting.Calls);
        Assert.True(prefetch.MoveNext());   // holding batch 1 frees batch 0's slot: batch 2 is prepared meanwhile
        Assert.True(SpinWait.SpinUntil(() => counting.Calls == 3, TimeSpan.FromSeconds(10)), $"expected batch 2 prepared while batch 1 is held, saw {counting.Calls}");
        Thread.Sleep(50);
        Assert.Equal(3, counting.Calls); // never more than one batch ahead of the one held
    }

    [Fact]
    public void AnErrorWhileProducing_IsRethrownByMoveNext_AfterTheGoodBatches()
    {
        using var prefetch = new PrefetchingBatchCursor(View, new BatchCursorOptions { BatchSize = 8, Transform = new FailingTransform(3) });
        Assert.True(prefetch.MoveNext());
        Assert.True(prefetch.MoveNext());
        var e = Assert.Throws<InvalidOperationException>(() => prefetch.MoveNext());
        Assert.Equal("transform failed on purpose", e.Message);
        Assert.False(prefetch.MoveNext());
    }

    [Fact]
    public void AfterDispose_UseFailsClearly()
    {
        var prefetch = new PrefetchingBatchCursor(View, Options());
        Assert.True(prefetch.MoveNext());
        prefetch.Dispose();
        prefetch.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => prefetch.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => prefetch.StartEpoch(1));
    }
}
