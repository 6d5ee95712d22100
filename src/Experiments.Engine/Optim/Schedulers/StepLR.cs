// StepLR: decays the learning rate by gamma every step_size epochs.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.StepLR.html
//
//   η_0 = η_base
//   η_t = γ · η_{t−1}   if t mod step_size = 0   (t ≥ 1)
//   η_t = η_{t−1}       otherwise
//
// which, with nothing else touching the LR, is the closed form η_t = η_base · γ^⌊t / step_size⌋. The recursive
// (chainable) form is what PyTorch's get_lr computes, so that is what we compute too.
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// Decays the learning rate by <c>gamma</c> every <c>stepSize</c> epochs: η_t = η_base · γ^⌊t / stepSize⌋
/// (PyTorch <c>torch.optim.lr_scheduler.StepLR</c>).
/// </summary>
public sealed class StepLR : LearningRateScheduler
{
    /// <summary>Period of the decay, in epochs (PyTorch <c>step_size</c>).</summary>
    public int StepSize { get; }

    /// <summary>Multiplicative decay factor (PyTorch <c>gamma</c>).</summary>
    public double Gamma { get; }

    /// <param name="target">The optimizer (or other LR holder); its current LR is the base LR.</param>
    /// <param name="stepSize">Period of the decay in epochs, ≥ 1.</param>
    /// <param name="gamma">Multiplicative factor, finite and &gt; 0 (PyTorch default 0.1; &gt; 1 grows the LR).</param>
    public StepLR(ILearningRateTarget target, int stepSize, double gamma = 0.1)
        : base(target)
    {
        SchedulerChecks.Positive(nameof(StepLR), "stepSize", stepSize);
        SchedulerChecks.Positive(nameof(StepLR), "gamma", gamma);
        StepSize = stepSize;
        Gamma = gamma;
        InitialStep(SchedulerChecks.InitialLearningRate(nameof(StepLR), target));
    }

    private protected override string Name => nameof(StepLR);

    private protected override double ComputeLearningRate(int epoch)
    {
        double lr = Target.LearningRate;
        if (epoch == 0 || epoch % StepSize != 0) return lr;
        return lr * Gamma;
    }

    private protected override void SaveExtra(IDictionary<string, double> values)
    {
        values["step_size"] = StepSize;
        values["gamma"] = Gamma;
    }

    private protected override void CheckConfiguration(SchedulerStateReader reader)
    {
        reader.Expect("step_size", StepSize);
        reader.Expect("gamma", Gamma);
    }
}
