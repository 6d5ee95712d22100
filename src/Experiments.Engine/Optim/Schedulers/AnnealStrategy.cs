// AnnealStrategy: how OneCycleLR moves between two values within a phase (PyTorch's anneal_strategy).
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>OneCycleLR's interpolation within a phase (PyTorch <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>PyTorch <c>'cos'</c>: end + (start − end)/2 · (1 + cos(π·pct)).</summary>
    Cos = 0,

    /// <summary>PyTorch <c>'linear'</c>: (end − start)·pct + start.</summary>
    Linear = 1,
}
