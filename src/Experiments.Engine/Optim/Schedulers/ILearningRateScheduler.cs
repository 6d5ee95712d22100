// ILearningRateScheduler: what every LR scheduler offers, epoch-driven (Step()) or metric-driven
// (ReduceLROnPlateau.Step(metric)): the current LR, the epoch counter and a checkpointable state.
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// A learning-rate scheduler driving one <see cref="ILearningRateTarget"/> (PyTorch's <c>torch.optim.lr_scheduler</c>
/// family, one parameter group).
/// </summary>
public interface ILearningRateScheduler
{
    /// <summary>What the scheduler drives (an optimizer, usually).</summary>
    ILearningRateTarget Target { get; }

    /// <summary>The learning rate set by the last step (PyTorch <c>get_last_lr()[0]</c>).</summary>
    double LearningRate { get; }

    /// <summary>Number of steps taken (PyTorch <c>last_epoch</c>; 0 right after construction).</summary>
    int LastEpoch { get; }

    /// <summary>
    /// The scheduler's progress and configuration as plain numbers (PyTorch <c>state_dict()</c>).
    /// </summary>
    SchedulerState SaveState();

    /// <summary>
    /// Restores progress saved by <see cref="SaveState"/> into a scheduler built with the same arguments
    /// (PyTorch <c>load_state_dict</c>), and writes the saved learning rate (and momentum, where cycled) into
    /// <see cref="Target"/>, so a resumed run continues exactly even before the optimizer's own state is restored.
    /// Throws <see cref="ArgumentException"/> naming the key when the state is for another scheduler type,
    /// another version, or other arguments.
    /// </summary>
    void LoadState(SchedulerState state);
}
