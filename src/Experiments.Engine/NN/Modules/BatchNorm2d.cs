// BatchNorm2d: batch normalisation of (N, C, H, W) images per channel (PyTorch's nn.BatchNorm2d).
namespace Experiments.Engine.NN;

/// <summary>
/// y = γ·(x − μ)/√(σ² + eps) + β per channel over N, H, W, (N, C, H, W) → same (PyTorch's <c>torch.nn.BatchNorm2d</c>).
/// Training uses the batch's statistics (biased variance) and updates running_mean/running_var with momentum 0.1
/// (unbiased variance); Eval uses the running statistics. γ = 1, β = 0 initially.
/// </summary>
public sealed class BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    /// <inheritdoc/>
    protected override void CheckInputRank(Tensor input)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"BatchNorm2d expected 4D (N, C, H, W) input (got {input.Rank}D input {input.ShapeString}).", nameof(input));
    }
}
