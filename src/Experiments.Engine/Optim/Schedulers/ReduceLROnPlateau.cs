// ReduceLROnPlateau: multiplies the learning rate by `factor` when a monitored metric has not improved for
// more than `patience` steps, then waits `cooldown` steps before counting again.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html
//
// Per Step(x), with best_0 = +∞ (min) or −∞ (max), bad = 0, cool = 0:
//   improved(x) = x < best·(1 − θ)  (min, rel)     x < best − θ  (min, abs)
//               = x > best·(1 + θ)  (max, rel)     x > best + θ  (max, abs)
//   if improved(x): best ← x, bad ← 0   else bad ← bad + 1
//   if cool > 0:    cool ← cool − 1, bad ← 0                      (bad steps during cooldown don't count)
//   if bad > patience:
//       η' = max(η · factor, min_lr);  if η − η' > eps: η ← η'    (tiny reductions are skipped)
//       cool ← cooldown, bad ← 0
// A NaN metric never improves (every comparison with NaN is false), as in PyTorch.
using System.Globalization;

namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// Reduces the learning rate by <c>factor</c> once a metric stops improving for more than <c>patience</c> steps
/// (PyTorch <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>). Call <see cref="Step(double)"/> after each validation.
/// </summary>
public sealed class ReduceLROnPlateau : ILearningRateScheduler
{
    private const string Name = nameof(ReduceLROnPlateau);

    /// <inheritdoc/>
    public ILearningRateTarget Target { get; }

    public PlateauMode Mode { get; }

    /// <summary>The LR is multiplied by this on a plateau, in (0, 1).</summary>
    public double Factor { get; }

    /// <summary>Steps without improvement tolerated before reducing (the reduction happens on step patience + 1).</summary>
    public int Patience { get; }

    public double Threshold { get; }

    public ThresholdMode ThresholdMode { get; }

    /// <summary>Steps to wait after a reduction before counting bad steps again.</summary>
    public int Cooldown { get; }

    /// <summary>Lower bound of the learning rate (PyTorch <c>min_lr</c>, one group).</summary>
    public double MinLearningRate { get; }

    /// <summary>Reductions smaller than this are skipped.</summary>
    public double Eps { get; }

    /// <inheritdoc/>
    public double LearningRate { get; private set; }

    /// <inheritdoc/>
    public int LastEpoch { get; private set; }

    /// <summary>Best metric so far (+∞ for Min, −∞ for Max before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive steps without improvement (PyTorch <c>num_bad_epochs</c>).</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>Steps of cooldown left (PyTorch <c>cooldown_counter</c>).</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>True while bad steps are being ignored after a reduction.</summary>
    public bool InCooldown => CooldownCounter > 0;

    /// <param name="target">The optimizer (or other LR holder).</param>
    /// <param name="mode">Min (a loss, default) or Max (an accuracy).</param>
    /// <param name="factor">new_lr = lr · factor, in (0, 1) (default 0.1).</param>
    /// <param name="patience">Bad steps tolerated before reducing, ≥ 0 (default 10).</param>
    /// <param name="threshold">Minimum significant change, ≥ 0; &lt; 1 in Rel mode (default 1e-4).</param>
    /// <param name="thresholdMode">Rel (default) or Abs.</param>
    /// <param name="cooldown">Steps to wait after a reduction, ≥ 0 (default 0).</param>
    /// <param name="minLr">Lower bound of the LR, ≥ 0 (default 0).</param>
    /// <param name="eps">Reductions smaller than this are skipped, ≥ 0 (default 1e-8).</param>
    public ReduceLROnPlateau(
        ILearningRateTarget target,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        int patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel,
        int cooldown = 0,
        double minLr = 0,
        double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Enum.IsDefined(mode))
            throw SchedulerChecks.Bad(Name, "mode", mode.ToString(), "PlateauMode.Min or PlateauMode.Max");
        if (!(factor > 0 && factor < 1))
            throw SchedulerChecks.Bad(Name, "factor", SchedulerChecks.Format(factor), "in (0, 1): the LR is multiplied by it on a plateau (PyTorch: 'Factor should be < 1.0.')");
        SchedulerChecks.NonNegative(Name, "patience", patience);
        if (!Enum.IsDefined(thresholdMode))
            throw SchedulerChecks.Bad(Name, "thresholdMode", thresholdMode.ToString(), "ThresholdMode.Rel or ThresholdMode.Abs");
        SchedulerChecks.NonNegative(Name, "threshold", threshold);
        if (thresholdMode == ThresholdMode.Rel && threshold >= 1)
            throw SchedulerChecks.Bad(Name, "threshold", SchedulerChecks.Format(threshold), "< 1 in ThresholdMode.Rel (it is a fraction of the best value; use ThresholdMode.Abs for absolute amounts)");
        SchedulerChecks.NonNegative(Name, "cooldown", cooldown);
        SchedulerChecks.NonNegative(Name, "minLr", minLr);
        SchedulerChecks.NonNegative(Name, "eps", eps);

