// Parallelism: how many threads kernels may use, and the loops they parallelise with.
//
// Determinism rule: kernels split work into a FIXED list of items whose count and boundaries depend only
// on the problem shape, never on MaxThreads; each output element is computed inside one item by the same
// sequence of float operations. Threads only decide who runs which item, so results are bit-identical
// for 1, 2 or n threads.
//
// The loops run on one persistent WorkerTeam of MaxThreads − 1 background threads plus the caller (no
// Parallel.For: it allocates per call). A loop started while the team is busy — nested inside another loop,
// or from a second thread at the same time — runs inline on its caller, which gives the same results.
// For<TBody> takes the loop body as a struct and allocates nothing; For(Action<int>) is the convenience form.
using Experiments.Engine.Kernels;

namespace Experiments.Engine;

/// <summary>The thread budget of the engine's kernels (process-wide) and the parallel loops they use.</summary>
public static class Parallelism
{
    private static readonly object TeamLock = new();
    private static int _maxThreads = Math.Max(1, Environment.ProcessorCount);
    private static WorkerTeam? _team;
    private static int _busy;
    [ThreadStatic] private static int _sequentialDepth;

    /// <summary>
    /// Maximum threads a kernel uses, the caller included (default: processor count; PyTorch's
    /// <c>torch.set_num_threads</c>). Results do not depend on it. The worker threads are (re)started on the next loop.
    /// </summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1.");
            Volatile.Write(ref _maxThreads, value);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(0..count−1). Items run in parallel when there are threads to spare and the
    /// caller judged the work worth it (<paramref name="parallel"/>); otherwise in order on this thread.
    /// </summary>
    public static void For(int count, bool parallel, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0) return;
        if (!parallel || count == 1 || !TryAcquireTeam(out WorkerTeam? team))
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        try
        {
            team.Run(count, body);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>.Invoke(0..count−1) like <see cref="For(int, bool, Action{int})"/>, without
    /// allocating: the struct is parked in a static slot of its type while the team runs it.
    /// </summary>
    public static void For<TBody>(int count, bool parallel, in TBody body) where TBody : struct, IParallelBody
    {
        if (count <= 0) return;
        if (!parallel || count == 1 || !TryAcquireTeam(out WorkerTeam? team))
        {
            for (int i = 0; i < count; i++) body.Invoke(i);
            return;
        }
        try
        {
            Slot<TBody>.Body = body;
            team.Run(count, Slot<TBody>.Invoke);
        }
        finally
        {
            Slot<TBody>.Body = default;
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Makes every loop started on this thread run inline until the returned scope is disposed (scopes nest). For
    /// background work that must not take the team from the thread that trains, e.g. a prefetcher augmenting the
    /// next batch: results are the same, only who computes them changes.
    /// </summary>
    public static SequentialScope Sequential()
    {
        _sequentialDepth++;
        return new SequentialScope();
    }

    /// <summary>Ends a <see cref="Sequential"/> scope on the thread that opened it.</summary>
    public readonly struct SequentialScope : IDisposable
    {
        /// <summary>Leaves the scope.</summary>
        public void Dispose() => _sequentialDepth--;
    }

    /// <summary>True while the current thread is inside a <see cref="Sequential"/> scope.</summary>
    public static bool IsSequential => _sequentialDepth > 0;

    // Takes the team for one loop when there is more than one thread and nobody else (this thread in an outer loop,
    // or another thread) holds it; (re)creates it when MaxThreads changed.
    private static bool TryAcquireTeam([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkerTeam? team)
    {
        team = null;
        int threads = Volatile.Read(ref _maxThreads);
        if (threads == 1 || _sequentialDepth > 0 || WorkerTeam.InJob || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        if (_team is null || _team.Size != threads)
        {
            lock (TeamLock)
            {
                _team?.Dispose();
                _team = new WorkerTeam(threads - 1);
            }
        }
        team = _team;
        return true;
    }

    // One slot per body type; only the thread holding the team writes it (while _busy is 1).
    private static class Slot<TBody> where TBody : struct, IParallelBody
    {
        public static TBody Body;
        public static readonly Action<int> Invoke = item => Body.Invoke(item);
    }
}
