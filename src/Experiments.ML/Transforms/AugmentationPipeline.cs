// AugmentationPipeline: the IBatchTransform a training cursor runs: every image of a batch goes through the steps in
// order, each image with its own random stream.
//
// Determinism across threads: before any work, one seed per image is drawn sequentially from the batch stream the
// cursor hands in (stream ("augmentation", epoch) of the run seed). Image n's stream is new RandomStream(seed[n]),
// so what image n gets depends only on (run seed, epoch, its position in the epoch), never on how images are split
// between threads: results are bit-identical for 1, 2 or n threads.
// Parallelism: images are split into min(count, Parallelism.MaxThreads) contiguous blocks, run as one engine parallel
// loop (Parallelism.For with a struct body: the caller and the engine's worker team, no allocation). Each block owns a
// stream object and a scratch buffer, reused, so a batch allocates nothing once the largest batch has been seen. When
// the team is busy (the trainer's step runs on it) or the caller is in a Parallelism.Sequential scope (the prefetcher's
// background thread), the blocks run in order on the caller: the same results, and no extra threads competing with
// the training step for the cores.
// Batch data travels through an owned copy (a Span cannot cross threads): in, work, out — two memcpys per batch.
using Experiments.Engine;
using Experiments.Engine.Kernels;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>
/// Runs augmentation steps over a batch of images (NCHW floats in [0, 1]), in order, in parallel over images, with
/// per-image random streams derived from the batch stream so results do not depend on the thread count.
/// Validated once at construction; not thread-safe (one pipeline per cursor).
/// </summary>
public sealed class AugmentationPipeline : IBatchTransform
{
    private readonly IImageAugmentation[] _steps;
    private readonly int _scratchSize;
    private ulong[] _seeds = [];
    private float[] _work = [];
    private RandomStream[] _blockRandom = [];
    private float[][] _blockScratch = [];
    private int _count, _blocks;

    /// <summary>A pipeline of <paramref name="steps"/> for images of <paramref name="shape"/> (every step must have been built for that shape).</summary>
    public AugmentationPipeline(IEnumerable<IImageAugmentation> steps, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(steps);
        shape.Check();
        _steps = steps.ToArray();
        for (int i = 0; i < _steps.Length; i++)
            if (_steps[i] is null) throw new ArgumentException($"Augmentation step {i} is null.", nameof(steps));
        Shape = shape;
        _scratchSize = _steps.Length == 0 ? 0 : _steps.Max(s => s.ScratchSize);
    }

    /// <summary>The image shape the pipeline was built for.</summary>
    public ImageShape Shape { get; }

    /// <summary>The steps, in the order they apply.</summary>
    public IReadOnlyList<IImageAugmentation> Steps => _steps;

    /// <summary>Augments <paramref name="count"/> images in place; see the type summary for how randomness is split.</summary>
    public void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (channels != Shape.Channels || height != Shape.Height || width != Shape.Width)
            throw new ArgumentException($"This augmentation pipeline was built for images of {Shape} (C x H x W); the batch has {channels}x{height}x{width}. Build it for the view's ImageType.");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int size = Shape.Size;
        if (images.Length < (long)count * size)
            throw new ArgumentException($"The batch holds {images.Length} floats; {count} images of {Shape} need {(long)count * size}.", nameof(images));
        if (count == 0 || _steps.Length == 0) return;

        EnsureCapacity(count);
        for (int n = 0; n < count; n++) _seeds[n] = random.NextUInt64();
        images[..(count * size)].CopyTo(_work);
        _count = count;
        _blocks = Math.Min(count, Math.Min(Parallelism.MaxThreads, _blockRandom.Length));
        RunBlocks();
        _work.AsSpan(0, count * size).CopyTo(images);
    }

    /// <summary>Augments one image (C, H, W) in place with the steps, drawing from <paramref name="random"/> directly (previews, tests).</summary>
    public void ApplyToImage(Span<float> image, RandomStream random, Span<float> scratch)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (image.Length < Shape.Size) throw new ArgumentException($"The image holds {image.Length} floats; {Shape} needs {Shape.Size}.", nameof(image));
        if (scratch.Length < _scratchSize) throw new ArgumentException($"The scratch holds {scratch.Length} floats; these steps need {_scratchSize}.", nameof(scratch));
        foreach (IImageAugmentation step in _steps) step.Augment(image[..Shape.Size], random, scratch);
    }

    /// <summary>Floats of scratch <see cref="ApplyToImage"/> needs.</summary>
    public int ScratchSize => _scratchSize;

    private void RunBlocks() => Parallelism.For(_blocks, parallel: _blocks > 1, new BlockBody(this));

    /// <summary>One block of a batch as a parallel loop body (a struct: running it allocates nothing).</summary>
    private readonly struct BlockBody(AugmentationPipeline owner) : IParallelBody
    {
        public void Invoke(int block) => owner.RunBlock(block);
    }

    private void RunBlock(int block)
    {
        int start = (int)((long)_count * block / _blocks), end = (int)((long)_count * (block + 1) / _blocks);
        RandomStream random = _blockRandom[block];
        Span<float> scratch = _blockScratch[block];
        int size = Shape.Size;
        for (int n = start; n < end; n++)
        {
            random.Reseed(_seeds[n]);
            Span<float> image = _work.AsSpan(n * size, size);
            foreach (IImageAugmentation step in _steps) step.Augment(image, random, scratch);
        }
    }

    private void EnsureCapacity(int count)
    {
        if (_seeds.Length < count)
        {
            _seeds = new ulong[count];
            _work = new float[(long)count * Shape.Size <= Array.MaxLength ? count * Shape.Size : throw new ArgumentException($"A batch of {count} images of {Shape} is too large.")];
        }
        int blocks = Math.Max(1, Parallelism.MaxThreads);
        if (_blockRandom.Length < blocks)
        {
            int old = _blockRandom.Length;
            Array.Resize(ref _blockRandom, blocks);
            Array.Resize(ref _blockScratch, blocks);
            for (int b = old; b < blocks; b++)
            {
                _blockRandom[b] = new RandomStream(0);
                _blockScratch[b] = new float[_scratchSize];
            }
        }
    }
}
