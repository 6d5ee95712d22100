// Checkpoint/resume: a scheduler restored from SaveState() mid-run continues bit-identically, and a state is
// refused (with the key named) when it belongs to another scheduler, version or configuration.
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Tests.Schedulers;

public sealed class SchedulerStateTests
{
    public static TheoryData<string> Cases() => SchedulerGoldenFile.Names();

    private static (List<double> Lr, List<double> Momentum) Run(
        GoldenCase golden, FakeOptimizer optimizer, List<ILearningRateScheduler> schedulers, int from, int to)
    {
        var lrs = new List<double>();
        var momenta = new List<double>();
        for (int i = from; i < to; i++)
        {
            SchedulerGoldenFile.StepAll(schedulers, golden, i);
            lrs.Add(optimizer.LearningRate);
            momenta.Add(optimizer.Momentum);
        }
        return (lrs, momenta);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RestoredMidRunContinuesBitIdentically(string name)
    {
        GoldenCase golden = SchedulerGoldenFile.All[name];
        int split = golden.Steps / 2 + 1;

        FakeOptimizer straightOptimizer = SchedulerGoldenFile.NewTarget(golden);
        var straight = golden.Schedulers.Select(s => SchedulerGoldenFile.Create(s, straightOptimizer)).ToList();
        Run(golden, straightOptimizer, straight, 0, split);
        var saved = straight.Select(s => s.SaveState()).ToList();
        var (expectedLr, expectedMomentum) = Run(golden, straightOptimizer, straight, split, golden.Steps);

        // A fresh process: a new optimizer at its configured LR (momentum 0.9), new schedulers, then the states in
        // the order the schedulers step (the last one's last_lr is the LR the optimizer had).
        FakeOptimizer resumedOptimizer = SchedulerGoldenFile.NewTarget(golden);
        var resumed = golden.Schedulers.Select(s => SchedulerGoldenFile.Create(s, resumedOptimizer)).ToList();
        for (int i = 0; i < resumed.Count; i++)
        {
            resumed[i].LoadState(saved[i]);
            Assert.Equal(saved[i], resumed[i].SaveState());
            Assert.Equal(split, resumed[i].LastEpoch);
        }
        Assert.Equal(golden.Lr[split], resumedOptimizer.LearningRate);
        var (actualLr, actualMomentum) = Run(golden, resumedOptimizer, resumed, split, golden.Steps);

        Assert.Equal(expectedLr, actualLr);
        Assert.Equal(expectedMomentum, actualMomentum);
    }

    [Fact]
    public void StateIsPlainNumbersUnderPyTorchKeys()
    {
        var step = new StepLR(new FakeOptimizer(0.1), stepSize: 3, gamma: 0.5);
        step.Step();
        SchedulerState state = step.SaveState();
        Assert.Equal("StepLR", state.Scheduler);
        Assert.Equal(SchedulerState.CurrentVersion, state.Version);
        Assert.Equal(new[] { "base_lr", "gamma", "last_epoch", "last_lr", "step_size" }, state.Values.Keys);
        Assert.Equal(1, state.Values["last_epoch"]);
        Assert.Equal(0.1, state.Values["base_lr"]);
        Assert.Equal(3, state.Values["step_size"]);

        var plateau = new ReduceLROnPlateau(new FakeOptimizer(0.1));
        SchedulerState p = plateau.SaveState();
        Assert.Equal(double.PositiveInfinity, p.Values["best"]);
        Assert.Equal(0, p.Values["num_bad_epochs"]);
    }

    [Fact]
    public void LoadStateWritesTheSavedLearningRateAndMomentumIntoTheTarget()
    {
        var source = new OneCycleLR(new FakeOptimizer(0.1), maxLr: 0.1, totalSteps: 20);
        for (int i = 0; i < 7; i++) source.Step();
        var optimizer = new FakeOptimizer(0.5, momentum: 0.1);
        var restored = new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 20);
        restored.LoadState(source.SaveState());
        Assert.Equal(source.LearningRate, optimizer.LearningRate);
        Assert.Equal(source.Momentum, optimizer.Momentum);
        Assert.Equal(7, restored.LastEpoch);
    }

