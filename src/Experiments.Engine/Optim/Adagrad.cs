// Adagrad: per-coordinate learning rates from the sum of squared gradients (Duchi et al., JMLR 2011,
// https://jmlr.org/papers/v12/duchi11a.html).
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.Adagrad.html
// and its single-tensor implementation (torch/optim/adagrad.py, _single_tensor_adagrad, dense gradients).
//
//   input: γ (lr, default 1e-2), θ₀ (params), λ (weight decay), τ (initial accumulator value), η (lr decay), ε (1e-10)
//   initialize: state_sum₀ ← τ
//   for t = 1, 2, ...
//       g_t ← ∇θ f_t(θ_{t−1});  if maximize: g_t ← −g_t
//       γ̃ ← γ / (1 + (t − 1) η)
//       if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
//       state_sum_t ← state_sum_{t−1} + g_t²
//       θ_t ← θ_{t−1} − γ̃ g_t / (√state_sum_t + ε)
//
// State per parameter: step, sum. PyTorch fills the state in the constructor; we fill it on the parameter's first
// step with the same values (step 0, sum = τ), which gives the same updates.
//
// The loop runs 8 elements at a time with Vector256 and finishes with the scalar loop, its twin; both perform the
// same IEEE operations per element and give bit-identical results (OptimizerVectorTests).
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Experiments.Engine.NN;

namespace Experiments.Engine.Optim;

/// <summary>Adagrad with learning-rate decay and L2 weight decay (PyTorch <c>torch.optim.Adagrad</c>).</summary>
public sealed class Adagrad : Optimizer
{
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="lr">Learning rate γ ≥ 0 (default 1e-2).</param>
    /// <param name="lrDecay">Learning-rate decay η ≥ 0 (default 0).</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0 added to the gradient (default 0).</param>
    /// <param name="initialAccumulatorValue">Starting value τ ≥ 0 of the sum of squares (default 0).</param>
    /// <param name="eps">Term ε ≥ 0 added to the denominator (default 1e-10).</param>
    /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
    public Adagrad(IEnumerable<Parameter> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(nameof(Adagrad), parameters, lr)
    {
        const string name = nameof(Adagrad);
        LrDecay = OptimizerChecks.NonNegative(name, nameof(lrDecay), lrDecay);
        WeightDecay = OptimizerChecks.NonNegative(name, nameof(weightDecay), weightDecay);
        InitialAccumulatorValue = OptimizerChecks.NonNegative(name, nameof(initialAccumulatorValue), initialAccumulatorValue);
        Eps = OptimizerChecks.NonNegative(name, nameof(eps), eps);
        Maximize = maximize;
    }

    public double LrDecay { get; }

    public double WeightDecay { get; }

    public double InitialAccumulatorValue { get; }

    public double Eps { get; }

    public bool Maximize { get; }

    private protected override string Name => nameof(Adagrad);

    private protected override string[] BufferNames { get; } = ["sum"];

    private protected override void InitializeSlot(Slot slot, int length)
    {
        var sum = new float[length];
        Array.Fill(sum, (float)InitialAccumulatorValue); // torch.full_like(p, initial_accumulator_value)
        slot.Buffers[0] = sum;
    }

    private protected override void Update(Span<float> param, ReadOnlySpan<float> grad, Slot slot)
    {
        double step = slot.Scalars[0] += 1;
        double clr = LearningRate / (1 + (step - 1) * LrDecay);
        bool decay = WeightDecay != 0;
        float weightDecay = (float)WeightDecay;
        float eps = (float)Eps;
        float negClr = (float)-clr;
        float[] sum = slot.Buffers[0]!;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && param.Length >= Vector256<float>.Count)
        {
            ref float pRef = ref MemoryMarshal.GetReference(param);
            ref float gRef = ref MemoryMarshal.GetReference(grad);
            ref float sRef = ref MemoryMarshal.GetArrayDataReference(sum);
            Vector256<float> signBit = Vector256.Create(-0f), weightDecayV = Vector256.Create(weightDecay);
            Vector256<float> epsV = Vector256.Create(eps), negClrV = Vector256.Create(negClr);
            for (; i <= param.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                Vector256<float> g = Vector256.LoadUnsafe(ref gRef, at);
                if (Maximize) g ^= signBit;
                Vector256<float> p = Vector256.LoadUnsafe(ref pRef, at);
                if (decay) g = Vector256.FusedMultiplyAdd(p, weightDecayV, g);
                Vector256<float> s = Vector256.FusedMultiplyAdd(g, g, Vector256.LoadUnsafe(ref sRef, at));
                s.StoreUnsafe(ref sRef, at);
                Vector256<float> std = Vector256.Sqrt(s) + epsV;
                (p + negClrV * g / std).StoreUnsafe(ref pRef, at);
            }
        }

        for (; i < param.Length; i++)
        {
            float g = Maximize ? -grad[i] : grad[i];
            if (decay) g = MathF.FusedMultiplyAdd(param[i], weightDecay, g);   // grad.add(param, alpha=λ)
            float s = MathF.FusedMultiplyAdd(g, g, sum[i]);                    // state_sum.addcmul_(g, g, value=1)
            sum[i] = s;
            float std = MathF.Sqrt(s) + eps;                                   // state_sum.sqrt().add_(ε)
            param[i] += negClr * g / std;                                      // param.addcdiv_(g, std, value=−γ̃)
        }
    }

    private protected override void SaveHyperparameters(IDictionary<string, double> values)
    {
        values["lr_decay"] = LrDecay;
        values["weight_decay"] = WeightDecay;
        values["initial_accumulator_value"] = InitialAccumulatorValue;
        values["eps"] = Eps;
        values["maximize"] = Maximize ? 1 : 0;
    }

    private protected override void CheckHyperparameters(HyperparameterReader reader)
    {
        reader.Expect("lr_decay", LrDecay);
        reader.Expect("weight_decay", WeightDecay);
        reader.Expect("initial_accumulator_value", InitialAccumulatorValue);
        reader.Expect("eps", Eps);
        reader.Expect("maximize", Maximize ? 1 : 0);
    }
}
