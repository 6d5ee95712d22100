// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, https://arxiv.org/abs/1711.05101).
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.AdamW.html
// and its single-tensor implementation (torch/optim/adamw.py, _single_tensor_adamw, capturable=False).
//
//   input: γ (lr), β₁, β₂ (betas), θ₀ (params), λ (weight decay, default 1e-2), amsgrad, maximize, ε (eps)
//   initialize: m₀ ← 0, v₀ ← 0, v₀^max ← 0
//   for t = 1, 2, ...
//       g_t ← ∇θ f_t(θ_{t−1});  if maximize: g_t ← −g_t
//       θ_t ← θ_{t−1} − γλ θ_{t−1}                     (decoupled: the gradient never sees λ)
//       m_t ← β₁ m_{t−1} + (1 − β₁) g_t
//       v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
//       if amsgrad:  v_t^max ← max(v_{t−1}^max, v_t);  d_t ← √v_t^max / √(1 − β₂^t) + ε
//       else:        d_t ← √v_t / √(1 − β₂^t) + ε
//       θ_t ← θ_t − (γ / (1 − β₁^t)) · m_t / d_t
//
// The shared element loop is in AdamUpdate.cs. State per parameter: step, exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad).
using Experiments.Engine.NN;

namespace Experiments.Engine.Optim;

/// <summary>
/// Adam with decoupled weight decay θ ← θ(1 − γλ) (PyTorch <c>torch.optim.AdamW</c>; default λ = 1e-2).
/// </summary>
public sealed class AdamW : AdamFamily
{
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="lr">Learning rate γ ≥ 0 (default 1e-3).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9; PyTorch <c>betas[0]</c>).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999; PyTorch <c>betas[1]</c>).</param>
    /// <param name="eps">Term ε ≥ 0 added to the denominator (default 1e-8).</param>
    /// <param name="weightDecay">Decoupled weight decay λ ≥ 0 (default 1e-2).</param>
    /// <param name="amsgrad">Use the running maximum of v (AMSGrad).</param>
    /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
    public AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(nameof(AdamW), decoupledDecay: true, parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }
}