    [Fact]
    public void LoadStateRefusesAnotherSchedulersState()
    {
        var state = new ExponentialLR(new FakeOptimizer(0.1), gamma: 0.5).SaveState();
        var step = new StepLR(new FakeOptimizer(0.1), stepSize: 3, gamma: 0.5);
        var ex = Assert.Throws<ArgumentException>(() => step.LoadState(state));
        Assert.Contains("saved by ExponentialLR, expected StepLR", ex.Message);
    }

    [Fact]
    public void LoadStateRefusesDifferentConfigurationNamingKeyAndBothValues()
    {
        var state = new StepLR(new FakeOptimizer(0.1), stepSize: 3, gamma: 0.5).SaveState();
        var other = new StepLR(new FakeOptimizer(0.1), stepSize: 3, gamma: 0.1);
        var ex = Assert.Throws<ArgumentException>(() => other.LoadState(state));
        Assert.Contains("'gamma' is 0.5 in the state but 0.1 in this scheduler", ex.Message);
        Assert.Equal(0, other.LastEpoch); // nothing changed

        var milestones = new MultiStepLR(new FakeOptimizer(0.1), [5, 10]).SaveState();
        var ex2 = Assert.Throws<ArgumentException>(() => new MultiStepLR(new FakeOptimizer(0.1), [5, 11]).LoadState(milestones));
        Assert.Contains("'milestones.1' is 10 in the state but 11", ex2.Message);

        var plateau = new ReduceLROnPlateau(new FakeOptimizer(0.1), mode: PlateauMode.Max).SaveState();
        var ex3 = Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(new FakeOptimizer(0.1)).LoadState(plateau));
        Assert.Contains("'mode' is 1 in the state but 0", ex3.Message);
    }

    [Fact]
    public void LoadStateRefusesMissingKeysOtherVersionsAndFractionalCounters()
    {
        var cosine = new CosineAnnealingLR(new FakeOptimizer(0.1), tMax: 10);
        SchedulerState good = cosine.SaveState();

        var missing = new SchedulerState("CosineAnnealingLR", 1, good.Values.Where(kv => kv.Key != "last_lr").ToDictionary());
        Assert.Contains("has no 'last_lr' entry", Assert.Throws<ArgumentException>(() => cosine.LoadState(missing)).Message);

        var future = new SchedulerState("CosineAnnealingLR", 2, good.Values);
        Assert.Contains("state version 2 is not supported", Assert.Throws<ArgumentException>(() => cosine.LoadState(future)).Message);

        var fractional = new SchedulerState("CosineAnnealingLR", 1, good.Values.ToDictionary(kv => kv.Key, kv => kv.Key == "last_epoch" ? 2.5 : kv.Value));
        Assert.Contains("'last_epoch' must be a whole number", Assert.Throws<ArgumentException>(() => cosine.LoadState(fractional)).Message);

        var plateau = new ReduceLROnPlateau(new FakeOptimizer(0.1), cooldown: 2);
        var tooCool = new SchedulerState("ReduceLROnPlateau", 1, plateau.SaveState().Values.ToDictionary(kv => kv.Key, kv => kv.Key == "cooldown_counter" ? 5.0 : kv.Value));
        Assert.Contains("cooldown_counter = 5 (must be in 0..2)", Assert.Throws<ArgumentException>(() => plateau.LoadState(tooCool)).Message);
    }

    [Fact]
    public void StatesCompareByValueBitForBit()
    {
        var a = new SchedulerState("X", 1, new Dictionary<string, double> { ["b"] = 1, ["a"] = double.NaN });
        var b = new SchedulerState("X", 1, new Dictionary<string, double> { ["a"] = double.NaN, ["b"] = 1 });
        var c = new SchedulerState("X", 1, new Dictionary<string, double> { ["a"] = double.NaN, ["b"] = 1.0000000000000002 });
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal(new[] { "a", "b" }, a.Values.Keys);
    }
}
