// NAdam: Adam with Nesterov momentum (Dozat 2016, https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ) and the
// momentum-decay schedule μ_t of PyTorch.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.NAdam.html
// and its single-tensor implementation (torch/optim/nadam.py, _single_tensor_nadam).
//
//   input: γ (lr, default 2e-3), β₁, β₂ (betas), θ₀ (params), λ (weight decay), ψ (momentum decay, default 4e-3), ε
//   initialize: m₀ ← 0, v₀ ← 0, Π₀ ← 1 (mu_product)
//   for t = 1, 2, ...
//       g_t ← ∇θ f_t(θ_{t−1})
//       if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
//       μ_t ← β₁ (1 − ½ · 0.96^{tψ});   μ_{t+1} ← β₁ (1 − ½ · 0.96^{(t+1)ψ})
//       Π_t ← Π_{t−1} μ_t
//       m_t ← β₁ m_{t−1} + (1 − β₁) g_t
//       v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
//       d_t ← √(v_t / (1 − β₂^t)) + ε
//       θ_t ← θ_{t−1} − γ (1 − μ_t)/(1 − Π_t) · g_t / d_t − γ μ_{t+1}/(1 − Π_t μ_{t+1}) · m_t / d_t
//
// As in PyTorch, Π (state mu_product) is a float32 tensor: Π_t = fl32(Π_{t−1} · fl32(μ_t)) and
// Π_t μ_{t+1} = fl32(fl32(Π_t · fl32(μ_t)) · fl32(μ_{t+1})) (PyTorch's `mu_product * mu * mu_next`, which multiplies
// the already updated Π by μ_t once more; we reproduce that). State per parameter: step, mu_product, exp_avg, exp_avg_sq.
// PyTorch 1.13's NAdam has no maximize option.
//
// The loop runs 8 elements at a time with Vector256 and finishes with the scalar loop, its twin; both perform the
// same IEEE operations per element and give bit-identical results (OptimizerVectorTests).
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Experiments.Engine.NN;
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Optim;

/// <summary>
/// NAdam: Adam with Nesterov momentum and a momentum-decay schedule (PyTorch <c>torch.optim.NAdam</c>).
/// β₁ is exposed as <see cref="Momentum"/> so <c>OneCycleLR</c> can cycle it.
/// </summary>
public sealed class NAdam : Optimizer, IMomentumTarget
{
    private const int StepIndex = 0, MuProduct = 1, ExpAvg = 0, ExpAvgSq = 1;
    private double _beta1;

    /// <param name="parameters">The parameters to update.</param>
    /// <param name="lr">Learning rate γ ≥ 0 (default 2e-3).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9; PyTorch <c>betas[0]</c>).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999; PyTorch <c>betas[1]</c>).</param>
    /// <param name="eps">Term ε ≥ 0 added to the denominator (default 1e-8).</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0 added to the gradient (default 0).</param>
    /// <param name="momentumDecay">Momentum decay ψ ≥ 0 (default 4e-3).</param>
    public NAdam(IEnumerable<Parameter> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3)
        : base(nameof(NAdam), parameters, lr)
    {
        const string name = nameof(NAdam);
        _beta1 = OptimizerChecks.UnitInterval(name, nameof(beta1), beta1);
        Beta2 = OptimizerChecks.UnitInterval(name, nameof(beta2), beta2);
        Eps = OptimizerChecks.NonNegative(name, nameof(eps), eps);
        WeightDecay = OptimizerChecks.NonNegative(name, nameof(weightDecay), weightDecay);
        MomentumDecay = OptimizerChecks.NonNegative(name, nameof(momentumDecay), momentumDecay);
    }

