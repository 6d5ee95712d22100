// Adam: adaptive moment estimation (Kingma & Ba, https://arxiv.org/abs/1412.6980), with the AMSGrad variant
// (Reddi et al., https://openreview.net/forum?id=ryQu7f-RZ).
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.Adam.html
// and its single-tensor implementation (torch/optim/adam.py, _single_tensor_adam, capturable=False).
//
//   input: γ (lr), β₁, β₂ (betas), θ₀ (params), λ (weight decay), amsgrad, maximize, ε (eps)
//   initialize: m₀ ← 0, v₀ ← 0, v₀^max ← 0
//   for t = 1, 2, ...
//       g_t ← ∇θ f_t(θ_{t−1});  if maximize: g_t ← −g_t
//       if λ ≠ 0:  g_t ← g_t + λ θ_{t−1}                (L2 penalty in the gradient; AdamW decouples it)
//       m_t ← β₁ m_{t−1} + (1 − β₁) g_t
//       v_t ← β₂ v_{t−1} + (1 − β₂) g_t²
//       if amsgrad:  v_t^max ← max(v_{t−1}^max, v_t);  d_t ← √v_t^max / √(1 − β₂^t) + ε
//       else:        d_t ← √v_t / √(1 − β₂^t) + ε
//       θ_t ← θ_{t−1} − (γ / (1 − β₁^t)) · m_t / d_t
//
// (The doc page writes m̂_t = m_t/(1 − β₁^t), v̂_t = v_t/(1 − β₂^t), θ_t = θ_{t−1} − γ m̂_t/(√v̂_t + ε); the code
// folds the corrections into the step size and the denominator exactly as above, and so do we.)
// State per parameter: step, exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad).
using Experiments.Engine.NN;

namespace Experiments.Engine.Optim;

/// <summary>
/// Adam with L2 weight decay in the gradient and optional AMSGrad (PyTorch <c>torch.optim.Adam</c>).
/// </summary>
public sealed class Adam : AdamFamily
{
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="lr">Learning rate γ ≥ 0 (default 1e-3).</param>
    /// <param name="beta1">β₁ in [0, 1), decay of the first moment (default 0.9; PyTorch <c>betas[0]</c>).</param>
    /// <param name="beta2">β₂ in [0, 1), decay of the second moment (default 0.999; PyTorch <c>betas[1]</c>).</param>
    /// <param name="eps">Term ε ≥ 0 added to the denominator (default 1e-8).</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0 added to the gradient (default 0).</param>
    /// <param name="amsgrad">Use the running maximum of v (AMSGrad).</param>
    /// <param name="maximize">Maximize the objective instead of minimizing it.</param>
    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(nameof(Adam), decoupledDecay: false, parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }
}
