// BatchNorm1d: batch normalisation of (N, C) features or (N, C, L) sequences (PyTorch's nn.BatchNorm1d).
namespace Experiments.Engine.NN;

/// <summary>
/// y = γ·(x − μ)/√(σ² + eps) + β per channel, (N, C) or (N, C, L) → same (PyTorch's <c>torch.nn.BatchNorm1d</c>).
/// Training uses the batch's statistics (biased variance) and updates running_mean/running_var with momentum 0.1
/// (unbiased variance); Eval uses the running statistics. γ = 1, β = 0 initially.
/// </summary>
public sealed class BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    /// <inheritdoc/>
    protected override void CheckInputRank(Tensor input)
    {
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"BatchNorm1d expected 2D (N, C) or 3D (N, C, L) input (got {input.Rank}D input {input.ShapeString}).", nameof(input));
    }
}
