// AdamFamily: what Adam and AdamW share: β₁/β₂/ε/λ/amsgrad/maximize, their checks, the per-parameter state
// (step, exp_avg, exp_avg_sq, max_exp_avg_sq) and the checkpoint plumbing. The two differ only in where the
// weight decay acts (in the gradient, or decoupled on the weights), which AdamUpdate.Apply takes as a flag.
// The algorithms are written out in Adam.cs and AdamW.cs; the element loop is in AdamUpdate.cs.
using Experiments.Engine.NN;
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Optim;

/// <summary>
/// The Adam family (<see cref="Adam"/>, <see cref="AdamW"/>). β₁ is exposed as <see cref="Momentum"/> so
/// <c>OneCycleLR</c> can cycle it. Closed: only optimizers in this assembly derive from it.
/// </summary>
public abstract class AdamFamily : Optimizer, IMomentumTarget
{
    private readonly string _name;
    private readonly bool _decoupledDecay;
    private double _beta1;

    private protected AdamFamily(string name, bool decoupledDecay, IEnumerable<Parameter> parameters, double lr,
        double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool maximize)
        : base(name, parameters, lr)
    {
        _name = name;
        _decoupledDecay = decoupledDecay;
        _beta1 = OptimizerChecks.UnitInterval(name, nameof(beta1), beta1);
        Beta2 = OptimizerChecks.UnitInterval(name, nameof(beta2), beta2);
        Eps = OptimizerChecks.NonNegative(name, nameof(eps), eps);
        WeightDecay = OptimizerChecks.NonNegative(name, nameof(weightDecay), weightDecay);
        Amsgrad = amsgrad;
        Maximize = maximize;
        BufferNames = amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"];
    }

    /// <summary>β₁ (PyTorch <c>betas[0]</c>), in [0, 1); settable for <c>OneCycleLR</c>.</summary>
    public double Beta1
    {
        get => _beta1;
        set => _beta1 = OptimizerChecks.UnitInterval(_name, nameof(Beta1), value);
    }

    /// <summary>Same as <see cref="Beta1"/> (what <c>OneCycleLR</c> cycles for the Adam family).</summary>
    public double Momentum
    {
        get => Beta1;
        set => Beta1 = value;
    }

    public double Beta2 { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    public bool Amsgrad { get; }

    public bool Maximize { get; }

    private protected override string Name => _name;

    private protected override string[] BufferNames { get; }

    private protected override void InitializeSlot(Slot slot, int length) => AdamUpdate.Initialize(slot.Buffers, length);

    private protected override void Update(Span<float> param, ReadOnlySpan<float> grad, Slot slot)
    {
        double step = slot.Scalars[0] += 1;
        AdamUpdate.Apply(param, grad, slot.Buffers, step, LearningRate, _beta1, Beta2, Eps,
            weightDecay: WeightDecay, decoupledDecay: _decoupledDecay, Amsgrad, Maximize);
    }

    private protected override void SaveHyperparameters(IDictionary<string, double> values) =>
        AdamUpdate.Save(values, _beta1, Beta2, Eps, WeightDecay, Amsgrad, Maximize);

    private protected override void CheckHyperparameters(HyperparameterReader reader) =>
        AdamUpdate.Check(reader, Beta2, Eps, WeightDecay, Amsgrad, Maximize);

    private protected override string? MomentumKey => "beta1";

    private protected override void CheckMomentum(string where, double value) => OptimizerChecks.UnitInterval(where, "beta1", value);

    private protected override void RestoreMomentum(double value) => _beta1 = value;
}
