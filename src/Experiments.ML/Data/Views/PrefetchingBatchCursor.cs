// PrefetchingBatchCursor: an ImageBatchCursor run one batch ahead on a background thread, so reading, scaling and
// augmenting batch k + 1 overlaps the training step on batch k.
//
// Double buffering: two slots (images, labels, rows, count). The producer fills a slot only when it is free, the
// consumer shows one slot between MoveNext calls and frees it on the next call, so the producer is at most one
// batch ahead and never writes the slot being read. Hand-over is two semaphores (free slots, filled slots), whose
// Wait/Release also publish the slot contents between threads.
// Same batches: the producer calls the wrapped cursor's MoveNext in order, exactly as a synchronous reader would, so
// images, labels, counts and rows are bit-identical to ImageBatchCursor with the same options (tested).
// Epochs: StartEpoch stops the producer (waiting for a batch in flight), rewinds the wrapped cursor and starts a new
// producer task; this allocates a little, MoveNext allocates nothing.
// Errors: an exception thrown while producing (e.g. by the transform) is rethrown by the MoveNext that reaches it.
// Cores: the producer runs its transform inside Parallelism.Sequential, so it never takes the engine's worker team
// from the training step (one extra thread, not a second team). With background: false there is no producer: each
// MoveNext prepares its batch inline, where the transform may use the whole team. Measured (augment-overhead,
// docs/benchmarks.md): background is faster even when the step's threads cover every core, because the step leaves
// gaps the producer fills; what made it slow before was the transform fanning out to thread-pool threads as well.
using System.Runtime.ExceptionServices;

namespace Experiments.ML.Data;

/// <summary>
/// Reads an <see cref="ImageDataView"/> like <see cref="ImageBatchCursor"/> (same options, same batches in the same
/// order), preparing the next batch on a background thread while the caller works on the current one. Use it for
/// training cursors with augmentation. Not thread-safe for callers; dispose it to stop the background thread.
/// The <see cref="BatchCursorOptions.Transform"/> runs on the background thread, so do not share it with another cursor.
/// </summary>
public sealed class PrefetchingBatchCursor : IDisposable
{
    private sealed class Slot(int batchSize, int imageSize)
    {
        public readonly float[] Images = new float[batchSize * imageSize];
        public readonly int[] Labels = new int[batchSize];
        public readonly int[] Rows = new int[batchSize];
        public int Count;
        public bool HasBatch;
        public ExceptionDispatchInfo? Error;
    }

    private readonly ImageBatchCursor _inner;
    private readonly Slot[] _slots;
    private SemaphoreSlim _free = new(2, 2);
    private SemaphoreSlim _filled = new(0, 2);
    private Task? _producer;
    private volatile bool _cancel;
    private Slot? _current;     // the slot shown to the caller, freed by the next MoveNext
    private int _consumeSlot;
    private bool _epochDone;
    private bool _disposed;
    private bool _started;      // false until the first StartEpoch: production is lazy
    private readonly bool _background;

    /// <summary>
    /// A prefetching cursor over <paramref name="view"/>. It starts producing at the first <see cref="StartEpoch"/>
    /// (or at the first <see cref="MoveNext()"/>, for epoch 0), so no batch is prepared, and no transform drawn, twice.
    /// With <paramref name="background"/> false, batches are prepared inline by <see cref="MoveNext()"/> instead (same
    /// batches, no background thread).
    /// </summary>
    public PrefetchingBatchCursor(ImageDataView view, BatchCursorOptions options, bool background = true)
    {
        ArgumentNullException.ThrowIfNull(view);
        _background = background;
        _inner = view.GetBatchCursor(options);
        _slots = [new Slot(_inner.BatchSize, _inner.ImageSize), new Slot(_inner.BatchSize, _inner.ImageSize)];
    }

    /// <summary>True when batches are prepared ahead on a background thread; false when MoveNext prepares them inline.</summary>
    public bool Background => _background;

    /// <summary>Rows per full batch.</summary>
    public int BatchSize => _inner.BatchSize;

    /// <summary>Batches per epoch (the last may be short unless drop-last).</summary>
    public int BatchCount => _inner.BatchCount;

    /// <summary>Rows returned per epoch.</summary>
    public int RowsPerEpoch => _inner.RowsPerEpoch;

    /// <summary>Floats per image (C x H x W).</summary>
    public int ImageSize => _inner.ImageSize;

    /// <summary>The epoch being read.</summary>
    public int Epoch { get; private set; }

    /// <summary>Batches returned so far in this epoch.</summary>
    public int BatchIndex { get; private set; }

    /// <summary>Rows in the batch last returned (0 before the first and after the last).</summary>
    public int CurrentCount => _current?.Count ?? 0;

