// Gradient clipping (PyTorch's torch.nn.utils.clip_grad_norm_ and clip_grad_value_).
//
// By norm: total = ‖(‖g₁‖_p, ‖g₂‖_p, ...)‖_p over all gradients (p = 2 by default, ∞ = max |g|);
// coef = maxNorm / (total + 1e-6); when coef < 1 every gradient is multiplied by coef. Returns total,
// measured before clipping. By value: every gradient element is clamped to [−clip, clip].
// Norms are accumulated in double in parameter order (deterministic).
using System.Numerics.Tensors;

namespace Experiments.Engine.NN;

/// <summary>Gradient clipping utilities (PyTorch's <c>torch.nn.utils.clip_grad_*</c>).</summary>
public static class ClipGrad
{
    /// <summary>
    /// Scales all gradients so their global p-norm is at most <paramref name="maxNorm"/>
    /// (PyTorch's <c>clip_grad_norm_(parameters, max_norm, norm_type)</c>); returns the norm before clipping.
    /// Parameters without a gradient are skipped. With <paramref name="errorIfNonFinite"/>, a NaN/∞ norm throws.
    /// </summary>
    public static double ByNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2.0, bool errorIfNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0) || double.IsNaN(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "max_norm must be non-negative.");
        if (!(normType > 0))
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "norm_type must be positive (use double.PositiveInfinity for the max norm).");
        var grads = parameters.Select(p => p.Grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0) return 0.0;

        double total;
        if (double.IsPositiveInfinity(normType))
        {
            total = 0;
            foreach (var g in grads)
                foreach (float v in g.Data)
                    total = double.IsNaN(v) ? double.NaN : Math.Max(total, Math.Abs(v));
        }
        else
        {
            double sum = 0;
            foreach (var g in grads)
            {
                double norm = 0;
                foreach (float v in g.Data) norm += Math.Pow(Math.Abs(v), normType);
                sum += norm; // Σ_i ‖g_i‖_p^p = ‖(‖g_i‖_p)_i‖_p^p
            }
            total = Math.Pow(sum, 1.0 / normType);
        }
        if (errorIfNonFinite && !double.IsFinite(total))
            throw new InvalidOperationException($"The total norm of order {normType} of the gradients is {total}, so they cannot be clipped. Check the loss and the inputs for NaN/∞ (NonFiniteCheck names the tensor), or pass errorIfNonFinite: false.");
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1.0)
            foreach (var g in grads) TensorPrimitives.Multiply(g.Data, (float)coef, g.Data);
        return total;
    }

    /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>] (PyTorch's <c>clip_grad_value_</c>).</summary>
    public static void ByValue(IEnumerable<Tensor> parameters, float clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0) || float.IsNaN(clipValue))
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "clip_value must be non-negative.");
        foreach (var p in parameters)
            if (p.Grad is { } g) TensorPrimitives.Clamp(g.Data, -clipValue, clipValue, g.Data);
    }
}
