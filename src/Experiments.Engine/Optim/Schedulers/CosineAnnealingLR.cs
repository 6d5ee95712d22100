// CosineAnnealingLR: anneals the learning rate from η_max (the base LR) to η_min along a half cosine over T_max
// epochs, then (if stepped further) back up, with period 2·T_max.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html
// (SGDR, Loshchilov & Hutter, https://arxiv.org/abs/1608.03983, without the restarts).
//
// Closed form (what the LR is when nothing else touches it):
//   η_t = η_min + ½ (η_max − η_min) (1 + cos(π t / T_max))
//
// PyTorch's get_lr, which runs on every normal step, does NOT evaluate that; it uses the recursive form
//   η_0 = η_max
//   η_t = η_{t−1} + ½ (η_max − η_min) (1 − cos(π / T_max))                              if (t − 1 − T_max) mod 2T_max = 0
//   η_t = (1 + cos(π t / T_max)) / (1 + cos(π (t − 1) / T_max)) · (η_{t−1} − η_min) + η_min   otherwise
// (the first case is the step just after a trough, where the ratio's denominator 1 + cos(π(2k+1)) is 0).
// We transcribe that form with PyTorch's operation order, so sequences match it to the last bits, also past
// T_max, and so the LR follows outside changes to it as in PyTorch. (PyTorch's third branch, for
// `_step_count == 1 and last_epoch > 0`, only runs when constructed with last_epoch ≥ 0, which we don't offer.)
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// Cosine annealing from the base LR down to <c>etaMin</c> over <c>tMax</c> epochs:
/// η_t = η_min + ½(η_max − η_min)(1 + cos(π t / T_max)), computed in PyTorch's recursive form
/// (PyTorch <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>).
/// </summary>
public sealed class CosineAnnealingLR : LearningRateScheduler
{
    /// <summary>Half period of the cosine, in epochs (PyTorch <c>T_max</c>).</summary>
    public int TMax { get; }

    /// <summary>Minimum learning rate (PyTorch <c>eta_min</c>).</summary>
    public double EtaMin { get; }

    /// <param name="target">The optimizer (or other LR holder); its current LR is η_max.</param>
    /// <param name="tMax">Number of epochs from η_max to η_min, ≥ 1.</param>
    /// <param name="etaMin">The LR at epoch tMax, finite and ≥ 0 (PyTorch default 0; may exceed η_max, then the cosine rises).</param>
    public CosineAnnealingLR(ILearningRateTarget target, int tMax, double etaMin = 0)
        : base(target)
    {
        SchedulerChecks.Positive(nameof(CosineAnnealingLR), "tMax", tMax);
        SchedulerChecks.NonNegative(nameof(CosineAnnealingLR), "etaMin", etaMin);
        TMax = tMax;
        EtaMin = etaMin;
        InitialStep(SchedulerChecks.InitialLearningRate(nameof(CosineAnnealingLR), target));
    }

    /// <summary>The closed form η_min + ½(η_max − η_min)(1 + cos(π t / T_max)) (PyTorch <c>_get_closed_form_lr</c>).</summary>
    public double ClosedForm(int epoch) =>
        EtaMin + (BaseLearningRate - EtaMin) * (1 + Math.Cos(Math.PI * epoch / TMax)) / 2;

    private protected override string Name => nameof(CosineAnnealingLR);

    private protected override double ComputeLearningRate(int epoch)
    {
        double lr = Target.LearningRate;
        if (epoch == 0) return lr;
        if (SchedulerChecks.FloorMod((long)epoch - 1 - TMax, 2L * TMax) == 0)
            return lr + (BaseLearningRate - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        return (1 + Math.Cos(Math.PI * epoch / TMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / TMax)) * (lr - EtaMin) + EtaMin;
    }

    private protected override void SaveExtra(IDictionary<string, double> values)
    {
        values["T_max"] = TMax;
        values["eta_min"] = EtaMin;
    }

    private protected override void CheckConfiguration(SchedulerStateReader reader)
    {
        reader.Expect("T_max", TMax);
        reader.Expect("eta_min", EtaMin);
    }
}