        Target = target;
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinLearningRate = minLr;
        Eps = eps;
        LearningRate = SchedulerChecks.InitialLearningRate(Name, target);
        LastEpoch = 0;
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        NumBadEpochs = 0;
        CooldownCounter = 0;
    }

    /// <summary>Records one value of the monitored metric and reduces the LR if it has plateaued.</summary>
    public void Step(double metric)
    {
        if (LastEpoch == int.MaxValue)
            throw new InvalidOperationException($"{Name}: LastEpoch is int.MaxValue; the scheduler cannot step further.");
        LastEpoch++;

        if (IsBetter(metric, Best))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs++;
        }

        if (InCooldown)
        {
            CooldownCounter--;
            NumBadEpochs = 0; // ignore any bad epochs in cooldown
        }

        if (NumBadEpochs > Patience)
        {
            ReduceLearningRate();
            CooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }

        LearningRate = Target.LearningRate;
    }

    /// <summary>Whether <paramref name="a"/> is a significant improvement over <paramref name="best"/> (PyTorch <c>is_better</c>).</summary>
    public bool IsBetter(double a, double best) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < best * (1.0 - Threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => a < best - Threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > best * (Threshold + 1.0),
        _ => a > best + Threshold,
    };

    private void ReduceLearningRate()
    {
        double oldLr = Target.LearningRate;
        double newLr = Math.Max(oldLr * Factor, MinLearningRate);
        if (oldLr - newLr > Eps) Target.LearningRate = newLr;
    }

    /// <inheritdoc/>
    public SchedulerState SaveState() => new(Name, SchedulerState.CurrentVersion, new Dictionary<string, double>
    {
        ["last_epoch"] = LastEpoch,
        ["last_lr"] = LearningRate,
        ["best"] = Best,
        ["num_bad_epochs"] = NumBadEpochs,
        ["cooldown_counter"] = CooldownCounter,
        ["mode"] = (int)Mode,
        ["factor"] = Factor,
        ["patience"] = Patience,
        ["threshold"] = Threshold,
        ["threshold_mode"] = (int)ThresholdMode,
        ["cooldown"] = Cooldown,
        ["min_lr"] = MinLearningRate,
        ["eps"] = Eps,
    });

    /// <inheritdoc/>
    public void LoadState(SchedulerState state)
    {
        var reader = new SchedulerStateReader(state, Name);
        reader.Expect("mode", (int)Mode);
        reader.Expect("factor", Factor);
        reader.Expect("patience", Patience);
        reader.Expect("threshold", Threshold);
        reader.Expect("threshold_mode", (int)ThresholdMode);
        reader.Expect("cooldown", Cooldown);
        reader.Expect("min_lr", MinLearningRate);
        reader.Expect("eps", Eps);
        int lastEpoch = reader.GetInt("last_epoch");
        int numBad = reader.GetInt("num_bad_epochs");
        int cooldownCounter = reader.GetInt("cooldown_counter");
        double best = reader.Get("best");
        double lastLr = reader.Get("last_lr");
        if (lastEpoch < 0 || numBad < 0 || cooldownCounter < 0 || cooldownCounter > Cooldown)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{Name}.LoadState: counters out of range: last_epoch = {lastEpoch}, num_bad_epochs = {numBad} (both must be >= 0), cooldown_counter = {cooldownCounter} (must be in 0..{Cooldown})."),
                nameof(state));
        LastEpoch = lastEpoch;
        NumBadEpochs = numBad;
        CooldownCounter = cooldownCounter;
        Best = best;
        LearningRate = lastLr;
        Target.LearningRate = lastLr;
    }
}
