// SchedulerStateReader: reads a SchedulerState for one scheduler type; every refusal names the key and says
// what was expected and what was found.
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>Reads a <see cref="SchedulerState"/> for one scheduler type, with errors that name the key.</summary>
internal sealed class SchedulerStateReader
{
    private readonly SchedulerState _state;
    private readonly string _scheduler;

    public SchedulerStateReader(SchedulerState state, string scheduler)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Scheduler != scheduler)
            throw new ArgumentException(
                $"{scheduler}.LoadState: the state was saved by {state.Scheduler}, expected {scheduler}. Restore each scheduler from its own state.",
                nameof(state));
        if (state.Version != SchedulerState.CurrentVersion)
            throw new ArgumentException(
                $"{scheduler}.LoadState: state version {state.Version} is not supported (this build reads version {SchedulerState.CurrentVersion}). " +
                "Re-create the checkpoint with this build or load it with the build that wrote it.", nameof(state));
        _state = state;
        _scheduler = scheduler;
    }

    public double Get(string key)
    {
        if (!_state.Values.TryGetValue(key, out double value))
            throw new ArgumentException(
                $"{_scheduler}.LoadState: the state has no '{key}' entry (keys present: {string.Join(", ", _state.Values.Keys)}). The checkpoint is incomplete or from another scheduler.",
                "state");
        return value;
    }

    public int GetInt(string key)
    {
        double value = Get(key);
        if (value != Math.Floor(value) || value < int.MinValue || value > int.MaxValue)
            throw new ArgumentException(
                $"{_scheduler}.LoadState: '{key}' must be a whole number in the int range, got {SchedulerChecks.Format(value)}.", "state");
        return (int)value;
    }

    /// <summary>Checks that a configuration entry matches this scheduler's argument bit for bit.</summary>
    public void Expect(string key, double expected)
    {
        double found = Get(key);
        if (BitConverter.DoubleToInt64Bits(found) != BitConverter.DoubleToInt64Bits(expected))
            throw new ArgumentException(
                $"{_scheduler}.LoadState: '{key}' is {SchedulerChecks.Format(found)} in the state but {SchedulerChecks.Format(expected)} in this scheduler. " +
                "Restore into a scheduler created with the same arguments as the one that saved the state.", "state");
    }
}
