// Live progress with Spectre.Console: per run an epoch bar and a batch bar whose description carries the running
// loss, accuracy and samples/s; ETA from Spectre's remaining-time column. Finished epochs and runs are also
// written as plain lines above the bars so the scrollback keeps the history. Callbacks arrive on the training
// thread; Spectre's ProgressTask is thread-safe and the refresh runs on its own timer.
using System.Globalization;
using Experiments.ML.Training;
using Spectre.Console;

namespace Experiments.Pipelines.Progress;

/// <summary>Spectre live bars for a terminal. Create inside <see cref="RunAsync"/>.</summary>
internal sealed class LiveProgress : IRunProgress
{
    private readonly ProgressContext _context;
    private readonly IAnsiConsole _console;
    private ProgressTask? _epochTask;
    private ProgressTask? _batchTask;

    private LiveProgress(IAnsiConsole console, ProgressContext context) => (_console, _context) = (console, context);

    /// <summary>Runs <paramref name="work"/> with live bars on <paramref name="console"/>.</summary>
    public static Task<T> RunAsync<T>(IAnsiConsole console, Func<IRunProgress, Task<T>> work) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(context => work(new LiveProgress(console, context)));

    public ITrainingProgress BeginRun(string runName, int index, int total)
    {
        _epochTask?.StopTask();
        _batchTask?.StopTask();
        _epochTask = _context.AddTask(Markup.Escape($"[{index}/{total}] {runName}"), autoStart: true, maxValue: 1);
        _batchTask = _context.AddTask("  batches", autoStart: true, maxValue: 1);
        return new RunSink(this, runName);
    }

    public void Evaluating(string runName)
    {
        if (_batchTask is { } batch) batch.Description = Markup.Escape("  evaluating on the test set");
    }

    public void EndRun(string runName, bool succeeded, string summary)
    {
        _epochTask?.StopTask();
        _batchTask?.StopTask();
        var colour = succeeded ? "green" : "red";
        _console.MarkupLine($"[{colour}]{Markup.Escape(succeeded ? "done" : "FAILED")}[/] {Markup.Escape(runName)}: {Markup.Escape(summary)}");
    }

    private sealed class RunSink(LiveProgress owner, string runName) : ITrainingProgress
    {
        private int _epochs;

        public void OnEpochStart(int epoch, int epochs, int batches)
        {
            _epochs = epochs;
            if (owner._epochTask is { } e)
            {
                e.MaxValue = epochs;
                e.Value = epoch - 1;
            }
            if (owner._batchTask is { } b)
            {
                b.MaxValue = Math.Max(1, batches);
                b.Value = 0;
            }
        }

        public void OnBatchEnd(in BatchProgress p)
        {
            if (owner._batchTask is not { } b) return;
            b.Value = p.Batch;
            // Updating the description costs a string per batch; do it every 10 batches and at the end.
            if (p.Batch % 10 == 0 || p.Batch == p.BatchesPerEpoch)
                b.Description = string.Create(CultureInfo.InvariantCulture,
                    $"  epoch {p.Epoch}/{_epochs} loss {p.Loss:F4} acc {p.Accuracy:F4} {p.SamplesPerSecond:N0}/s");
        }

        public void OnEpochEnd(EpochRecord record)
        {
            if (owner._epochTask is { } e) e.Value = record.Epoch;
            owner._console.MarkupLine(Markup.Escape($"  {runName} {PlainProgress.Format(record, _epochs)}"));
        }
    }
}
