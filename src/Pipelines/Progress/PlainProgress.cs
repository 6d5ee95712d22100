// Plain progress: one line per epoch and one per run end, for logs, pipes and CI (no cursor movement).
using System.Globalization;
using Experiments.ML.Training;

namespace Experiments.Pipelines.Progress;

/// <summary>Writes one line per finished epoch and per finished run.</summary>
internal sealed class PlainProgress(TextWriter output) : IRunProgress
{
    private readonly object _gate = new();

    public ITrainingProgress BeginRun(string runName, int index, int total)
    {
        Write($"[{index}/{total}] {runName}: training");
        return new RunSink(this, runName);
    }

    public void Evaluating(string runName) => Write($"      {runName}: evaluating on the test set");

    public void EndRun(string runName, bool succeeded, string summary) =>
        Write($"      {runName}: {(succeeded ? "done" : "FAILED")}, {summary}");

    private void Write(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>Formats an epoch record as one line (shared with the Spectre rendering's log).</summary>
    public static string Format(EpochRecord r, int epochs)
    {
        var c = CultureInfo.InvariantCulture;
        var validation = r.ValidationLoss is { } vl && r.ValidationAccuracy is { } va
            ? string.Create(c, $", val_loss {vl:F4}, val_acc {va:F4}")
            : "";
        return string.Create(c,
            $"epoch {r.Epoch}/{epochs}: loss {r.TrainLoss:F4}, acc {r.TrainAccuracy:F4}{validation}, lr {r.LearningRate:G4}, {r.Seconds:F1} s, {r.SamplesPerSecond:N0} samples/s");
    }

    private sealed class RunSink(PlainProgress owner, string runName) : ITrainingProgress
    {
        private int _epochs;

        public void OnEpochStart(int epoch, int epochs, int batches) => _epochs = epochs;

        public void OnBatchEnd(in BatchProgress progress) { }

        public void OnEpochEnd(EpochRecord record) => owner.Write($"      {runName} {Format(record, _epochs)}");
    }
}
