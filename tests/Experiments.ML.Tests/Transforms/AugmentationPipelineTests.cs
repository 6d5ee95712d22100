// AugmentationPipeline and AugmentationCatalog: seed reproducibility of every step through a cursor, independence
// from the thread count, no allocation per batch, and validation errors that name the parameter.
using Experiments.Engine;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Transforms;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Tests.Transforms;

// Tests here change the process-wide Parallelism.MaxThreads; results must not depend on it, so other test classes
// running meanwhile are unaffected, but these tests are kept in one non-parallel collection to restore it reliably.
[Collection(nameof(ParallelismCollection))]
public class AugmentationPipelineTests
{
    private static readonly ImageDataView View = AugmentationTestData.RealImages(40).AsView();

    [Theory]
    [MemberData(nameof(AugmentationTestData.Kinds), MemberType = typeof(AugmentationTestData))]
    public void EveryStep_IsReproducibleForSeedAndEpoch_AndDrawsAfreshPerEpochAndSeed(string kind)
    {
        AugmentationPipeline pipeline = AugmentationCatalog.Create([AugmentationTestData.EveryKind[kind]], 1, 28, 28);
        float[] original = AugmentationTestData.ReadEpoch(View, null, seed: 7, epoch: 0);
        float[] first = AugmentationTestData.ReadEpoch(View, pipeline, seed: 7, epoch: 0);
        float[] again = AugmentationTestData.ReadEpoch(View, pipeline, seed: 7, epoch: 0);
        float[] nextEpoch = AugmentationTestData.ReadEpoch(View, pipeline, seed: 7, epoch: 1);
        float[] otherSeed = AugmentationTestData.ReadEpoch(View, pipeline, seed: 8, epoch: 0);

        Assert.True(first.AsSpan().SequenceEqual(again), $"{kind}: same seed and epoch gave different batches");
        Assert.False(first.AsSpan().SequenceEqual(original), $"{kind}: the step changed nothing");
        Assert.False(first.AsSpan().SequenceEqual(nextEpoch), $"{kind}: epochs 0 and 1 drew the same augmentation");
        Assert.False(first.AsSpan().SequenceEqual(otherSeed), $"{kind}: seeds 7 and 8 drew the same augmentation");
        // Ten copies of each image in the view: the copies must not all get the same draw.
        int changedDifferently = 0;
        for (int r = 4; r < 40; r += 4)
            if (!first.AsSpan(r * 784, 784).SequenceEqual(first.AsSpan(0, 784))) changedDifferently++;
        Assert.True(changedDifferently >= 3, $"{kind}: copies of one image were augmented identically ({changedDifferently} of 9 differ)");
    }

