// BatchPartitions: splits a batch into a FIXED number of contiguous ranges that depend only on the batch
// size, and runs them in parallel. Each range is computed sequentially and reductions over ranges are summed
// in range order afterwards, so results are bit-identical whatever the thread count.
namespace Experiments.Engine.Kernels.Simd;

/// <summary>Fixed batch partitions run in parallel (deterministic: the split never depends on the thread count).</summary>
internal static class BatchPartitions
{
    /// <summary>The most ranges a batch is cut into (enough for 2–8 cores; more only adds partial buffers).</summary>
    public const int MaxPartitions = 8;

    /// <summary>Number of ranges for <paramref name="batch"/> samples: min(batch, MaxPartitions).</summary>
    public static int Count(int batch) => Math.Min(batch, MaxPartitions);

    /// <summary>Samples [start, end) of range <paramref name="part"/> out of <see cref="Count"/>.</summary>
    public static (int Start, int End) Range(int batch, int part)
    {
        int parts = Count(batch);
        return ((int)((long)part * batch / parts), (int)((long)(part + 1) * batch / parts));
    }

    /// <summary>Runs body(part, start, end) for every range, in parallel (up to <see cref="Parallelism.MaxThreads"/>) when there is more than one.</summary>
    public static void Run(int batch, Action<int, int, int> body) =>
        Parallelism.For(Count(batch), parallel: true, part =>
        {
            var (start, end) = Range(batch, part);
            body(part, start, end);
        });
}
