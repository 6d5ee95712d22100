// BatchPartitions: splits a batch into a FIXED number of contiguous ranges that depend only on the batch
// size, and runs them in parallel. Each range is computed sequentially and reductions over ranges are summed
// in range order afterwards, so results are bit-identical whatever the thread count.
namespace Experiments.Engine.Kernels.Simd;

/// <summary>Fixed batch partitions run in parallel (deterministic: the split never depends on the thread count).</summary>
internal static class BatchPartitions
{
    /// <summary>The most ranges a batch is cut into (enough for 2–8 cores; more only adds partial buffers).</summary>
    public const int MaxPartitions = 8;

    /// <summary>Upper bound on threads used (−1: the runtime's default). Tests pin it to 1 to show results do not change.</summary>
    public static int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>Number of ranges for <paramref name="batch"/> samples: min(batch, MaxPartitions).</summary>
    public static int Count(int batch) => Math.Min(batch, MaxPartitions);

    /// <summary>Samples [start, end) of range <paramref name="part"/> out of <see cref="Count"/>.</summary>
    public static (int Start, int End) Range(int batch, int part)
    {
        int parts = Count(batch);
        return ((int)((long)part * batch / parts), (int)((long)(part + 1) * batch / parts));
    }

    /// <summary>Runs body(part, start, end) for every range, in parallel when there is more than one.</summary>
    public static void Run(int batch, Action<int, int, int> body)
    {
        int parts = Count(batch);
        if (parts <= 1 || MaxDegreeOfParallelism == 1)
        {
            for (int p = 0; p < parts; p++)
            {
                var (s, e) = Range(batch, p);
                body(p, s, e);
            }
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism }, p =>
        {
            var (s, e) = Range(batch, p);
            body(p, s, e);
        });
    }
}
