// Parallelism: how many threads kernels may use, and the one loop they parallelise with.
//
// Determinism rule: kernels split work into a FIXED list of items whose count and boundaries depend only
// on the problem shape, never on MaxThreads; each output element is computed inside one item by the same
// sequence of float operations. Threads only decide who runs which item, so results are bit-identical
// for 1, 2 or n threads.
namespace Experiments.Engine;

/// <summary>The thread budget of the engine's kernels (process-wide).</summary>
public static class Parallelism
{
    private static int _maxThreads = Math.Max(1, Environment.ProcessorCount);
    private static ParallelOptions _options = new() { MaxDegreeOfParallelism = _maxThreads };

    /// <summary>Maximum threads a kernel uses (default: processor count). Results do not depend on it.</summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1.");
            _maxThreads = value;
            _options = new ParallelOptions { MaxDegreeOfParallelism = value };
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(0..count−1). Items run in parallel when there are threads to spare and the
    /// caller judged the work worth it (<paramref name="parallel"/>); otherwise in order on this thread.
    /// </summary>
    public static void For(int count, bool parallel, Action<int> body)
    {
        if (count <= 0) return;
        if (!parallel || count == 1 || _maxThreads == 1)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, _options, body);
    }
}
