// NLLLoss: negative log-likelihood of log-probabilities (PyTorch's nn.NLLLoss); pair it with LogSoftmax.
namespace Experiments.Engine.NN;

/// <summary>
/// L = −(1/N) Σ_n x[n, t_n]; log-probabilities (N, C), targets N class indices → scalar
/// (PyTorch's <c>torch.nn.NLLLoss</c>, reduction='mean').
/// </summary>
public sealed class NLLLoss
{
    /// <summary>The mean loss of <paramref name="logProbabilities"/> (N, C) at <paramref name="targets"/> (N).</summary>
    public Tensor Forward(Tensor logProbabilities, ReadOnlySpan<int> targets) => Functional.NllLoss(logProbabilities, targets);

    public override string ToString() => "NLLLoss()";
}
