// ExitCodes: what the process returns, documented once.
namespace Experiments.Pipelines.Commands;

/// <summary>Process exit codes of the <c>experiments</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>A run failed (training diverged, an I/O error while writing artifacts, ...).</summary>
    public const int RunFailed = 1;

    /// <summary>Bad input: unknown verb or option, invalid definition, missing or corrupt data.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl+C: the current run stopped after its batch and wrote partial reports (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
