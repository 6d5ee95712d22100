// Cli: the verb tree and the one place where errors become exit codes and messages.
//
// Every verb's action runs through Cli.Execute, which builds the host, runs the action and maps exceptions:
// our input errors (DataException, ModelPackageException, ...) print their message and return 2; anything else is a failed run (1),
// with the stack trace logged at debug level. Parse errors (unknown verb or option) also return 2.
using System.CommandLine;
using Experiments.ML.Data;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Transforms;
using Experiments.Pipelines.Definitions;
using Experiments.Pipelines.Hosting;
using Experiments.Reports;
using Microsoft.Extensions.Hosting;
using Serilog.Events;
using Spectre.Console;

namespace Experiments.Pipelines.Commands;

/// <summary>Entry point of the command line: builds the verbs, parses, runs, maps errors to exit codes.</summary>
public static class Cli
{
    /// <summary>Shown in help and in parse-error hints.</summary>
    public const string ExecutableName = "experiments";

    internal static readonly Option<bool> VerboseOption = new("--verbose", "-v")
    {
        Description = "Log debug details (resolution steps, timings) to standard error.",
        Recursive = true,
    };

    internal static readonly Option<bool> QuietOption = new("--quiet", "-q")
    {
        Description = "Log only warnings and errors.",
        Recursive = true,
    };

    /// <summary>Runs the command line; <paramref name="output"/> and <paramref name="error"/> default to the console.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= System.Console.Out;
        error ??= System.Console.Error;

        var root = new RootCommand("Experiments: compare neural-network designs on MNIST-family data, reproducibly.");
        root.Add(VerboseOption);
        root.Add(QuietOption);
        root.Add(DataCommands.Create(output));
        foreach (var command in PipelineCommands.Create(output)) root.Add(command);
        foreach (var command in ModelCommands.Create(output)) root.Add(command);
        root.Add(CompareCommand.Create(output));
        root.Add(ExportOnnxCommand.Create(output));

        // `experiments mlp-vs-cnn ...` is short for `experiments run mlp-vs-cnn ...`.
        bool shorthand = args.Length > 0 && !args[0].StartsWith('-') && root.Subcommands.All(c => c.Name != args[0]);
        ParseResult parsed = root.Parse(shorthand ? ["run", .. args] : args);
        if (parsed.Errors.Count > 0)
        {
            if (shorthand)
                await error.WriteLineAsync(
                    $"error: '{args[0]}' is not a verb ({string.Join(", ", root.Subcommands.Select(c => c.Name))}), and read as `run {args[0]} ...` the line does not parse either:");
            foreach (var parseError in parsed.Errors)
                await error.WriteLineAsync($"error: {parseError.Message}");
            await error.WriteLineAsync($"Run '{ExecutableName} --help' to see the verbs and options.");
            return ExitCodes.BadInput;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        });
    }

    /// <summary>A Spectre console over <paramref name="output"/>: ANSI only when it is the real, unredirected stdout.</summary>
    internal static IAnsiConsole Console(TextWriter output)
    {
        bool terminal = output == System.Console.Out && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        // Pipes and log files have no width; Spectre would assume 80 columns and wrap the results table.
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>Table width when the output is not a terminal.</summary>
    internal const int RedirectedWidth = 200;

    /// <summary>Runs one verb's action inside a host, mapping exceptions to exit codes and messages.</summary>
    internal static int Execute(ParseResult parsed, Func<IHost, int> action) =>
        ExecuteAsync(parsed, host => Task.FromResult(action(host))).GetAwaiter().GetResult();

    /// <summary>Runs one asynchronous verb's action inside a host, mapping exceptions to exit codes and messages.</summary>
    internal static async Task<int> ExecuteAsync(ParseResult parsed, Func<IHost, Task<int>> action)
    {
        TextWriter error = parsed.InvocationConfiguration.Error;
        LogEventLevel? level = parsed.GetValue(VerboseOption) ? LogEventLevel.Debug
            : parsed.GetValue(QuietOption) ? LogEventLevel.Warning
            : null;
        using IHost host = AppHost.Build([], level);
        try
        {
            return await action(host);
        }
        catch (Exception e) when (IsBadInput(e))
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.RunFailed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Interrupted.");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>Our input-error exception types: each layer's one type, whose message already names the entry, expected vs found and the fix.</summary>
    private static bool IsBadInput(Exception e) =>
        e is DataException or ReportException or PipelineDefinitionException or ModelPackageException or ModelJsonException or ArchitectureException or AugmentationOptionsException;
}
