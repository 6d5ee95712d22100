// BatchPartitions: splits a batch into a FIXED number of contiguous ranges that depend only on the batch
// size, and runs them in parallel. Each range is computed sequentially and reductions over ranges are summed
// in range order afterwards, so results are bit-identical whatever the thread count.
namespace Experiments.Engine.Kernels.Simd;

/// <summary>The work on one range of a batch: samples [start, end) of partition <c>part</c>.</summary>
internal interface IPartitionBody
{
    void Invoke(int part, int start, int end);
}

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

    /// <summary>Runs body.Invoke(part, start, end) for every range, in parallel (up to <see cref="Parallelism.MaxThreads"/>) when there is more than one; allocates nothing.</summary>
    public static void Run<TBody>(int batch, in TBody body) where TBody : struct, IPartitionBody =>
        Parallelism.For(Count(batch), parallel: true, new Ranges<TBody>(batch, body));

    private readonly struct Ranges<TBody>(int batch, TBody body) : IParallelBody where TBody : struct, IPartitionBody
    {
        public void Invoke(int item)
        {
            var (start, end) = Range(batch, item);
            body.Invoke(item, start, end);
        }
    }
}
