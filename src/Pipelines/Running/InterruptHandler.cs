// Ctrl+C: the first press asks the running trainer to stop after its current batch (it saves a checkpoint and the
// invocation writes partial reports); the second press aborts the process at once (exit code 130, as shells do).
namespace Experiments.Pipelines.Running;

/// <summary>Turns the first Ctrl+C into a cancellation and lets the second one end the process.</summary>
internal sealed class InterruptHandler : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly TextWriter _error;
    private int _presses;

    public InterruptHandler(TextWriter error)
    {
        _error = error;
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>Cancelled by the first Ctrl+C.</summary>
    public CancellationToken Token => _source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref _presses) == 1)
        {
            e.Cancel = true; // keep the process alive; the trainer finishes its batch and saves
            _error.WriteLine("Stopping after the current batch (checkpoints and partial reports are kept); press Ctrl+C again to abort now.");
            _source.Cancel();
        }
        else
        {
            e.Cancel = false; // second press: let the runtime terminate the process
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }
}
