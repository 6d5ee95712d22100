// What a training run reports: one record per epoch, why it stopped, and which epoch's weights it kept.
namespace Experiments.ML.Training;

/// <summary>Metrics of one finished epoch. Validation values are null when the run has no validation set.</summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    double Seconds,
    double SamplesPerSecond);

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All configured epochs ran.</summary>
    Completed,
    /// <summary>Early stopping: the monitor stopped improving.</summary>
    EarlyStopped,
    /// <summary>Cancelled; the current batch finished and state was saved.</summary>
    Cancelled,
    /// <summary>A non-finite loss or gradient; the last good state was kept.</summary>
    NonFinite,
}

/// <summary>The per-epoch history of a run and its outcome.</summary>
public sealed record TrainingHistory(IReadOnlyList<EpochRecord> Epochs, StopReason StopReason, int BestEpoch, string? StopMessage = null);

/// <summary>Progress of one batch, reported to <see cref="ITrainingProgress"/>.</summary>
public readonly record struct BatchProgress(int Epoch, int Batch, int BatchesPerEpoch, double Loss, double Accuracy, double SamplesPerSecond);

/// <summary>Receives training progress (the library never writes to the console). Called on the training thread; keep it fast.</summary>
public interface ITrainingProgress
{
    /// <summary>An epoch starts (1-based) out of <paramref name="epochs"/>, with <paramref name="batches"/> batches.</summary>
    void OnEpochStart(int epoch, int epochs, int batches);

    /// <summary>A batch finished; loss and accuracy are running means over the epoch so far.</summary>
    void OnBatchEnd(in BatchProgress progress);

    /// <summary>An epoch finished (after validation).</summary>
    void OnEpochEnd(EpochRecord record);
}
