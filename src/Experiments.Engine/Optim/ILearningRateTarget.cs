// ILearningRateTarget: what an LR scheduler drives. PyTorch schedulers write optimizer.param_groups[i]["lr"];
// ours set LearningRate on anything that has one (an optimizer, or a plain holder in tests).
namespace Experiments.Engine.Optim;

/// <summary>Something with a learning rate a scheduler can read and set (an optimizer, usually).</summary>
public interface ILearningRateTarget
{
    /// <summary>The current learning rate.</summary>
    double LearningRate { get; set; }
}
