// AdamUpdate: the element loop shared by Adam and AdamW, which differ only in where weight decay enters:
// Adam adds λθ to the gradient (grad.add(param, alpha=λ)); AdamW first shrinks the parameter,
// param.mul_(1 − γλ). Everything else is _single_tensor_adam / _single_tensor_adamw of PyTorch 1.13, whose
// operation order is kept here (see Adam.cs and AdamW.cs for the algorithm and sources).
//
// The loop runs 8 elements at a time with Vector256 and finishes with the scalar loop, its twin. Every element is
// independent and the vector body performs the same IEEE operations as the scalar one (fused multiply-add, sqrt,
// division, sign flip by xor), so both give bit-identical results (tested by OptimizerVectorTests); the vector body
// buys ~7x on a step (measured: Adam over 1M parameters, 3.1 ms scalar → 0.41 ms, on the 2-core dev VM).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Experiments.Engine.Optim;

internal static class AdamUpdate
{
    private const int ExpAvg = 0, ExpAvgSq = 1, MaxExpAvgSq = 2;

    /// <summary>exp_avg, exp_avg_sq (and max_exp_avg_sq for amsgrad) as zeros.</summary>
    public static void Initialize(float[]?[] buffers, int length)
    {
        for (int k = 0; k < buffers.Length; k++) buffers[k] = new float[length];
    }

    /// <summary>One step of Adam (decoupledDecay false) or AdamW (true) for step number <paramref name="step"/> ≥ 1.</summary>
    public static void Apply(Span<float> param, ReadOnlySpan<float> grad, float[]?[] buffers, double step, double lr,
        double beta1, double beta2, double eps, double weightDecay, bool decoupledDecay, bool amsgrad, bool maximize)
    {
        // Python scalars, in double as PyTorch computes them.
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);

        // ... rounded to float32 where they meet the tensors.
        bool l2 = !decoupledDecay && weightDecay != 0;
        float decay = (float)weightDecay;
        float shrink = (float)(1 - lr * weightDecay);
        float b1 = (float)beta1, oneMinusB1 = (float)(1 - beta1);
        float b2 = (float)beta2, oneMinusB2 = (float)(1 - beta2);
        float bc2Sqrt = (float)biasCorrection2Sqrt;
        float epsF = (float)eps;
        float negStepSize = (float)-stepSize;
        float[] expAvg = buffers[ExpAvg]!, expAvgSq = buffers[ExpAvgSq]!;
        float[]? maxExpAvgSq = amsgrad ? buffers[MaxExpAvgSq]! : null;

        int i = 0;
        if (Vector256.IsHardwareAccelerated && param.Length >= Vector256<float>.Count)
        {
            ref float pRef = ref MemoryMarshal.GetReference(param);
            ref float gRef = ref MemoryMarshal.GetReference(grad);
            ref float mRef = ref MemoryMarshal.GetArrayDataReference(expAvg);
            ref float vRef = ref MemoryMarshal.GetArrayDataReference(expAvgSq);
            ref float maxRef = ref maxExpAvgSq is null ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetArrayDataReference(maxExpAvgSq);
            Vector256<float> signBit = Vector256.Create(-0f);
            Vector256<float> decayV = Vector256.Create(decay), shrinkV = Vector256.Create(shrink);
            Vector256<float> b1V = Vector256.Create(b1), oneMinusB1V = Vector256.Create(oneMinusB1);
            Vector256<float> b2V = Vector256.Create(b2), oneMinusB2V = Vector256.Create(oneMinusB2);
            Vector256<float> bc2SqrtV = Vector256.Create(bc2Sqrt), epsV = Vector256.Create(epsF), negStepSizeV = Vector256.Create(negStepSize);
            for (; i <= param.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                Vector256<float> g = Vector256.LoadUnsafe(ref gRef, at);
                if (maximize) g ^= signBit;
                Vector256<float> p = Vector256.LoadUnsafe(ref pRef, at);
                if (decoupledDecay) p *= shrinkV;
                else if (l2) g = Vector256.FusedMultiplyAdd(p, decayV, g);
                Vector256<float> m = Vector256.FusedMultiplyAdd(g, oneMinusB1V, Vector256.LoadUnsafe(ref mRef, at) * b1V);
                Vector256<float> v = Vector256.FusedMultiplyAdd(oneMinusB2V * g, g, Vector256.LoadUnsafe(ref vRef, at) * b2V);
                m.StoreUnsafe(ref mRef, at);
                v.StoreUnsafe(ref vRef, at);
                if (maxExpAvgSq is not null)
                {
                    v = Vector256.Max(Vector256.LoadUnsafe(ref maxRef, at), v);
                    v.StoreUnsafe(ref maxRef, at);
                }
                Vector256<float> denom = Vector256.Sqrt(v) / bc2SqrtV + epsV;
                (p + negStepSizeV * m / denom).StoreUnsafe(ref pRef, at);
            }
        }

        for (; i < param.Length; i++)
        {
            float g = maximize ? -grad[i] : grad[i];
            float p = param[i];
            if (decoupledDecay) p *= shrink;                                          // AdamW: param.mul_(1 − γλ)
            else if (l2) g = MathF.FusedMultiplyAdd(p, decay, g);                     // Adam: grad.add(param, alpha=λ)
            float m = MathF.FusedMultiplyAdd(g, oneMinusB1, expAvg[i] * b1);          // exp_avg.mul_(β₁).add_(g, alpha=1−β₁)
            float v = MathF.FusedMultiplyAdd(oneMinusB2 * g, g, expAvgSq[i] * b2);    // exp_avg_sq.mul_(β₂).addcmul_(g, g, value=1−β₂)
            expAvg[i] = m;
            expAvgSq[i] = v;
            if (maxExpAvgSq is not null)
            {
                v = MathF.Max(maxExpAvgSq[i], v);                                     // torch.maximum(max_exp_avg_sq, exp_avg_sq, out=...)
                maxExpAvgSq[i] = v;
            }
            float denom = MathF.Sqrt(v) / bc2Sqrt + epsF;                              // (v.sqrt() / √bc₂).add_(ε)
            param[i] = p + negStepSize * m / denom;                                   // param.addcdiv_(exp_avg, denom, value=−γ/bc₁)
        }
    }

    public static void Save(IDictionary<string, double> values, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool maximize)
    {
        values["beta1"] = beta1;
        values["beta2"] = beta2;
        values["eps"] = eps;
        values["weight_decay"] = weightDecay;
        values["amsgrad"] = amsgrad ? 1 : 0;
        values["maximize"] = maximize ? 1 : 0;
    }

    public static void Check(Optimizer.HyperparameterReader reader, double beta2, double eps, double weightDecay, bool amsgrad, bool maximize)
    {
        reader.Expect("beta2", beta2);
        reader.Expect("eps", eps);
        reader.Expect("weight_decay", weightDecay);
        reader.Expect("amsgrad", amsgrad ? 1 : 0);
        reader.Expect("maximize", maximize ? 1 : 0);
    }
}
