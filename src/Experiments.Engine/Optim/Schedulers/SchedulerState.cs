// SchedulerState: a scheduler's checkpoint as a plain map of numbers (ints, counters and ±∞ stored as doubles,
// all exact), plus the scheduler type and a format version so a state is never restored into the wrong thing.
// The map holds both progress (last_epoch, last_lr, ...) and configuration (gamma, step_size, ...); the
// configuration is checked on restore, the progress is copied. Keys use PyTorch's state_dict names.
using System.Collections.ObjectModel;
using System.Globalization;

namespace Experiments.Engine.Optim.Schedulers;

/// <summary>A scheduler's checkpoint: its type name, a format version and a map of numbers (PyTorch <c>state_dict()</c>).</summary>
public sealed record SchedulerState
{
    /// <summary>The version <see cref="ILearningRateScheduler.SaveState"/> writes and <c>LoadState</c> accepts.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The scheduler type that saved this state, e.g. <c>"StepLR"</c>.</summary>
    public string Scheduler { get; }

    /// <summary>Format version of <see cref="Values"/>.</summary>
    public int Version { get; }

    /// <summary>Progress and configuration, by PyTorch state_dict key, sorted by key (ordinal).</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    public SchedulerState(string scheduler, int version, IReadOnlyDictionary<string, double> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduler);
        ArgumentNullException.ThrowIfNull(values);
        Scheduler = scheduler;
        Version = version;
        Values = new ReadOnlyDictionary<string, double>(new SortedDictionary<string, double>(
            values.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal));
    }

    /// <summary>Same type, version, keys and bit-identical numbers.</summary>
    public bool Equals(SchedulerState? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Scheduler != other.Scheduler || Version != other.Version || Values.Count != other.Values.Count) return false;
        foreach (var (key, value) in Values)
        {
            if (!other.Values.TryGetValue(key, out double v) || BitConverter.DoubleToInt64Bits(v) != BitConverter.DoubleToInt64Bits(value))
                return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Scheduler);
        hash.Add(Version);
        foreach (var (key, value) in Values)
        {
            hash.Add(key);
            hash.Add(BitConverter.DoubleToInt64Bits(value));
        }
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"{Scheduler} v{Version} {{ {string.Join(", ", Values.Select(kv => kv.Key + " = " + kv.Value.ToString("R", CultureInfo.InvariantCulture)))} }}";
}
