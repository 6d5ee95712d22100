// OneCycleLR: the 1cycle policy (Smith & Topin, "Super-Convergence", https://arxiv.org/abs/1708.07120) as
// fastai and PyTorch implement it: LR up from η_0 = max_lr / div_factor to max_lr, then down to
// η_min = η_0 / final_div_factor; momentum cycled the opposite way between max_momentum and base_momentum.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.OneCycleLR.html
//
// With T = total_steps and p = pct_start, the phases end at steps (as doubles, as in PyTorch)
//   two phases (default):  e_1 = pT − 1,  e_2 = T − 1
//   three phases:          e_1 = pT − 1,  e_2 = 2pT − 2,  e_3 = T − 1
// and step t lies in the first phase k with t ≤ e_k (or the last phase), with e_0 = 0:
//   pct = (t − e_{k−1}) / (e_k − e_{k−1}),   η_t = anneal(start_k, end_k, pct),  m_t = anneal(mstart_k, mend_k, pct)
//   cos:    anneal(a, b, pct) = b + (a − b)/2 · (1 + cos(π · pct))
//   linear: anneal(a, b, pct) = (b − a) · pct + a
//   two phases:   η: η_0 → max_lr → η_min;            m: max_m → base_m → max_m
//   three phases: η: η_0 → max_lr → η_0 → η_min;      m: max_m → base_m → max_m → max_m
// The schedule is not chainable: it never reads the current LR. PyTorch allows steps t = 0 … T (t = T
// extrapolates one step past the last phase, pct > 1) and raises on t > T; so do we, before changing anything.
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// The 1cycle policy: LR annealed from maxLr/divFactor up to maxLr, then down to maxLr/(divFactor·finalDivFactor),
/// with momentum cycled inversely (PyTorch <c>torch.optim.lr_scheduler.OneCycleLR</c>). Step once per batch.
/// </summary>
public sealed class OneCycleLR : LearningRateScheduler
{
    private readonly Phase[] _phases;
    private readonly IMomentumTarget? _momentumTarget;

    /// <summary>Number of steps in the cycle (PyTorch <c>total_steps</c>, or <c>epochs · steps_per_epoch</c>).</summary>
    public int TotalSteps { get; }

    /// <summary>Peak learning rate (PyTorch <c>max_lr</c>).</summary>
    public double MaxLearningRate { get; }

    /// <summary>Starting learning rate max_lr / div_factor (PyTorch group <c>initial_lr</c>).</summary>
    public double InitialLearningRate { get; }

    /// <summary>Final learning rate initial_lr / final_div_factor (PyTorch group <c>min_lr</c>).</summary>
    public double MinLearningRate { get; }

    /// <summary>Fraction of the cycle spent increasing the LR (PyTorch <c>pct_start</c>).</summary>
    public double PctStart { get; }

    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>True when the target's momentum (or β₁) is cycled (PyTorch <c>cycle_momentum</c>).</summary>
    public bool CycleMomentum { get; }

    public double BaseMomentum { get; }

    public double MaxMomentum { get; }

    public double DivFactor { get; }

    public double FinalDivFactor { get; }

    public bool ThreePhase { get; }

    /// <summary>The momentum set by the last step, or NaN when <see cref="CycleMomentum"/> is off.</summary>
    public double Momentum { get; private set; } = double.NaN;

