// LearningRateScheduler: the base of the epoch-driven schedulers, transcribed from PyTorch 1.13's _LRScheduler
// (https://pytorch.org/docs/1.13/optim.html#how-to-adjust-learning-rate).
//
// As in PyTorch, construction records the base learning rate (initial_lr: the target's LR, or OneCycleLR's
// max_lr / div_factor) and takes one initial step, so LastEpoch is 0 and the target already holds the epoch-0
// LR. Each Step() then does last_epoch += 1; lr = get_lr(); target.lr = lr. The "chainable" get_lr forms read
// the target's *current* LR (η_t = f(η_{t−1})), so several schedulers can drive one optimizer as in PyTorch.
//
// Differences from PyTorch, all on paths PyTorch deprecates or we don't need: one parameter group (one
// target), no last_epoch constructor argument and no step(epoch) (resume with SaveState/LoadState instead),
// and a Step() that throws leaves the scheduler unchanged (PyTorch has already incremented last_epoch).
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// Base of the schedulers stepped once per epoch (or batch) without a metric: PyTorch's <c>_LRScheduler</c>.
/// The set of schedulers is closed (members are private protected); add a new one in this folder.
/// </summary>
public abstract class LearningRateScheduler : ILearningRateScheduler
{
    private protected LearningRateScheduler(ILearningRateTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
    }

    /// <inheritdoc/>
    public ILearningRateTarget Target { get; }

    /// <summary>The LR the schedule starts from (PyTorch <c>base_lrs[0]</c>, the group's <c>initial_lr</c>).</summary>
    public double BaseLearningRate { get; private set; }

    /// <inheritdoc/>
    public double LearningRate { get; private set; }

    /// <inheritdoc/>
    public int LastEpoch { get; private set; } = -1;

    /// <summary>The scheduler's PyTorch name, used in messages and in <see cref="SchedulerState.Scheduler"/>.</summary>
    private protected abstract string Name { get; }

    /// <summary>Advances one epoch and writes the new learning rate into <see cref="Target"/>.</summary>
    public void Step()
    {
        if (LastEpoch == int.MaxValue)
            throw new InvalidOperationException($"{Name}: LastEpoch is int.MaxValue; the scheduler cannot step further.");
        int epoch = LastEpoch + 1;
        double lr = ComputeLearningRate(epoch);
        LastEpoch = epoch;
        Target.LearningRate = lr;
        LearningRate = lr;
    }

    /// <summary>
    /// PyTorch's <c>get_lr()</c> with <c>last_epoch = epoch</c>. May read <c>Target.LearningRate</c> (the LR
    /// before this step) and <see cref="BaseLearningRate"/>. Must not change state other than the target's
    /// momentum, and must throw before changing anything when the step is not allowed.
    /// </summary>
    private protected abstract double ComputeLearningRate(int epoch);

    /// <summary>Called at the end of a derived constructor: records the base LR and takes PyTorch's initial step.</summary>
    private protected void InitialStep(double baseLearningRate)
    {
        if (LastEpoch != -1) throw new InvalidOperationException($"{Name}: InitialStep was called twice.");
        BaseLearningRate = baseLearningRate;
        Step();
    }

    /// <inheritdoc/>
    public SchedulerState SaveState()
    {
        var values = new Dictionary<string, double>
        {
            ["last_epoch"] = LastEpoch,
            ["base_lr"] = BaseLearningRate,
            ["last_lr"] = LearningRate,
        };
        SaveExtra(values);
        return new SchedulerState(Name, SchedulerState.CurrentVersion, values);
    }

    /// <inheritdoc/>
    public void LoadState(SchedulerState state)
    {
        var reader = new SchedulerStateReader(state, Name);
        CheckConfiguration(reader);
        int lastEpoch = reader.GetInt("last_epoch");
        if (lastEpoch < 0)
            throw new ArgumentException($"{Name}.LoadState: 'last_epoch' must be >= 0 (a constructed scheduler has taken its initial step), got {lastEpoch}.", nameof(state));
        double baseLr = reader.Get("base_lr");
        double lastLr = reader.Get("last_lr");
        LoadExtra(reader);
        LastEpoch = lastEpoch;
        BaseLearningRate = baseLr;
        LearningRate = lastLr;
        Target.LearningRate = lastLr;
    }

    /// <summary>Adds the configuration (and any extra progress) to a state being saved.</summary>
    private protected abstract void SaveExtra(IDictionary<string, double> values);

    /// <summary>Checks the configuration entries saved by <see cref="SaveExtra"/> against this scheduler's.</summary>
    private protected abstract void CheckConfiguration(SchedulerStateReader reader);

    /// <summary>Restores extra progress saved by <see cref="SaveExtra"/> (called after the checks, before the common fields).</summary>
    private protected virtual void LoadExtra(SchedulerStateReader reader) { }
}
