// BestEpochTracker: Keras' EarlyStopping arithmetic. A value improves on the best when it is lower than
// best − min_delta (mode min) or higher than best + min_delta (mode max); otherwise the epoch is "bad", and
// patience bad epochs in a row stop the run. The trainer keeps the best epoch's weights and restores them at the end.
namespace Experiments.ML.Training;

internal sealed class BestEpochTracker(string monitor, bool maximize, int patience, double minDelta)
{
    public string Monitor { get; } = monitor;
    public bool Maximize { get; } = maximize;
    public int Patience { get; } = patience;
    public double MinDelta { get; } = minDelta;
    public double Best { get; private set; } = maximize ? double.NegativeInfinity : double.PositiveInfinity;
    public int BestEpoch { get; private set; }
    public int Wait { get; private set; }
    public bool ShouldStop => Wait >= Patience;

    /// <summary>Records the monitor of <paramref name="epoch"/> (1-based); true when it is the new best.</summary>
    public bool Update(double value, int epoch)
    {
        bool improved = Maximize ? value > Best + MinDelta : value < Best - MinDelta;
        if (improved)
        {
            Best = value;
            BestEpoch = epoch;
            Wait = 0;
        }
        else Wait++;
        return improved;
    }

    public TrackerEntry Save() => new(Best, BestEpoch, Wait);

    public void Load(TrackerEntry entry) => (Best, BestEpoch, Wait) = (entry.Best, entry.BestEpoch, entry.Wait);

    /// <summary>The value of <paramref name="monitor"/> in <paramref name="record"/>.</summary>
    public static double Read(string monitor, EpochRecord record) => monitor switch
    {
        "val_loss" => record.ValidationLoss ?? record.TrainLoss,
        "val_accuracy" => record.ValidationAccuracy ?? record.TrainAccuracy,
        "train_loss" => record.TrainLoss,
        "train_accuracy" => record.TrainAccuracy,
        _ => throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "Use val_loss, val_accuracy, train_loss or train_accuracy."),
    };
}
