// IBenchmarkCommand: one benchmark the dispatcher in Program.cs can run. Add a command by writing a class in this
// folder and listing it in Program.cs.
namespace Experiments.Benchmarks.Commands;

/// <summary>A named benchmark command.</summary>
public interface IBenchmarkCommand
{
    /// <summary>What the user types as the first argument, e.g. "idx-load".</summary>
    string Name { get; }

    /// <summary>Name and options, e.g. "idx-load [--file PATH] [--repeat N]".</summary>
    string Usage { get; }

    /// <summary>One line saying what is measured.</summary>
    string Description { get; }

    /// <summary>Runs with the arguments after the command name; returns the process exit code (2 = bad usage).</summary>
    int Run(string[] args);
}