    /// <param name="target">The optimizer. Its LR is overwritten with maxLr / divFactor on construction, as in PyTorch.
    /// With <paramref name="cycleMomentum"/> it must implement <see cref="IMomentumTarget"/>.</param>
    /// <param name="maxLr">Peak learning rate, finite and &gt; 0.</param>
    /// <param name="totalSteps">Steps in the cycle (≥ 1); takes precedence over epochs · stepsPerEpoch.</param>
    /// <param name="epochs">With <paramref name="stepsPerEpoch"/>, gives totalSteps = epochs · stepsPerEpoch when totalSteps is null.</param>
    /// <param name="stepsPerEpoch">Batches per epoch (≥ 1).</param>
    /// <param name="pctStart">Fraction of the cycle spent increasing the LR, in [0, 1] (default 0.3).</param>
    /// <param name="annealStrategy">Cos (default) or Linear.</param>
    /// <param name="cycleMomentum">Cycle momentum inversely to the LR (default true, as in PyTorch).</param>
    /// <param name="baseMomentum">Momentum at the LR peak (default 0.85).</param>
    /// <param name="maxMomentum">Momentum at the start and end (default 0.95); baseMomentum ≤ maxMomentum &lt; 1.</param>
    /// <param name="divFactor">initial_lr = maxLr / divFactor (default 25).</param>
    /// <param name="finalDivFactor">min_lr = initial_lr / finalDivFactor (default 1e4).</param>
    /// <param name="threePhase">Use the paper's three phases (up, symmetric down, annihilate) instead of fastai's two.</param>
    public OneCycleLR(
        ILearningRateTarget target,
        double maxLr,
        int? totalSteps = null,
        int? epochs = null,
        int? stepsPerEpoch = null,
        double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        bool cycleMomentum = true,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95,
        double divFactor = 25.0,
        double finalDivFactor = 1e4,
        bool threePhase = false)
        : base(target)
    {
        const string name = nameof(OneCycleLR);
        TotalSteps = ResolveTotalSteps(totalSteps, epochs, stepsPerEpoch);
        SchedulerChecks.Positive(name, "maxLr", maxLr);
        if (!(pctStart >= 0 && pctStart <= 1))
            throw SchedulerChecks.Bad(name, "pctStart", SchedulerChecks.Format(pctStart), "a number between 0 and 1 (the fraction of the cycle spent increasing the LR)");
        if (!Enum.IsDefined(annealStrategy))
            throw SchedulerChecks.Bad(name, "annealStrategy", annealStrategy.ToString(), "AnnealStrategy.Cos or AnnealStrategy.Linear");
        SchedulerChecks.Positive(name, "divFactor", divFactor);
        SchedulerChecks.Positive(name, "finalDivFactor", finalDivFactor);
        if (cycleMomentum)
        {
            if (!(baseMomentum >= 0 && baseMomentum < 1))
                throw SchedulerChecks.Bad(name, "baseMomentum", SchedulerChecks.Format(baseMomentum), "in [0, 1)");
            if (!(maxMomentum >= 0 && maxMomentum < 1))
                throw SchedulerChecks.Bad(name, "maxMomentum", SchedulerChecks.Format(maxMomentum), "in [0, 1)");
            if (baseMomentum > maxMomentum)
                throw SchedulerChecks.Bad(name, "baseMomentum", SchedulerChecks.Format(baseMomentum),
                    $"<= maxMomentum = {SchedulerChecks.Format(maxMomentum)} (momentum is lowest at the LR peak)");
            _momentumTarget = target as IMomentumTarget ?? throw new ArgumentException(
                $"{name}: cycleMomentum is true but the target ({target.GetType().Name}) has no momentum: it does not implement IMomentumTarget. " +
                "Pass cycleMomentum: false, or use an optimizer with momentum (SGD momentum, Adam beta1); PyTorch raises here too.",
                nameof(cycleMomentum));
        }

        MaxLearningRate = maxLr;
        InitialLearningRate = maxLr / divFactor;
        MinLearningRate = InitialLearningRate / finalDivFactor;
        PctStart = pctStart;
        AnnealStrategy = annealStrategy;
        CycleMomentum = cycleMomentum;
        BaseMomentum = baseMomentum;
        MaxMomentum = maxMomentum;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
        ThreePhase = threePhase;
        _phases = BuildPhases();
        CheckPhaseLengths();

        if (_momentumTarget is not null) _momentumTarget.Momentum = maxMomentum;
        InitialStep(InitialLearningRate);
    }

    private readonly record struct Phase(double EndStep, double StartLr, double EndLr, double StartMomentum, double EndMomentum);

    private static int ResolveTotalSteps(int? totalSteps, int? epochs, int? stepsPerEpoch)
    {
        const string name = nameof(OneCycleLR);
        if (totalSteps is int t)
        {
            SchedulerChecks.Positive(name, "totalSteps", t);
            return t;
        }
        if (epochs is null || stepsPerEpoch is null)
            throw new ArgumentException(
                $"{name}: give either totalSteps or both epochs and stepsPerEpoch (got totalSteps = null, epochs = {epochs?.ToString() ?? "null"}, stepsPerEpoch = {stepsPerEpoch?.ToString() ?? "null"}).",
                nameof(totalSteps));
        SchedulerChecks.Positive(name, "epochs", epochs.Value);
        SchedulerChecks.Positive(name, "stepsPerEpoch", stepsPerEpoch.Value);
        long product = (long)epochs.Value * stepsPerEpoch.Value;
        if (product > int.MaxValue)
            throw SchedulerChecks.Bad(name, "epochs * stepsPerEpoch", $"{epochs} * {stepsPerEpoch} = {product}", $"at most int.MaxValue = {int.MaxValue}");
        return (int)product;
    }

    private Phase[] BuildPhases()
    {
        // PyTorch: float(pct_start * total_steps) - 1 and float(2 * pct_start * total_steps) - 2.
        double end1 = PctStart * TotalSteps - 1;
        double last = TotalSteps - 1;
        if (ThreePhase)
        {
            return
            [
                new(end1, InitialLearningRate, MaxLearningRate, MaxMomentum, BaseMomentum),
                new(2 * PctStart * TotalSteps - 2, MaxLearningRate, InitialLearningRate, BaseMomentum, MaxMomentum),
                new(last, InitialLearningRate, MinLearningRate, MaxMomentum, MaxMomentum),
            ];
        }
        return
        [
            new(end1, InitialLearningRate, MaxLearningRate, MaxMomentum, BaseMomentum),
            new(last, MaxLearningRate, MinLearningRate, BaseMomentum, MaxMomentum),
        ];
    }

