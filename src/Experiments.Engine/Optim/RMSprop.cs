// RMSprop: divides the gradient by a running root mean square of recent gradients (Hinton, Coursera lecture 6e),
// optionally centered (Graves 2013, https://arxiv.org/abs/1308.0850) and with momentum.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.RMSprop.html
// and its single-tensor implementation (torch/optim/rmsprop.py, _single_tensor_rmsprop).
//
//   input: α (alpha), γ (lr), θ₀ (params), λ (weight decay), μ (momentum), centered, maximize, ε (eps)
//   initialize: v₀ ← 0 (square average), b₀ ← 0 (buffer), g^ave₀ ← 0
//   for t = 1, 2, ...
//       g_t ← ∇θ f_t(θ_{t−1});  if maximize: g_t ← −g_t
//       if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
//       v_t ← α v_{t−1} + (1 − α) g_t²
//       ṽ_t ← v_t
//       if centered:  g^ave_t ← α g^ave_{t−1} + (1 − α) g_t;   ṽ_t ← ṽ_t − (g^ave_t)²
//       if μ > 0:  b_t ← μ b_{t−1} + g_t / (√ṽ_t + ε);   θ_t ← θ_{t−1} − γ b_t
//       else:      θ_t ← θ_{t−1} − γ g_t / (√ṽ_t + ε)
//
// State per parameter: step, square_avg, momentum_buffer (when μ > 0), grad_avg (when centered).
// PyTorch creates momentum_buffer only if μ > 0 on the first step; if μ later becomes > 0 we create it as zeros
// then (PyTorch would fail with a KeyError).
//
// The loop runs 8 elements at a time with Vector256 and finishes with the scalar loop, its twin; both perform the
// same IEEE operations per element and give bit-identical results (OptimizerVectorTests).
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Experiments.Engine.NN;
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Optim;

/// <summary>
/// RMSprop with optional centering, momentum and L2 weight decay (PyTorch <c>torch.optim.RMSprop</c>).
/// <see cref="Momentum"/> can be cycled by <c>OneCycleLR</c>.
/// </summary>
public sealed class RMSprop : Optimizer, IMomentumTarget
{
    private const int SquareAvg = 0, MomentumBuffer = 1, GradAvg = 2;
    private double _momentum;

