// MSELoss: mean squared error (PyTorch's nn.MSELoss), against a tensor or against one-hot class targets.
namespace Experiments.Engine.NN;

/// <summary>
/// L = (1/M) Σ (x − y)² over all M elements (PyTorch's <c>torch.nn.MSELoss</c>, reduction='mean'). With class
/// indices, y is their one-hot encoding (N, C).
/// </summary>
public sealed class MSELoss
{
    /// <summary>The mean squared error between <paramref name="input"/> and <paramref name="target"/> (same shape).</summary>
    public Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target);

    /// <summary>The mean squared error between <paramref name="input"/> (N, C) and one-hot <paramref name="targets"/> (N).</summary>
    public Tensor Forward(Tensor input, ReadOnlySpan<int> targets) => Functional.MseLoss(input, targets);

    public override string ToString() => "MSELoss()";
}
