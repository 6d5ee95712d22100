// SGD: stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.SGD.html
// and its single-tensor implementation (torch/optim/sgd.py, _single_tensor_sgd).
//
//   input: γ (lr), θ₀ (params), λ (weight decay), μ (momentum), τ (dampening), nesterov, maximize
//   for t = 1, 2, ...
//       g_t ← ∇θ f_t(θ_{t−1});  if maximize: g_t ← −g_t        (the code negates first, then decays)
//       if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}
//       if μ ≠ 0:
//           if t > 1:  b_t ← μ b_{t−1} + (1 − τ) g_t
//           else:      b_t ← g_t
//           if nesterov:  g_t ← g_t + μ b_t
//           else:         g_t ← b_t
//       θ_t ← θ_{t−1} − γ g_t
//
// State per parameter: momentum_buffer (created on the first step with μ ≠ 0; absent otherwise). No step count.
//
// The loop runs 8 elements at a time with Vector256 and finishes with the scalar loop, its twin; both perform the
// same IEEE operations per element and give bit-identical results (OptimizerVectorTests).
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Experiments.Engine.NN;
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Optim;

/// <summary>
/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay
/// (PyTorch <c>torch.optim.SGD</c>). <see cref="Momentum"/> can be cycled by <c>OneCycleLR</c>.
/// </summary>
public sealed class SGD : Optimizer, IMomentumTarget
{
    private double _momentum;

    /// <param name="parameters">The parameters to update (e.g. <c>model.Parameters()</c>).</param>
    /// <param name="lr">Learning rate γ, finite and ≥ 0. PyTorch 1.13 requires it; we do too.</param>
    /// <param name="momentum">Momentum factor μ ≥ 0 (default 0: plain SGD).</param>
    /// <param name="dampening">Dampening τ for momentum (default 0).</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0 added to the gradient (default 0).</param>
    /// <param name="nesterov">Nesterov momentum; needs momentum &gt; 0 and dampening = 0.</param>
    /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
    public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : base(nameof(SGD), parameters, lr)
    {
        const string name = nameof(SGD);
        OptimizerChecks.NonNegative(name, nameof(momentum), momentum);
        if (!double.IsFinite(dampening))
            throw OptimizerChecks.Bad(name, nameof(dampening), dampening, "a finite number");
        OptimizerChecks.NonNegative(name, nameof(weightDecay), weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException(
                $"{name}: nesterov = true requires momentum > 0 and dampening = 0, got momentum = {OptimizerChecks.Format(momentum)} and dampening = {OptimizerChecks.Format(dampening)} " +
                "(PyTorch: \"Nesterov momentum requires a momentum and zero dampening\"). Set a momentum such as 0.9 and dampening 0, or nesterov = false.", nameof(nesterov));
        _momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        Maximize = maximize;
    }

    /// <summary>Momentum factor μ (PyTorch <c>momentum</c>); settable for <c>OneCycleLR</c>. Must stay &gt; 0 with Nesterov.</summary>
    public double Momentum
    {
        get => _momentum;
        set
        {
            CheckMomentum(nameof(SGD), value);
            _momentum = value;
        }
    }

    public double Dampening { get; }

    public double WeightDecay { get; }

    public bool Nesterov { get; }

    public bool Maximize { get; }

    private protected override string Name => nameof(SGD);

    private protected override string[] BufferNames { get; } = ["momentum_buffer"];

    private protected override string[] ScalarNames { get; } = [];

    private protected override bool IsBufferRequired(int index) => false;

    private protected override void InitializeSlot(Slot slot, int length) { }

    private protected override void Update(Span<float> param, ReadOnlySpan<float> grad, Slot slot)
    {
        bool decay = WeightDecay != 0, useMomentum = _momentum != 0;
        float weightDecay = (float)WeightDecay;
        float momentum = (float)_momentum;
        float oneMinusDampening = (float)(1 - Dampening);
        float negLr = (float)-LearningRate;
        float[]? buffer = slot.Buffers[0];
        bool first = false;
        if (useMomentum && buffer is null)
        {
            buffer = new float[param.Length];
            slot.Buffers[0] = buffer;
            first = true; // b_1 = g_1 (PyTorch: torch.clone(d_p))
        }
        int i = 0;
        if (Vector256.IsHardwareAccelerated && param.Length >= Vector256<float>.Count)
        {
            ref float pRef = ref MemoryMarshal.GetReference(param);
            ref float gRef = ref MemoryMarshal.GetReference(grad);
            ref float bRef = ref MemoryMarshal.GetArrayDataReference(buffer ?? []);
            Vector256<float> signBit = Vector256.Create(-0f), weightDecayV = Vector256.Create(weightDecay);
            Vector256<float> momentumV = Vector256.Create(momentum), oneMinusDampeningV = Vector256.Create(oneMinusDampening);
            Vector256<float> negLrV = Vector256.Create(negLr);
            for (; i <= param.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                Vector256<float> d = Vector256.LoadUnsafe(ref gRef, at);
                if (Maximize) d ^= signBit;
                Vector256<float> p = Vector256.LoadUnsafe(ref pRef, at);
                if (decay) d = Vector256.FusedMultiplyAdd(p, weightDecayV, d);
                if (useMomentum)
                {
                    Vector256<float> b = first ? d : Vector256.FusedMultiplyAdd(d, oneMinusDampeningV, Vector256.LoadUnsafe(ref bRef, at) * momentumV);
                    b.StoreUnsafe(ref bRef, at);
                    d = Nesterov ? Vector256.FusedMultiplyAdd(b, momentumV, d) : b;
                }
                Vector256.FusedMultiplyAdd(d, negLrV, p).StoreUnsafe(ref pRef, at);
            }
        }

        for (; i < param.Length; i++)
        {
            float d = Maximize ? -grad[i] : grad[i];
            if (decay) d = MathF.FusedMultiplyAdd(param[i], weightDecay, d);            // d_p.add(param, alpha=λ)
            if (useMomentum)
            {
                float b = first ? d : MathF.FusedMultiplyAdd(d, oneMinusDampening, buffer![i] * momentum); // buf.mul_(μ).add_(d_p, alpha=1−τ)
                buffer![i] = b;
                d = Nesterov ? MathF.FusedMultiplyAdd(b, momentum, d) : b;             // d_p.add(buf, alpha=μ)
            }
            param[i] = MathF.FusedMultiplyAdd(d, negLr, param[i]);                      // param.add_(d_p, alpha=−γ)
        }
    }

    private protected override void SaveHyperparameters(IDictionary<string, double> values)
    {
        values["momentum"] = _momentum;
        values["dampening"] = Dampening;
        values["weight_decay"] = WeightDecay;
        values["nesterov"] = Nesterov ? 1 : 0;
        values["maximize"] = Maximize ? 1 : 0;
    }

    private protected override void CheckHyperparameters(HyperparameterReader reader)
    {
        reader.Expect("dampening", Dampening);
        reader.Expect("weight_decay", WeightDecay);
        reader.Expect("nesterov", Nesterov ? 1 : 0);
        reader.Expect("maximize", Maximize ? 1 : 0);
    }

    private protected override string? MomentumKey => "momentum";

    private protected override void CheckMomentum(string where, double value)
    {
        OptimizerChecks.NonNegative(where, "momentum", value);
        if (Nesterov && value <= 0)
            throw OptimizerChecks.Bad(where, "momentum", value, "> 0 because nesterov = true");
    }

    private protected override void RestoreMomentum(double value) => _momentum = value;
}