    /// <param name="parameters">The parameters to update.</param>
    /// <param name="lr">Learning rate γ ≥ 0 (default 1e-2).</param>
    /// <param name="alpha">Smoothing constant α ≥ 0 (default 0.99).</param>
    /// <param name="eps">Term ε ≥ 0 added to the denominator (default 1e-8).</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0 (default 0).</param>
    /// <param name="momentum">Momentum factor μ ≥ 0 (default 0).</param>
    /// <param name="centered">Normalise by the variance estimate ṽ = E[g²] − E[g]² instead of E[g²].</param>
    /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
    public RMSprop(IEnumerable<Parameter> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(nameof(RMSprop), parameters, lr)
    {
        const string name = nameof(RMSprop);
        Alpha = OptimizerChecks.NonNegative(name, nameof(alpha), alpha);
        Eps = OptimizerChecks.NonNegative(name, nameof(eps), eps);
        WeightDecay = OptimizerChecks.NonNegative(name, nameof(weightDecay), weightDecay);
        _momentum = OptimizerChecks.NonNegative(name, nameof(momentum), momentum);
        Centered = centered;
        Maximize = maximize;
        BufferNames = centered ? ["square_avg", "momentum_buffer", "grad_avg"] : ["square_avg", "momentum_buffer"];
    }

    public double Alpha { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    public bool Centered { get; }

    public bool Maximize { get; }

    /// <summary>Momentum factor μ (PyTorch <c>momentum</c>); settable for <c>OneCycleLR</c>.</summary>
    public double Momentum
    {
        get => _momentum;
        set => _momentum = OptimizerChecks.NonNegative(nameof(RMSprop), nameof(Momentum), value);
    }

    private protected override string Name => nameof(RMSprop);

    private protected override string[] BufferNames { get; }

    private protected override bool IsBufferRequired(int index) => index != MomentumBuffer;

    private protected override void InitializeSlot(Slot slot, int length)
    {
        slot.Buffers[SquareAvg] = new float[length];
        if (_momentum > 0) slot.Buffers[MomentumBuffer] = new float[length];
        if (Centered) slot.Buffers[GradAvg] = new float[length];
    }

    private protected override void Update(Span<float> param, ReadOnlySpan<float> grad, Slot slot)
    {
        slot.Scalars[0] += 1; // step (kept as PyTorch does; the update does not use it)
        bool decay = WeightDecay != 0, useMomentum = _momentum > 0;
        float weightDecay = (float)WeightDecay;
        float alpha = (float)Alpha;
        float oneMinusAlpha = (float)(1 - Alpha);
        float eps = (float)Eps;
        float momentum = (float)_momentum;
        float negLr = (float)-LearningRate;
        float[] squareAvg = slot.Buffers[SquareAvg]!;
        float[]? gradAvg = Centered ? slot.Buffers[GradAvg] : null;
        float[]? buffer = null;
        if (useMomentum) buffer = slot.Buffers[MomentumBuffer] ??= new float[param.Length];
        int i = 0;
        if (Vector256.IsHardwareAccelerated && param.Length >= Vector256<float>.Count)
        {
            ref float pRef = ref MemoryMarshal.GetReference(param);
            ref float gRef = ref MemoryMarshal.GetReference(grad);
            ref float sqRef = ref MemoryMarshal.GetArrayDataReference(squareAvg);
            ref float gaRef = ref MemoryMarshal.GetArrayDataReference(gradAvg ?? []);
            ref float bRef = ref MemoryMarshal.GetArrayDataReference(buffer ?? []);
            Vector256<float> signBit = Vector256.Create(-0f), weightDecayV = Vector256.Create(weightDecay);
            Vector256<float> alphaV = Vector256.Create(alpha), oneMinusAlphaV = Vector256.Create(oneMinusAlpha);
            Vector256<float> epsV = Vector256.Create(eps), momentumV = Vector256.Create(momentum), negLrV = Vector256.Create(negLr);
            for (; i <= param.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                Vector256<float> g = Vector256.LoadUnsafe(ref gRef, at);
                if (Maximize) g ^= signBit;
                Vector256<float> p = Vector256.LoadUnsafe(ref pRef, at);
                if (decay) g = Vector256.FusedMultiplyAdd(p, weightDecayV, g);
                Vector256<float> v = Vector256.FusedMultiplyAdd(oneMinusAlphaV * g, g, Vector256.LoadUnsafe(ref sqRef, at) * alphaV);
                v.StoreUnsafe(ref sqRef, at);
                Vector256<float> avg;
                if (Centered)
                {
                    Vector256<float> ga = Vector256.FusedMultiplyAdd(g, oneMinusAlphaV, Vector256.LoadUnsafe(ref gaRef, at) * alphaV);
                    ga.StoreUnsafe(ref gaRef, at);
                    avg = Vector256.Sqrt(Vector256.FusedMultiplyAdd(ga ^ signBit, ga, v));
                }
                else
                {
                    avg = Vector256.Sqrt(v);
                }
                avg += epsV;
                if (useMomentum)
                {
                    Vector256<float> b = Vector256.LoadUnsafe(ref bRef, at) * momentumV + g / avg;
                    b.StoreUnsafe(ref bRef, at);
                    Vector256.FusedMultiplyAdd(b, negLrV, p).StoreUnsafe(ref pRef, at);
                }
                else
                {
                    (p + negLrV * g / avg).StoreUnsafe(ref pRef, at);
                }
            }
        }

        for (; i < param.Length; i++)
        {
            float g = Maximize ? -grad[i] : grad[i];
            if (decay) g = MathF.FusedMultiplyAdd(param[i], weightDecay, g);               // grad.add(param, alpha=λ)
            float v = MathF.FusedMultiplyAdd(oneMinusAlpha * g, g, squareAvg[i] * alpha);   // square_avg.mul_(α).addcmul_(g, g, value=1−α)
            squareAvg[i] = v;
            float avg;
            if (Centered)
            {
                float ga = MathF.FusedMultiplyAdd(g, oneMinusAlpha, gradAvg![i] * alpha);   // grad_avg.mul_(α).add_(g, alpha=1−α)
                gradAvg[i] = ga;
                avg = MathF.Sqrt(MathF.FusedMultiplyAdd(-ga, ga, v));                      // square_avg.addcmul(ga, ga, value=−1).sqrt_()
            }
            else
            {
                avg = MathF.Sqrt(v);
            }
            avg += eps;                                                                     // avg.add_(ε)
            if (useMomentum)
            {
                float b = buffer![i] * momentum + g / avg;                                  // buf.mul_(μ).addcdiv_(g, avg)
                buffer[i] = b;
                param[i] = MathF.FusedMultiplyAdd(b, negLr, param[i]);                      // param.add_(buf, alpha=−γ)
            }
            else
            {
                param[i] += negLr * g / avg;                                                // param.addcdiv_(g, avg, value=−γ)
            }
        }
    }

    private protected override void SaveHyperparameters(IDictionary<string, double> values)
    {
        values["alpha"] = Alpha;
        values["eps"] = Eps;
        values["weight_decay"] = WeightDecay;
        values["momentum"] = _momentum;
        values["centered"] = Centered ? 1 : 0;
        values["maximize"] = Maximize ? 1 : 0;
    }

    private protected override void CheckHyperparameters(HyperparameterReader reader)
    {
        reader.Expect("alpha", Alpha);
        reader.Expect("eps", Eps);
        reader.Expect("weight_decay", WeightDecay);
        reader.Expect("centered", Centered ? 1 : 0);
        reader.Expect("maximize", Maximize ? 1 : 0);
    }

    private protected override string? MomentumKey => "momentum";

    private protected override void CheckMomentum(string where, double value) => OptimizerChecks.NonNegative(where, "momentum", value);

    private protected override void RestoreMomentum(double value) => _momentum = value;
}
