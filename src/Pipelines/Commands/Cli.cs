// Cli: the verb tree and the one place where errors become exit codes and messages.
//
// Every verb's action runs through Cli.Execute, which builds the host, runs the action and maps exceptions:
// our input errors (DataException, ModelPackageException, ...) print their message and return 2; anything else is a failed run (1),
// with the stack trace logged at debug level. Parse errors (unknown verb or option) also return 2.
using System.CommandLine;
using Experiments.ML.Data;
using Experiments.ML.Packaging;
using Experiments.Pipelines.Hosting;
using Microsoft.Extensions.Hosting;
using Serilog.Events;

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
        output ??= Console.Out;
        error ??= Console.Error;

        var root = new RootCommand("Experiments: compare neural-network designs on MNIST-family data, reproducibly.");
        root.Add(VerboseOption);
        root.Add(QuietOption);
        root.Add(DataCommands.Create(output));
        root.Add(ExportOnnxCommand.Create(output));

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
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

    /// <summary>Runs one verb's action inside a host, mapping exceptions to exit codes and messages.</summary>
    internal static int Execute(ParseResult parsed, Func<IHost, int> action)
    {
        TextWriter error = parsed.InvocationConfiguration.Error;
        LogEventLevel? level = parsed.GetValue(VerboseOption) ? LogEventLevel.Debug
            : parsed.GetValue(QuietOption) ? LogEventLevel.Warning
            : null;
        using IHost host = AppHost.Build([], level);
        try
        {
            return action(host);
        }
        catch (DataException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ModelPackageException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.RunFailed;
        }
    }
}
