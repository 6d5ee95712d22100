// How a pipeline invocation reports progress: one sink for the whole invocation, one ITrainingProgress per run.
// Two renderings: live Spectre bars on a terminal, plain one-line-per-epoch text otherwise (or with --no-progress).
using Experiments.ML.Training;

namespace Experiments.Pipelines.Progress;

/// <summary>Receives the progress of every run of one invocation.</summary>
internal interface IRunProgress
{
    /// <summary>Run <paramref name="index"/> (1-based) of <paramref name="total"/> starts; returns the sink for its training events.</summary>
    ITrainingProgress BeginRun(string runName, int index, int total);

    /// <summary>A run is evaluating the test set.</summary>
    void Evaluating(string runName);

    /// <summary>A run ended; <paramref name="summary"/> is one line (accuracy, best epoch, time) or the failure.</summary>
    void EndRun(string runName, bool succeeded, string summary);
}
