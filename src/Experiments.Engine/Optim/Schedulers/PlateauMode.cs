// PlateauMode: whether ReduceLROnPlateau's metric should go down (a loss) or up (an accuracy).
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>ReduceLROnPlateau's direction of improvement (PyTorch <c>mode</c>).</summary>
public enum PlateauMode
{
    /// <summary>PyTorch <c>'min'</c>: the metric improves by decreasing (a loss).</summary>
    Min = 0,

    /// <summary>PyTorch <c>'max'</c>: the metric improves by increasing (an accuracy).</summary>
    Max = 1,
}
