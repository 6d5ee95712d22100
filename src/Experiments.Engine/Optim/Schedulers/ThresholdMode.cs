// ThresholdMode: how ReduceLROnPlateau's threshold defines a significant improvement.
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>ReduceLROnPlateau's threshold interpretation (PyTorch <c>threshold_mode</c>).</summary>
public enum ThresholdMode
{
    /// <summary>PyTorch <c>'rel'</c>: better than best·(1 − threshold) (min) or best·(1 + threshold) (max).</summary>
    Rel = 0,

    /// <summary>PyTorch <c>'abs'</c>: better than best − threshold (min) or best + threshold (max).</summary>
    Abs = 1,
}