    /// <summary>β₁ (PyTorch <c>betas[0]</c>), in [0, 1); settable for <c>OneCycleLR</c>.</summary>
    public double Beta1
    {
        get => _beta1;
        set => _beta1 = OptimizerChecks.UnitInterval(nameof(NAdam), nameof(Beta1), value);
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

    public double MomentumDecay { get; }

    private protected override string Name => nameof(NAdam);

    private protected override string[] BufferNames { get; } = ["exp_avg", "exp_avg_sq"];

    private protected override string[] ScalarNames { get; } = ["step", "mu_product"];

    private protected override void InitializeSlot(Slot slot, int length)
    {
        slot.Buffers[ExpAvg] = new float[length];
        slot.Buffers[ExpAvgSq] = new float[length];
        slot.Scalars[MuProduct] = 1.0;
    }

    private protected override void Update(Span<float> param, ReadOnlySpan<float> grad, Slot slot)
    {
        double step = slot.Scalars[StepIndex] += 1;
        double lr = LearningRate;
        double biasCorrection2 = 1 - Math.Pow(Beta2, step);
        double mu = _beta1 * (1.0 - 0.5 * Math.Pow(0.96, step * MomentumDecay));
        double muNext = _beta1 * (1.0 - 0.5 * Math.Pow(0.96, (step + 1) * MomentumDecay));
        float muProduct = (float)slot.Scalars[MuProduct] * (float)mu;      // mu_product *= mu (float32 tensor)
        float muProductNext = muProduct * (float)mu * (float)muNext;         // mu_product * mu * mu_next
        slot.Scalars[MuProduct] = muProduct;
        float gradStep = (float)(-lr * (1.0 - mu) / (1.0 - muProduct));
        float avgStep = (float)(-lr * muNext / (1.0 - muProductNext));

        bool decay = WeightDecay != 0;
        float weightDecay = (float)WeightDecay;
        float b1 = (float)_beta1, oneMinusB1 = (float)(1 - _beta1);
        float b2 = (float)Beta2, oneMinusB2 = (float)(1 - Beta2);
        float bc2 = (float)biasCorrection2;
        float eps = (float)Eps;
        float[] expAvg = slot.Buffers[ExpAvg]!, expAvgSq = slot.Buffers[ExpAvgSq]!;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && param.Length >= Vector256<float>.Count)
        {
            ref float pRef = ref MemoryMarshal.GetReference(param);
            ref float gRef = ref MemoryMarshal.GetReference(grad);
            ref float mRef = ref MemoryMarshal.GetArrayDataReference(expAvg);
            ref float vRef = ref MemoryMarshal.GetArrayDataReference(expAvgSq);
            Vector256<float> weightDecayV = Vector256.Create(weightDecay);
            Vector256<float> b1V = Vector256.Create(b1), oneMinusB1V = Vector256.Create(oneMinusB1);
            Vector256<float> b2V = Vector256.Create(b2), oneMinusB2V = Vector256.Create(oneMinusB2);
            Vector256<float> bc2V = Vector256.Create(bc2), epsV = Vector256.Create(eps);
            Vector256<float> gradStepV = Vector256.Create(gradStep), avgStepV = Vector256.Create(avgStep);
            for (; i <= param.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                Vector256<float> g = Vector256.LoadUnsafe(ref gRef, at);
                Vector256<float> p = Vector256.LoadUnsafe(ref pRef, at);
                if (decay) g = Vector256.FusedMultiplyAdd(p, weightDecayV, g);
                Vector256<float> m = Vector256.FusedMultiplyAdd(g, oneMinusB1V, Vector256.LoadUnsafe(ref mRef, at) * b1V);
                Vector256<float> v = Vector256.FusedMultiplyAdd(oneMinusB2V * g, g, Vector256.LoadUnsafe(ref vRef, at) * b2V);
                m.StoreUnsafe(ref mRef, at);
                v.StoreUnsafe(ref vRef, at);
                Vector256<float> denom = Vector256.Sqrt(v / bc2V) + epsV;
                p += gradStepV * g / denom;
                (p + avgStepV * m / denom).StoreUnsafe(ref pRef, at);
            }
        }

        for (; i < param.Length; i++)
        {
            float g = grad[i];
            if (decay) g = MathF.FusedMultiplyAdd(param[i], weightDecay, g);        // grad.add(param, alpha=λ)
            float m = MathF.FusedMultiplyAdd(g, oneMinusB1, expAvg[i] * b1);        // exp_avg.mul_(β₁).add_(g, alpha=1−β₁)
            float v = MathF.FusedMultiplyAdd(oneMinusB2 * g, g, expAvgSq[i] * b2);  // exp_avg_sq.mul_(β₂).addcmul_(g, g, value=1−β₂)
            expAvg[i] = m;
            expAvgSq[i] = v;
            float denom = MathF.Sqrt(v / bc2) + eps;                                // exp_avg_sq.div(bc₂).sqrt().add_(ε)
            float p = param[i] + gradStep * g / denom;                              // param.addcdiv_(g, denom, value=−γ(1−μ_t)/(1−Π_t))
            param[i] = p + avgStep * m / denom;                                     // param.addcdiv_(exp_avg, denom, value=−γμ_{t+1}/(1−Π_tμ_{t+1}))
        }
    }

    private protected override void SaveHyperparameters(IDictionary<string, double> values)
    {
        values["beta1"] = _beta1;
        values["beta2"] = Beta2;
        values["eps"] = Eps;
        values["weight_decay"] = WeightDecay;
        values["momentum_decay"] = MomentumDecay;
    }

    private protected override void CheckHyperparameters(HyperparameterReader reader)
    {
        reader.Expect("beta2", Beta2);
        reader.Expect("eps", Eps);
        reader.Expect("weight_decay", WeightDecay);
        reader.Expect("momentum_decay", MomentumDecay);
    }

    private protected override string? MomentumKey => "beta1";

    private protected override void CheckMomentum(string where, double value) => OptimizerChecks.UnitInterval(where, "beta1", value);

    private protected override void RestoreMomentum(double value) => _beta1 = value;
}
