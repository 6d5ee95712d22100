// Argument validation: every bad argument fails at construction with one ArgumentException that names the
// parameter and quotes the bad value.
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Tests.Schedulers;

public sealed class SchedulerValidationTests
{
    private static FakeOptimizer Opt() => new(0.1);

    private static void AssertRefused(Func<object> create, string param, params string[] fragments)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(create);
        Assert.Equal(param, ex.ParamName);
        foreach (string fragment in fragments)
            Assert.True(ex.Message.Contains(fragment, StringComparison.Ordinal), $"message lacks \"{fragment}\":\n{ex.Message}");
    }

    [Fact]
    public void StepLRRefusesNonPositiveStepSizeAndGamma()
    {
        AssertRefused(() => new StepLR(Opt(), stepSize: 0), "stepSize", "StepLR: stepSize must be an integer >= 1, got 0.");
        AssertRefused(() => new StepLR(Opt(), stepSize: 3, gamma: 0), "gamma", "StepLR: gamma must be a finite number > 0, got 0.");
        AssertRefused(() => new StepLR(Opt(), stepSize: 3, gamma: -0.5), "gamma", "got -0.5");
        AssertRefused(() => new StepLR(Opt(), stepSize: 3, gamma: double.PositiveInfinity), "gamma", "got Infinity");
    }

    [Fact]
    public void ExponentialLRRefusesNonPositiveOrNaNGamma()
    {
        AssertRefused(() => new ExponentialLR(Opt(), gamma: 0), "gamma", "ExponentialLR: gamma must be a finite number > 0, got 0.");
        AssertRefused(() => new ExponentialLR(Opt(), gamma: double.NaN), "gamma", "got NaN");
    }

    [Fact]
    public void MultiStepLRRefusesMilestonesThatAreNotStrictlyIncreasingPositiveEpochs()
    {
        AssertRefused(() => new MultiStepLR(Opt(), [10, 5]), "milestones", "got [10, 5]", "strictly increasing (milestones[1] = 5 follows 10)");
        AssertRefused(() => new MultiStepLR(Opt(), [3, 3]), "milestones", "got [3, 3]", "drop duplicates");
        AssertRefused(() => new MultiStepLR(Opt(), [0, 4]), "milestones", "epochs >= 1 (milestones[0] = 0");
        AssertRefused(() => new MultiStepLR(Opt(), []), "milestones", "got []");
        AssertRefused(() => new MultiStepLR(Opt(), [2], gamma: 0), "gamma", "got 0");
    }

    [Fact]
    public void CosineAnnealingLRRefusesNonPositiveTMaxAndNegativeEtaMin()
    {
        AssertRefused(() => new CosineAnnealingLR(Opt(), tMax: 0), "tMax", "CosineAnnealingLR: tMax must be an integer >= 1, got 0.");
        AssertRefused(() => new CosineAnnealingLR(Opt(), tMax: 5, etaMin: -1e-3), "etaMin", "must be a finite number >= 0, got -0.001.");
    }

    [Fact]
    public void OneCycleLRRefusesBadStepsFactorsAndMomenta()
    {
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1), "totalSteps", "give either totalSteps or both epochs and stepsPerEpoch", "epochs = null");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, epochs: 3), "totalSteps", "epochs = 3, stepsPerEpoch = null");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 0), "totalSteps", "totalSteps must be an integer >= 1, got 0.");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, epochs: 0, stepsPerEpoch: 5), "epochs", "got 0");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0, totalSteps: 10), "maxLr", "got 0");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 10, pctStart: 1.5), "pctStart", "between 0 and 1", "got 1.5");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 10, divFactor: 0), "divFactor", "got 0");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 10, finalDivFactor: -1), "finalDivFactor", "got -1");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 10, baseMomentum: 0.97), "baseMomentum", "got 0.97", "<= maxMomentum = 0.95");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 10, maxMomentum: 1.0), "maxMomentum", "in [0, 1), got 1.");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 10, annealStrategy: (AnnealStrategy)7), "annealStrategy", "got 7");
    }

    [Fact]
    public void OneCycleLRRefusesAZeroLengthPhaseWherePyTorchDividesByZero()
    {
        // pct_start · total_steps − 1 = 0.1 · 10 − 1 = 0: phase 1 starts and ends at step 0.
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 10, pctStart: 0.1), "pctStart",
            "pctStart = 0.1 with totalSteps = 10 gives phase 1 zero length", "ZeroDivisionError");
        AssertRefused(() => new OneCycleLR(Opt(), maxLr: 0.1, totalSteps: 10, pctStart: 1.0), "pctStart", "gives phase 2 zero length");
    }

    [Fact]
    public void ReduceLROnPlateauRefusesBadFactorPatienceThresholdAndBounds()
    {
        AssertRefused(() => new ReduceLROnPlateau(Opt(), factor: 1.0), "factor", "ReduceLROnPlateau: factor must be in (0, 1)", "got 1.");
        AssertRefused(() => new ReduceLROnPlateau(Opt(), factor: 0), "factor", "got 0.");
        AssertRefused(() => new ReduceLROnPlateau(Opt(), patience: -1), "patience", "integer >= 0, got -1.");
        AssertRefused(() => new ReduceLROnPlateau(Opt(), threshold: -1e-4), "threshold", "got -0.0001.");
        AssertRefused(() => new ReduceLROnPlateau(Opt(), threshold: 1.0), "threshold", "< 1 in ThresholdMode.Rel", "got 1.");
        AssertRefused(() => new ReduceLROnPlateau(Opt(), cooldown: -2), "cooldown", "got -2.");
        AssertRefused(() => new ReduceLROnPlateau(Opt(), minLr: -1), "minLr", "got -1.");
        AssertRefused(() => new ReduceLROnPlateau(Opt(), eps: double.NaN), "eps", "got NaN.");
        AssertRefused(() => new ReduceLROnPlateau(Opt(), mode: (PlateauMode)3), "mode", "got 3.");
        Assert.NotNull(new ReduceLROnPlateau(Opt(), threshold: 1.0, thresholdMode: ThresholdMode.Abs));
    }

    [Fact]
    public void SchedulersRefuseATargetWithoutAUsableLearningRate()
    {
        AssertRefused(() => new StepLR(new FakeOptimizer(double.NaN), stepSize: 1), "target", "learning rate must be a finite number >= 0", "got NaN");
        AssertRefused(() => new ReduceLROnPlateau(new FakeOptimizer(-0.1)), "target", "got -0.1");
        Assert.Throws<ArgumentNullException>(() => new ExponentialLR(null!, gamma: 0.5));
    }
}
