// WorkerTeam: a small set of persistent background threads that run the items of one parallel loop together with
// the calling thread. It replaces Parallel.For, which allocates per call (closures, tasks, partition state), so a
// training step's many small parallel loops cost no managed allocation in steady state.
//
// Protocol (all under one lock, _gate): Run publishes a job (body, count) under a new generation number and wakes
// the workers; every participant claims items with Interlocked.Increment until none are left. A worker joins a job
// only while it is open (_open) and counts itself in _active; when the caller has run out of items it closes the
// job and waits until _active is 0, so no worker touches a body after Run returned. Workers that wake late find the
// job closed and go back to sleep. Which thread runs an item never changes what it computes (see Parallelism).
using System.Runtime.ExceptionServices;

namespace Experiments.Engine.Kernels;

/// <summary>Persistent worker threads that run work items together with the calling thread.</summary>
internal sealed class WorkerTeam : IDisposable
{
    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private Action<int>? _body;
    private int _count;
    private int _next;
    private int _generation;
    private bool _open;
    private int _active;
    private bool _disposed;
    private Exception? _error;

    /// <summary>True on a thread that is currently running items of a team job (nested loops then run inline).</summary>
    [ThreadStatic] private static bool _inJob;

    /// <summary>Starts <paramref name="workers"/> background threads (the caller is the extra participant).</summary>
    public WorkerTeam(int workers)
    {
        _threads = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"Experiments.Engine worker {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads including the caller.</summary>
    public int Size => _threads.Length + 1;

    /// <summary>True when the current thread is inside a team job.</summary>
    public static bool InJob => _inJob;

    /// <summary>Runs body(0..count−1) on the caller and the workers; rethrows the first exception an item threw.</summary>
    public void Run(int count, Action<int> body)
    {
        lock (_gate)
        {
            _body = body;
            _count = count;
            _next = 0;
            _error = null;
            _open = true;
            _generation++;
            Monitor.PulseAll(_gate);
        }
        Work();
        lock (_gate)
        {
            _open = false;
            while (_active > 0) Monitor.Wait(_gate);
            _body = null;
        }
        if (_error is { } error)
        {
            _error = null;
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    private void Work()
    {
        bool outer = _inJob;
        _inJob = true;
        try
        {
            Action<int> body = _body!;
            int count = _count;
            int item;
            while ((item = Interlocked.Increment(ref _next) - 1) < count)
            {
                try
                {
                    body(item);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, e, null);
                }
            }
        }
        finally
        {
            _inJob = outer;
        }
    }

    private void WorkerLoop()
    {
        int seen = 0;
        while (true)
        {
            // Spin briefly first: a training step issues its loops back to back, and waking a blocked thread costs
            // more than a short spin. Then block on the gate.
            var spinner = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !spinner.NextSpinWillYield) spinner.SpinOnce();
            lock (_gate)
            {
                while (_generation == seen && !_disposed) Monitor.Wait(_gate);
                if (_disposed) return;
                seen = _generation;
                if (!_open) continue;
                _active++;
            }
            Work();
            lock (_gate)
            {
                if (--_active == 0) Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Stops the workers (they finish the job in hand first).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
