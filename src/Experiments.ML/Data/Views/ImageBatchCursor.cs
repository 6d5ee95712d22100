// ImageBatchCursor: walks an ImageDataView batch by batch, filling caller-owned buffers.
//
// Shapes: images (B, C, H, W) float32, labels (B) int32, B = BatchSize; a batch of n < B rows fills the first
// n x C x H x W floats and n labels and reports n. Pixels are scaled byte / 255 (PixelScaling).
// Epochs: StartEpoch(e) rewinds and, when shuffling, rebuilds the order from the identity with stream
// ("shuffle", e) of the seed, so the order of epoch e depends only on (seed, e), never on earlier epochs.
// Memory: the order array is allocated once; MoveNext allocates nothing; StartEpoch allocates only the small
// RandomStream objects of the epoch.
using Experiments.Engine.Random;

namespace Experiments.ML.Data;

/// <summary>
/// Reads an <see cref="ImageDataView"/> in batches into caller-owned buffers (NCHW float32 images in [0, 1],
/// int labels), optionally shuffled per epoch and transformed per batch. Not thread-safe; create one per reader.
/// </summary>
public sealed class ImageBatchCursor
{
    private readonly ImageDataView _view;
    private readonly IBatchTransform? _transform;
    private readonly bool _shuffle;
    private readonly bool _dropLast;
    private readonly ulong _shuffleSeed;
    private readonly ulong _augmentationSeed;
    private readonly int[] _order; // view rows in the order of the current epoch
    private RandomStream? _transformRandom;
    private int _position;          // rows of _order already returned this epoch
    private int _lastBatchStart;
    private int _lastBatchCount;

    internal ImageBatchCursor(ImageDataView view, BatchCursorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"BatchSize must be at least 1; got {options.BatchSize}.");
        if (options.DropLast && options.BatchSize > view.RowCount)
            throw new DataException(
                $"With DropLast, a batch size of {options.BatchSize} over a view of {view.RowCount} rows gives no batch at all. " +
                "Use a smaller batch size or keep the last short batch (DropLast = false).");

        _view = view;
        BatchSize = options.BatchSize;
        _shuffle = options.Shuffle;
        _dropLast = options.DropLast;
        _transform = options.Transform;
        // Equal to new RandomStreams(Seed).Stream(name, epoch), with the name hashed once here.
        _shuffleSeed = RandomStreams.Derive(options.Seed, RandomStreams.Names.Shuffle);
        _augmentationSeed = RandomStreams.Derive(options.Seed, RandomStreams.Names.Augmentation);
        _order = new int[view.RowCount];
        BatchCount = _dropLast ? view.RowCount / BatchSize : (view.RowCount + BatchSize - 1) / BatchSize;
        StartEpoch(0);
    }

    /// <summary>Rows per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch (the last may be short unless drop-last).</summary>
    public int BatchCount { get; }

    /// <summary>Rows returned per epoch: all rows, or whole batches only with drop-last.</summary>
    public int RowsPerEpoch => _dropLast ? BatchCount * BatchSize : _view.RowCount;

    /// <summary>The epoch being read.</summary>
    public int Epoch { get; private set; }

    /// <summary>Batches returned so far in this epoch.</summary>
    public int BatchIndex { get; private set; }

    /// <summary>Floats per image (C x H x W); an image buffer needs BatchSize times this.</summary>
    public int ImageSize => _view.ImageType.Size;

    /// <summary>The view rows of the batch last returned by <see cref="MoveNext"/>, in batch order.</summary>
    public ReadOnlySpan<int> CurrentRows => _order.AsSpan(_lastBatchStart, _lastBatchCount);

    /// <summary>
    /// Rewinds to the first batch of <paramref name="epoch"/>. With shuffling, the order is a Fisher-Yates
    /// permutation of the view from stream <c>("shuffle", epoch)</c> of the seed; without, it is the view order.
    /// </summary>
    public void StartEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Epoch = epoch;
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        if (_shuffle)
            new RandomStream(RandomStreams.Derive(_shuffleSeed, epoch)).Shuffle<int>(_order);
        _transformRandom = _transform is null ? null : new RandomStream(RandomStreams.Derive(_augmentationSeed, epoch));
        _position = 0;
        _lastBatchStart = 0;
        _lastBatchCount = 0;
        BatchIndex = 0;
    }

    /// <summary>
    /// Fills the next batch: <paramref name="images"/> gets count x C x H x W floats (NCHW, byte / 255) and
    /// <paramref name="labels"/> count labels. Returns false, with count 0, when the epoch has no batch left.
    /// Buffers must hold a full batch (BatchSize images and labels). Allocates nothing.
    /// </summary>
    public bool MoveNext(Span<float> images, Span<int> labels, out int count)
    {
        int imageSize = ImageSize;
        if (images.Length < (long)BatchSize * imageSize)
            throw new ArgumentException($"The image buffer holds {images.Length} floats; a batch of {BatchSize} x {_view.ImageType} needs {(long)BatchSize * imageSize}.", nameof(images));
        if (labels.Length < BatchSize)
            throw new ArgumentException($"The label buffer holds {labels.Length} ints; a batch needs {BatchSize}.", nameof(labels));

        int remaining = _order.Length - _position;
        count = Math.Min(BatchSize, remaining);
        if (count == 0 || (_dropLast && count < BatchSize))
        {
            count = 0;
            _lastBatchCount = 0;
            return false;
        }

        LabeledImageStore store = _view.Store;
        ReadOnlySpan<int> storeRows = _view.StoreRows;
        for (int i = 0; i < count; i++)
        {
            int storeRow = storeRows[_order[_position + i]];
            PixelScaling.ToUnitInterval(store.GetPixelsUnchecked(storeRow), images.Slice(i * imageSize, imageSize));
            labels[i] = store.GetLabelUnchecked(storeRow);
        }
        if (_transform is not null)
        {
            ImageDataViewType type = _view.ImageType;
            _transform.Apply(images[..(count * imageSize)], count, type.Channels, type.Height, type.Width, _transformRandom!);
        }

        _lastBatchStart = _position;
        _lastBatchCount = count;
        _position += count;
        BatchIndex++;
        return true;
    }
}
