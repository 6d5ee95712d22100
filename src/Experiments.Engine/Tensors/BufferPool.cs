// BufferPool: recycled float[] and int[] arrays of exact lengths, so a training step reuses the arrays of the
// previous step instead of allocating new ones (a cnn-s3 step needs ~10 MB of activations and gradients).
//
// What goes through it: the outputs of the layer primitives (conv, pooling, linear, activations, dropout, batch
// norm, softmax), the gradients of intermediate tensors, and per-op scratch the backward pass needs (max-pool
// argmax, dropout masks, batch-norm x̂). What comes back to it, and when, is decided by autograd and Sequential
// (see README.md, "Buffer reuse"); everything else is simply left to the GC, which is always safe.
// Arrays are bucketed by exact length (shapes repeat from step to step), at most MaxPerLength per length and
// MaxRetainedBytes in all; beyond that a returned array is dropped for the GC. One lock guards the buckets.
using System.Globalization;

namespace Experiments.Engine;

/// <summary>
/// A process-wide pool of float and int arrays of exact lengths, reused by the engine's ops across training steps.
/// Rented arrays hold stale values; callers overwrite or clear them.
/// </summary>
public static class BufferPool
{
    /// <summary>Most arrays of one length and element type kept for reuse.</summary>
    public const int MaxPerLength = 32;

    private static readonly object Gate = new();
    private static readonly Dictionary<int, Stack<float[]>> Floats = [];
    private static readonly Dictionary<int, Stack<int[]>> Ints = [];
    private static long _retainedBytes;
    private static long _maxRetainedBytes = 512L << 20;
    private static long _rents, _hits;

    /// <summary>Upper bound on the bytes the pool keeps (default 512 MiB); arrays returned beyond it go to the GC.</summary>
    public static long MaxRetainedBytes
    {
        get => Interlocked.Read(ref _maxRetainedBytes);
        set
        {
            if (value < 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRetainedBytes must be non-negative (0 disables pooling).");
            Interlocked.Exchange(ref _maxRetainedBytes, value);
        }
    }

    /// <summary>Bytes currently kept in the pool.</summary>
    public static long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    /// <summary>Rents since start (float and int).</summary>
    public static long Rents => Interlocked.Read(ref _rents);

    /// <summary>Rents served from the pool rather than by a new array.</summary>
    public static long Hits => Interlocked.Read(ref _hits);

    /// <summary>A float array of exactly <paramref name="length"/> elements with unspecified contents.</summary>
    public static float[] RentFloats(int length) => Rent(Floats, length, sizeof(float));

    /// <summary>An int array of exactly <paramref name="length"/> elements with unspecified contents.</summary>
    public static int[] RentInts(int length) => Rent(Ints, length, sizeof(int));

    /// <summary>Gives <paramref name="array"/> back for reuse. The caller must not touch it afterwards.</summary>
    public static void Return(float[] array) => Return(Floats, array, sizeof(float));

    /// <summary>Gives <paramref name="array"/> back for reuse. The caller must not touch it afterwards.</summary>
    public static void Return(int[] array) => Return(Ints, array, sizeof(int));

    /// <summary>Drops every pooled array (for the GC to collect).</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Floats.Clear();
            Ints.Clear();
            _retainedBytes = 0;
        }
    }

    /// <summary>Pool usage, e.g. <c>BufferPool: 12.5 MiB kept, 4210/4300 rents reused</c>.</summary>
    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"BufferPool: {RetainedBytes / 1048576.0:F1} MiB kept, {Hits}/{Rents} rents reused");

    private static T[] Rent<T>(Dictionary<int, Stack<T[]>> buckets, int length, int elementSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0) return [];
        Interlocked.Increment(ref _rents);
        lock (Gate)
        {
            if (buckets.TryGetValue(length, out var stack) && stack.TryPop(out T[]? array))
            {
                _retainedBytes -= (long)length * elementSize;
                _hits++;
                return array;
            }
        }
        return new T[length];
    }

    private static void Return<T>(Dictionary<int, Stack<T[]>> buckets, T[] array, int elementSize)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length == 0) return;
        long bytes = (long)array.Length * elementSize;
        lock (Gate)
        {
            if (_retainedBytes + bytes > _maxRetainedBytes) return;
            if (!buckets.TryGetValue(array.Length, out var stack))
                buckets[array.Length] = stack = new Stack<T[]>(4);
            if (stack.Count >= MaxPerLength) return;
            stack.Push(array);
            _retainedBytes += bytes;
        }
    }
}