    /// <summary>The images of the batch last returned by <see cref="MoveNext()"/> (count x C x H x W), valid until the next MoveNext or StartEpoch.</summary>
    public ReadOnlySpan<float> CurrentImages => _current is { } s ? s.Images.AsSpan(0, s.Count * ImageSize) : default;

    /// <summary>The labels of the batch last returned, valid until the next MoveNext or StartEpoch.</summary>
    public ReadOnlySpan<int> CurrentLabels => _current is { } s ? s.Labels.AsSpan(0, s.Count) : default;

    /// <summary>The view rows of the batch last returned, in batch order (as <see cref="ImageBatchCursor.CurrentRows"/>).</summary>
    public ReadOnlySpan<int> CurrentRows => _current is { } s ? s.Rows.AsSpan(0, s.Count) : default;

    /// <summary>Rewinds to the first batch of <paramref name="epoch"/> (same order and draws as <see cref="ImageBatchCursor.StartEpoch"/>).</summary>
    public void StartEpoch(int epoch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        StopProducer();
        _started = true;
        _inner.StartEpoch(epoch);
        Epoch = epoch;
        BatchIndex = 0;
        _current = null;
        _consumeSlot = 0;
        _epochDone = false;
        _free = new SemaphoreSlim(2, 2);
        _filled = new SemaphoreSlim(0, 2);
        _cancel = false;
        if (!_background) return;
        _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Advances to the next batch, exposed through <see cref="CurrentImages"/>, <see cref="CurrentLabels"/> and
    /// <see cref="CurrentRows"/> without copying. Returns false when the epoch has no batch left. Allocates nothing.
    /// </summary>
    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_started) StartEpoch(0);
        if (!_background) return MoveNextInline();
        if (_current is not null)
        {
            _current = null;
            _free.Release();
        }
        if (_epochDone) return false;
        _filled.Wait();
        Slot slot = _slots[_consumeSlot];
        _consumeSlot ^= 1;
        if (slot.Error is { } error)
        {
            _epochDone = true;
            slot.Error = null;
            error.Throw();
        }
        if (!slot.HasBatch)
        {
            _epochDone = true;
            return false;
        }
        _current = slot;
        BatchIndex++;
        return true;
    }

    /// <summary>
    /// Copies the next batch into caller buffers, exactly as <see cref="ImageBatchCursor.MoveNext"/> fills them
    /// (buffers must hold a full batch). Returns false, with count 0, when the epoch has no batch left.
    /// </summary>
    public bool MoveNext(Span<float> images, Span<int> labels, out int count)
    {
        if (images.Length < (long)BatchSize * ImageSize)
            throw new ArgumentException($"The image buffer holds {images.Length} floats; a batch of {BatchSize} images needs {(long)BatchSize * ImageSize}.", nameof(images));
        if (labels.Length < BatchSize)
            throw new ArgumentException($"The label buffer holds {labels.Length} ints; a batch needs {BatchSize}.", nameof(labels));
        if (!MoveNext())
        {
            count = 0;
            return false;
        }
        count = CurrentCount;
        CurrentImages.CopyTo(images);
        CurrentLabels.CopyTo(labels);
        return true;
    }

    /// <summary>Stops the background thread (waiting for a batch in flight).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        StopProducer();
        _disposed = true;
    }

    private bool MoveNextInline()
    {
        _current = null;
        if (_epochDone) return false;
        Slot slot = _slots[0];
        slot.HasBatch = _inner.MoveNext(slot.Images, slot.Labels, out slot.Count);
        if (!slot.HasBatch)
        {
            _epochDone = true;
            return false;
        }
        _inner.CurrentRows.CopyTo(slot.Rows);
        _current = slot;
        BatchIndex++;
        return true;
    }

    private void Produce()
    {
        using var sequential = Experiments.Engine.Parallelism.Sequential();
        int slotIndex = 0;
        while (true)
        {
            _free.Wait();
            if (_cancel) return;
            Slot slot = _slots[slotIndex];
            try
            {
                slot.HasBatch = _inner.MoveNext(slot.Images, slot.Labels, out slot.Count);
                if (slot.HasBatch) _inner.CurrentRows.CopyTo(slot.Rows);
            }
            catch (Exception e)
            {
                slot.HasBatch = false;
                slot.Count = 0;
                slot.Error = ExceptionDispatchInfo.Capture(e);
            }
            bool more = slot.HasBatch;
            _filled.Release();
            if (!more) return;
            slotIndex ^= 1;
        }
    }

    private void StopProducer()
    {
        if (_producer is null) return;
        _cancel = true;
        try { _free.Release(); } catch (SemaphoreFullException) { } // both slots already free: the producer is not waiting for one
        _producer.Wait();
        _producer = null;
        foreach (Slot slot in _slots) slot.Error = null;
    }
}
