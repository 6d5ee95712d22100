// ExponentialLR: decays the learning rate by gamma every epoch.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ExponentialLR.html
//
//   η_0 = η_base,   η_t = γ · η_{t−1}  (t ≥ 1)
//
// i.e. η_t = η_base · γ^t when nothing else touches the LR. PyTorch's get_lr multiplies the current LR once per
// step (the recursive form); so do we, so the rounding matches step by step.
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// Decays the learning rate by <c>gamma</c> every epoch: η_t = η_base · γ^t
/// (PyTorch <c>torch.optim.lr_scheduler.ExponentialLR</c>).
/// </summary>
public sealed class ExponentialLR : LearningRateScheduler
{
    /// <summary>Multiplicative decay factor per epoch (PyTorch <c>gamma</c>).</summary>
    public double Gamma { get; }

    /// <param name="target">The optimizer (or other LR holder); its current LR is the base LR.</param>
    /// <param name="gamma">Multiplicative factor per epoch, finite and &gt; 0 (no PyTorch default).</param>
    public ExponentialLR(ILearningRateTarget target, double gamma)
        : base(target)
    {
        SchedulerChecks.Positive(nameof(ExponentialLR), "gamma", gamma);
        Gamma = gamma;
        InitialStep(SchedulerChecks.InitialLearningRate(nameof(ExponentialLR), target));
    }

    private protected override string Name => nameof(ExponentialLR);

    private protected override double ComputeLearningRate(int epoch)
    {
        double lr = Target.LearningRate;
        return epoch == 0 ? lr : lr * Gamma;
    }

    private protected override void SaveExtra(IDictionary<string, double> values) => values["gamma"] = Gamma;

    private protected override void CheckConfiguration(SchedulerStateReader reader) => reader.Expect("gamma", Gamma);
}
