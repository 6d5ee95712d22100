// Behaviour the goldens don't pin down by themselves: construction semantics, OneCycleLR's end of cycle,
// momentum targets, and ReduceLROnPlateau's handling of NaN metrics.
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Tests.Schedulers;

public sealed class SchedulerBehaviourTests
{
    [Fact]
    public void ConstructionTakesTheInitialStepAndRecordsTheBaseLearningRate()
    {
        var optimizer = new FakeOptimizer(0.2);
        var step = new StepLR(optimizer, stepSize: 2);
        Assert.Equal(0, step.LastEpoch);
        Assert.Equal(0.2, step.BaseLearningRate);
        Assert.Equal(0.2, step.LearningRate);
        Assert.Equal(0.2, optimizer.LearningRate);
    }

    [Fact]
    public void OneCycleOverwritesTheLearningRateWithMaxLrOverDivFactorAndMomentumWithMaxMomentum()
    {
        var optimizer = new FakeOptimizer(0.5, momentum: 0.3);
        var cycle = new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 10, divFactor: 20);
        Assert.Equal(0.1 / 20, cycle.InitialLearningRate);
        Assert.Equal(0.1 / 20 / 1e4, cycle.MinLearningRate);
        Assert.Equal(cycle.InitialLearningRate, cycle.BaseLearningRate);
        Assert.Equal(cycle.InitialLearningRate, optimizer.LearningRate, 15);
        Assert.Equal(0.95, optimizer.Momentum, 15);
    }

    [Fact]
    public void OneCycleAllowsStepsUpToTotalStepsAndThenThrowsWithoutChangingAnything()
    {
        var optimizer = new FakeOptimizer(0.1);
        var cycle = new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 10);
        for (int i = 0; i < 10; i++) cycle.Step(); // PyTorch allows last_epoch == total_steps
        Assert.Equal(10, cycle.LastEpoch);
        double lr = optimizer.LearningRate, momentum = optimizer.Momentum;

        var ex = Assert.Throws<InvalidOperationException>(() => cycle.Step());
        Assert.Contains("would reach step 11, but totalSteps = 10", ex.Message);
        Assert.Contains("Tried to step 12 times. The specified number of total steps is 10", ex.Message);
        Assert.Equal(10, cycle.LastEpoch);
        Assert.Equal(lr, optimizer.LearningRate);
        Assert.Equal(momentum, optimizer.Momentum);
        Assert.Equal(lr, cycle.LearningRate);
    }

    [Fact]
    public void OneCycleTotalStepsTakesPrecedenceOverEpochsTimesStepsPerEpoch()
    {
        Assert.Equal(12, new OneCycleLR(new FakeOptimizer(0.1), 0.1, totalSteps: 12, epochs: 5, stepsPerEpoch: 10).TotalSteps);
        Assert.Equal(50, new OneCycleLR(new FakeOptimizer(0.1), 0.1, epochs: 5, stepsPerEpoch: 10).TotalSteps);
    }

    [Fact]
    public void OneCycleWithoutMomentumCyclingDrivesATargetWithoutMomentum()
    {
        var target = new LearningRateOnly(1.0);
        var cycle = new OneCycleLR(target, maxLr: 0.1, totalSteps: 10, cycleMomentum: false);
        cycle.Step();
        Assert.True(double.IsNaN(cycle.Momentum));
        Assert.True(target.LearningRate > cycle.InitialLearningRate);
    }

    [Fact]
    public void OneCycleWithMomentumCyclingRefusesATargetWithoutMomentum()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OneCycleLR(new LearningRateOnly(0.1), maxLr: 0.1, totalSteps: 10));
        Assert.Equal("cycleMomentum", ex.ParamName);
        Assert.Contains("does not implement IMomentumTarget", ex.Message);
        Assert.Contains("cycleMomentum: false", ex.Message);
    }

    [Fact]
    public void ChainableSchedulersFollowOutsideChangesToTheLearningRate()
    {
        // PyTorch's get_lr multiplies the *current* LR, so a manual change persists through later decays.
        var optimizer = new FakeOptimizer(0.1);
        var exp = new ExponentialLR(optimizer, gamma: 0.5);
        optimizer.LearningRate = 1.0;
        exp.Step();
        Assert.Equal(0.5, optimizer.LearningRate);
        Assert.Equal(0.1, exp.BaseLearningRate);
    }

    [Fact]
    public void PlateauCountsNaNMetricsAsBadEpochsLikePyTorch()
    {
        var optimizer = new FakeOptimizer(0.1);
        var plateau = new ReduceLROnPlateau(optimizer, patience: 1, factor: 0.5);
        plateau.Step(1.0);
        plateau.Step(double.NaN);
        Assert.Equal(1, plateau.NumBadEpochs);
        Assert.Equal(1.0, plateau.Best);
        plateau.Step(double.NaN);
        Assert.Equal(0.05, optimizer.LearningRate);
        Assert.Equal(0, plateau.NumBadEpochs);
        Assert.Equal(3, plateau.LastEpoch);
    }

    [Fact]
    public void PlateauReducesOnlyAfterMoreThanPatienceBadStepsThenCoolsDown()
    {
        var optimizer = new FakeOptimizer(1.0);
        var plateau = new ReduceLROnPlateau(optimizer, patience: 2, cooldown: 2, factor: 0.5, threshold: 0);
        double[] metrics = [1, 1, 1, 1, 1, 1, 1, 1, 1];
        double[] expected = [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25];
        // step 1 sets best; 2,3 bad (patience 2); 4 bad → reduce, cooldown 2; 5,6 in cooldown; 7,8 bad; 9 → reduce.
        var actual = metrics.Select(m => { plateau.Step(m); return optimizer.LearningRate; }).ToArray();
        Assert.Equal(expected, actual);
    }
}