    // A phase that starts and ends on the same step makes pct = 0/0 (PyTorch: ZeroDivisionError on the step that
    // lands in it). Refuse such a configuration up front. A phase ending before it starts (pctStart · totalSteps < 1)
    // is simply skipped, as in PyTorch.
    private void CheckPhaseLengths()
    {
        double start = 0;
        for (int i = 0; i < _phases.Length; i++)
        {
            if (_phases[i].EndStep == start)
                throw new ArgumentException(
                    $"{nameof(OneCycleLR)}: pctStart = {SchedulerChecks.Format(PctStart)} with totalSteps = {TotalSteps}{(ThreePhase ? " (threePhase)" : "")} " +
                    $"gives phase {i + 1} zero length (it starts and ends at step {SchedulerChecks.Format(start)}), which divides by zero (PyTorch raises ZeroDivisionError). " +
                    "Change pctStart or totalSteps.", "pctStart");
            start = _phases[i].EndStep;
        }
    }

    private double Anneal(double start, double end, double pct)
    {
        if (AnnealStrategy == AnnealStrategy.Cos)
        {
            double cosOut = Math.Cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
        return (end - start) * pct + start;
    }

    private protected override string Name => nameof(OneCycleLR);

    private protected override double ComputeLearningRate(int epoch)
    {
        if (epoch > TotalSteps)
            throw new InvalidOperationException(
                $"{nameof(OneCycleLR)}: stepped past the end of the cycle: this Step() would reach step {epoch}, but totalSteps = {TotalSteps} " +
                $"(steps 0..{TotalSteps} are allowed; PyTorch: \"Tried to step {epoch + 1} times. The specified number of total steps is {TotalSteps}\"). " +
                "Create the scheduler with totalSteps (or epochs * stepsPerEpoch) covering every batch you train on.");

        double startStep = 0;
        for (int i = 0; i < _phases.Length; i++)
        {
            Phase phase = _phases[i];
            if (epoch <= phase.EndStep || i == _phases.Length - 1)
            {
                double pct = (epoch - startStep) / (phase.EndStep - startStep);
                double lr = Anneal(phase.StartLr, phase.EndLr, pct);
                if (_momentumTarget is not null)
                {
                    double momentum = Anneal(phase.StartMomentum, phase.EndMomentum, pct);
                    _momentumTarget.Momentum = momentum;
                    Momentum = momentum;
                }
                return lr;
            }
            startStep = phase.EndStep;
        }
        throw new InvalidOperationException("unreachable: the last phase always matches");
    }

    private protected override void SaveExtra(IDictionary<string, double> values)
    {
        values["total_steps"] = TotalSteps;
        values["max_lr"] = MaxLearningRate;
        values["pct_start"] = PctStart;
        values["anneal_strategy"] = (int)AnnealStrategy;
        values["cycle_momentum"] = CycleMomentum ? 1 : 0;
        values["base_momentum"] = BaseMomentum;
        values["max_momentum"] = MaxMomentum;
        values["div_factor"] = DivFactor;
        values["final_div_factor"] = FinalDivFactor;
        values["three_phase"] = ThreePhase ? 1 : 0;
        values["last_momentum"] = Momentum;
    }

    private protected override void CheckConfiguration(SchedulerStateReader reader)
    {
        reader.Expect("total_steps", TotalSteps);
        reader.Expect("max_lr", MaxLearningRate);
        reader.Expect("pct_start", PctStart);
        reader.Expect("anneal_strategy", (int)AnnealStrategy);
        reader.Expect("cycle_momentum", CycleMomentum ? 1 : 0);
        reader.Expect("base_momentum", BaseMomentum);
        reader.Expect("max_momentum", MaxMomentum);
        reader.Expect("div_factor", DivFactor);
        reader.Expect("final_div_factor", FinalDivFactor);
        reader.Expect("three_phase", ThreePhase ? 1 : 0);
    }

    private protected override void LoadExtra(SchedulerStateReader reader)
    {
        double momentum = reader.Get("last_momentum");
        if (_momentumTarget is not null)
        {
            if (!double.IsFinite(momentum))
                throw new ArgumentException($"{nameof(OneCycleLR)}.LoadState: 'last_momentum' must be finite when momentum is cycled, got {SchedulerChecks.Format(momentum)}.", "state");
            _momentumTarget.Momentum = momentum;
        }
        Momentum = momentum;
    }
}
