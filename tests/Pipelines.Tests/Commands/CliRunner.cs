// Runs the real command line in-process and captures its output, for the verb tests.
using Experiments.Pipelines.Commands;

namespace Experiments.Pipelines.Tests.Commands;

internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Cli.RunAsync([.. args, "--quiet"], output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static string TempFolder(string prefix)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        return path;
    }
}