    [Fact]
    public void Results_AreBitIdenticalForAnyThreadCount_AndEqualThePerImageReference()
    {
        AugmentationPipeline pipeline = AugmentationCatalog.Create(AugmentationTestData.EveryKind.Values.ToArray(), 1, 28, 28);
        int before = Parallelism.MaxThreads;
        try
        {
            var results = new List<float[]>();
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.MaxThreads = threads;
                results.Add(AugmentationTestData.ReadEpoch(View, pipeline, seed: 11, epoch: 2, batchSize: 13, shuffle: true));
            }
            Assert.True(results[0].AsSpan().SequenceEqual(results[1]), "1 and 2 threads differ");
            Assert.True(results[0].AsSpan().SequenceEqual(results[2]), "1 and 3 threads differ");

            // Reference: image n of a batch uses new RandomStream(seed n), seeds drawn in order from the batch stream.
            var cursor = View.GetBatchCursor(new BatchCursorOptions { BatchSize = 13, Seed = 11, Shuffle = true });
            cursor.StartEpoch(2);
            var batchStream = new RandomStream(RandomStreams.Derive(RandomStreams.Derive(11, RandomStreams.Names.Augmentation), 2));
            var images = new float[13 * 784];
            var labels = new int[13];
            var scratch = new float[pipeline.ScratchSize];
            int at = 0;
            while (cursor.MoveNext(images, labels, out int count))
            {
                for (int n = 0; n < count; n++)
                {
                    var imageStream = new RandomStream(batchStream.NextUInt64());
                    pipeline.ApplyToImage(images.AsSpan(n * 784, 784), imageStream, scratch);
                }
                Assert.True(results[1].AsSpan(at, count * 784).SequenceEqual(images.AsSpan(0, count * 784)), $"batch {cursor.BatchIndex - 1} differs from the per-image reference");
                at += count * 784;
            }
            Assert.Equal(40 * 784, at);
        }
        finally
        {
            Parallelism.MaxThreads = before;
        }
    }

    [Fact]
    public void Apply_AllocatesNothingPerBatch_OnOneThreadOrTwo()
    {
        AugmentationPipeline pipeline = AugmentationCatalog.Create(AugmentationTestData.EveryKind.Values.ToArray(), 1, 28, 28);
        int before = Parallelism.MaxThreads;
        try
        {
            var images = AugmentationTestData.ReadEpoch(View, null, 0, 0).AsSpan(0, 16 * 784).ToArray();
            var random = new RandomStream(3);

            Parallelism.MaxThreads = 1;
            pipeline.Apply(images, 16, 1, 28, 28, random); // first batch sizes the buffers
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++) pipeline.Apply(images, 16, 1, 28, 28, random);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);

            // Two threads: the second block runs on a pool thread, so count every thread's allocations. This
            // collection runs alone; the bound leaves room for the runtime's own rare allocations, while a
            // Parallel.For per batch (about 1.5 KB each) would exceed it many times over.
            // The quietest of several windows is taken, so background JIT tiering or the test runner cannot fail it.
            Parallelism.MaxThreads = 2;
            for (int i = 0; i < 30; i++) pipeline.Apply(images, 16, 1, 28, 28, random);
            long quietest = long.MaxValue;
            for (int window = 0; window < 5; window++)
            {
                long total = GC.GetTotalAllocatedBytes(precise: true);
                for (int i = 0; i < 10; i++) pipeline.Apply(images, 16, 1, 28, 28, random);
                quietest = Math.Min(quietest, (GC.GetTotalAllocatedBytes(precise: true) - total) / 10);
            }
            Assert.True(quietest < 200, $"{quietest} bytes allocated per batch on 2 threads (quietest of 5 windows of 10 batches)");
        }
        finally
        {
            Parallelism.MaxThreads = before;
        }
    }

    private sealed class ThrowingStep : IImageAugmentation
    {
        public string Name => "throwing";
        public int ScratchSize => 0;
        public void Augment(Span<float> image, RandomStream random, Span<float> scratch)
        {
            if (image[0] < 0) throw new InvalidOperationException("negative pixel");
        }
    }

    [Fact]
    public void AStepThatThrowsOnAWorkerThread_FailsTheBatch()
    {
        var pipeline = new AugmentationPipeline([new ThrowingStep()], new ImageShape(1, 28, 28));
        int before = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 2;
            var images = new float[4 * 784];
            images[3 * 784] = -1; // image 3 is in the second block
            var e = Assert.Throws<InvalidOperationException>(() => pipeline.Apply(images, 4, 1, 28, 28, new RandomStream(0)));
            Assert.Equal("negative pixel", e.Message);
            images[3 * 784] = 0;
            pipeline.Apply(images, 4, 1, 28, 28, new RandomStream(0)); // and the pipeline is usable afterwards
        }
        finally
        {
            Parallelism.MaxThreads = before;
        }
    }

    [Fact]
    public void Apply_RejectsABatchOfAnotherShape()
    {
        AugmentationPipeline pipeline = AugmentationCatalog.Create([new RandomHorizontalFlipOptions()], 1, 28, 28);
        var e = Assert.Throws<ArgumentException>(() => pipeline.Apply(new float[3 * 32 * 32], 1, 3, 32, 32, new RandomStream(0)));
        Assert.Contains("1x28x28", e.Message);
        Assert.Contains("3x32x32", e.Message);
    }

    [Theory]
    [InlineData("saturation")]
    [InlineData("hue")]
    public void ColorJitter_SaturationOrHueOnGrayscale_IsAValidationErrorThatSaysWhy(string key)
    {
        var options = key == "saturation"
            ? new ColorJitterOptions { Brightness = ColorJitterOptions.Factor(0.2), Saturation = ColorJitterOptions.Factor(0.3) }
            : new ColorJitterOptions { Brightness = ColorJitterOptions.Factor(0.2), Hue = ValueRange.Symmetric(0.1) };
        var e = Assert.Throws<AugmentationOptionsException>(() => AugmentationCatalog.Create([new RandomHorizontalFlipOptions(), options], 1, 28, 28));
        Assert.Equal(key, e.Key);
        Assert.Contains("step 2 (color_jitter)", e.Message);
        Assert.Contains("1 channel (grayscale)", e.Message);
    }

    [Fact]
    public void Catalog_RejectsBadParameters_NamingTheKey()
    {
        Assert.Equal("size", Assert.Throws<AugmentationOptionsException>(() =>
            AugmentationCatalog.Create(new RandomCropOptions { Height = 24, Width = 24 }, 1, 28, 28)).Key);
        Assert.Equal("contrast", Assert.Throws<AugmentationOptionsException>(() =>
            AugmentationCatalog.Create(new ColorJitterOptions { Contrast = ColorJitterOptions.Factor(0.2) }, 2, 28, 28)).Key);
        Assert.Equal("degrees", Assert.Throws<AugmentationOptionsException>(() =>
            AugmentationCatalog.Create(new RandomRotationOptions { Degrees = new(10, -10) }, 1, 28, 28)).Key);
        Assert.Equal("p", Assert.Throws<AugmentationOptionsException>(() =>
            AugmentationCatalog.Create(new RandomErasingOptions { P = 1.5 }, 1, 28, 28)).Key);
        Assert.Equal("sigma", Assert.Throws<AugmentationOptionsException>(() =>
            AugmentationCatalog.Create(new ElasticDistortionOptions { Sigma = 0 }, 1, 28, 28)).Key);
        Assert.Equal("std", Assert.Throws<AugmentationOptionsException>(() => new Normalize([0.5], [0.0], new ImageShape(1, 28, 28))).Key);
    }

    [Fact]
    public void Catalog_BuildsEveryKind_AndReportsItsName()
    {
        foreach ((string kind, AugmentationOptions options) in AugmentationTestData.EveryKind)
            Assert.Equal(kind, AugmentationCatalog.CreateStep(options, 1, 28, 28).Name);
        Assert.Equal(AugmentationCatalog.Kinds.Order(), AugmentationTestData.EveryKind.Keys.Order());
        AugmentationPipeline forView = AugmentationCatalog.Create(AugmentationTestData.EveryKind.Values.ToArray(), View.ImageType);
        Assert.Equal(new ImageShape(1, 28, 28), forView.Shape);
        Assert.Equal(AugmentationTestData.EveryKind.Keys, forView.Steps.Select(s => s.Name));
    }
}

/// <summary>Test classes that change Parallelism.MaxThreads run one at a time.</summary>
[CollectionDefinition(nameof(ParallelismCollection), DisableParallelization = true)]
public sealed class ParallelismCollection;
