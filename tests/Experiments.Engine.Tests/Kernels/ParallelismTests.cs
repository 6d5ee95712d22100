// The worker team behind Parallelism.For: every item runs exactly once, exceptions reach the caller, nested and
// concurrent loops run (inline) without deadlock, and changing MaxThreads takes effect.
using Experiments.Engine.Kernels;
using Experiments.Engine.Tests.NN;

namespace Experiments.Engine.Tests.Kernels;

[Collection(nameof(ThreadCountCollection))]
public class ParallelismTests
{
    private readonly struct CountItems(int[] hits) : IParallelBody
    {
        public void Invoke(int item) => Interlocked.Increment(ref hits[item]);
    }

    private readonly struct NestedItems(int[] hits, int inner) : IParallelBody
    {
        public void Invoke(int item) => Parallelism.For(inner, parallel: true, new CountItems(hits));
    }

    private readonly struct Throwing : IParallelBody
    {
        public void Invoke(int item)
        {
            if (item == 5) throw new InvalidOperationException("item 5 failed");
        }
    }

    private static void WithThreads(int threads, Action body)
    {
        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = threads;
        try { body(); }
        finally { Parallelism.MaxThreads = saved; }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryItemRunsExactlyOnce(int threads) => WithThreads(threads, () =>
    {
        for (int round = 0; round < 50; round++)
        {
            var hits = new int[37];
            Parallelism.For(hits.Length, parallel: true, new CountItems(hits));
            Assert.All(hits, h => Assert.Equal(1, h));
            var viaDelegate = new int[5];
            Parallelism.For(viaDelegate.Length, parallel: true, i => Interlocked.Increment(ref viaDelegate[i]));
            Assert.All(viaDelegate, h => Assert.Equal(1, h));
        }
    });

    [Fact]
    public void SequentialScope_RunsLoopsOnTheCallingThread_UntilTheOutermostScopeEnds() => WithThreads(2, () =>
    {
        int caller = Environment.CurrentManagedThreadId;
        var threadIds = new int[64];
        void Loop() => Parallelism.For(threadIds.Length, parallel: true, i =>
        {
            threadIds[i] = Environment.CurrentManagedThreadId;
            Thread.SpinWait(20_000); // long enough that a worker would pick up items
        });
        using (Parallelism.Sequential())
        {
            using (Parallelism.Sequential()) Assert.True(Parallelism.IsSequential);
            Assert.True(Parallelism.IsSequential);          // the outer scope is still open
            Loop();
            Assert.All(threadIds, id => Assert.Equal(caller, id));
        }
        Assert.False(Parallelism.IsSequential);
        bool sawWorker = false;
        for (int round = 0; round < 20 && !sawWorker; round++)
        {
            Loop();
            sawWorker = threadIds.Any(id => id != caller);
        }
        Assert.True(sawWorker, "after the scope, a worker thread should take some items");
    });

    [Fact]
    public void AnItemsException_ReachesTheCaller_AndTheTeamKeepsWorking() => WithThreads(2, () =>
    {
        var error = Assert.Throws<InvalidOperationException>(() => Parallelism.For(16, parallel: true, new Throwing()));
        Assert.Equal("item 5 failed", error.Message);
        var hits = new int[16];
        Parallelism.For(hits.Length, parallel: true, new CountItems(hits));
        Assert.All(hits, h => Assert.Equal(1, h));
    });

    [Fact]
    public void NestedAndConcurrentLoops_RunInline_AndComplete() => WithThreads(3, () =>
    {
        var nested = new int[8];
        Parallelism.For(4, parallel: true, new NestedItems(nested, nested.Length));
        Assert.All(nested, h => Assert.Equal(4, h));

        var perThread = new int[4][];
        var workers = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            perThread[t] = new int[64];
            for (int round = 0; round < 100; round++)
                Parallelism.For(64, parallel: true, new CountItems(perThread[t]));
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) Assert.True(w.Join(TimeSpan.FromMinutes(1)), "a loop did not complete: the team deadlocked");
        foreach (var hits in perThread) Assert.All(hits, h => Assert.Equal(100, h));
    });

    [Fact]
    public void WorkerThreads_TakeItems() => WithThreads(2, () =>
    {
        // Slow items (50 ms each) give a sleeping worker ample time to wake and take some, even on a loaded machine.
        var threadOf = new int[6];
        Parallelism.For(threadOf.Length, parallel: true, i =>
        {
            threadOf[i] = Environment.CurrentManagedThreadId;
            Thread.Sleep(50);
        });
        Assert.True(threadOf.Distinct().Count() >= 2, $"all items ran on thread {threadOf[0]}: the worker team never took an item.");
        Assert.Contains(Environment.CurrentManagedThreadId, threadOf);   // the caller works too
    });

    [Fact]
    public void MaxThreads_RejectsLessThanOne()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxThreads = 0);
        Assert.Contains("at least 1", error.Message);
    }
}
