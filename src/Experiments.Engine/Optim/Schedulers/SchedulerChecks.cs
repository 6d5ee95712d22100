// SchedulerChecks: argument validation and state reading shared by the schedulers, so every bad value is
// quoted the same way ("StepLR: gamma must be ..., got 0.") and every bad state names the key.
using System.Globalization;

namespace Experiments.Engine.Optim.Schedulers;

internal static class SchedulerChecks
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static ArgumentException Bad(string scheduler, string param, string value, string expected) =>
        new($"{scheduler}: {param} must be {expected}, got {value}.", param);

    /// <summary>The target's current learning rate, which must be finite and ≥ 0 (PyTorch's optimizers refuse lr &lt; 0).</summary>
    public static double InitialLearningRate(string scheduler, ILearningRateTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        double lr = target.LearningRate;
        if (!double.IsFinite(lr) || lr < 0)
            throw new ArgumentException(
                $"{scheduler}: the target's learning rate must be a finite number >= 0 when the scheduler is created, got {Format(lr)}. " +
                "Set the optimizer's learning rate before creating the scheduler.", nameof(target));
        return lr;
    }

    public static void Positive(string scheduler, string param, double value)
    {
        if (!double.IsFinite(value) || value <= 0) throw Bad(scheduler, param, Format(value), "a finite number > 0");
    }

    public static void NonNegative(string scheduler, string param, double value)
    {
        if (!double.IsFinite(value) || value < 0) throw Bad(scheduler, param, Format(value), "a finite number >= 0");
    }

    public static void Positive(string scheduler, string param, int value)
    {
        if (value <= 0) throw Bad(scheduler, param, value.ToString(CultureInfo.InvariantCulture), "an integer >= 1");
    }

    public static void NonNegative(string scheduler, string param, int value)
    {
        if (value < 0) throw Bad(scheduler, param, value.ToString(CultureInfo.InvariantCulture), "an integer >= 0");
    }

    /// <summary>Python's <c>a % b</c> for b &gt; 0: the result has the sign of b (C#'s % keeps the sign of a).</summary>
    public static long FloorMod(long a, long b)
    {
        long r = a % b;
        return r < 0 ? r + b : r;
    }
}

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
