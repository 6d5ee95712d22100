// AdamUpdate: the element loop shared by Adam and AdamW, which differ only in where weight decay enters:
// Adam adds λθ to the gradient (grad.add(param, alpha=λ)); AdamW first shrinks the parameter,
// param.mul_(1 − γλ). Everything else is _single_tensor_adam / _single_tensor_adamw of PyTorch 1.13, whose
// operation order is kept here (see Adam.cs and AdamW.cs for the algorithm and sources).
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

        for (int i = 0; i < param.Length; i++)
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
