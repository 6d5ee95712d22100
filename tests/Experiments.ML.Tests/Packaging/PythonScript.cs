// PythonScript: runs one of the scripts in this folder with the system Python (/usr/bin/python3, Debian's numpy
// and python3-onnx) and returns its standard output. A non-zero exit fails the test with the script's stderr.
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Experiments.ML.Tests.Packaging;

internal static class PythonScript
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Folder of this source file (the scripts sit next to the tests that call them).</summary>
    public static string ScriptFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    public static string Run(string scriptRelativePath, params string[] arguments)
    {
        var script = Path.Combine(ScriptFolder(), scriptRelativePath);
        Assert.True(File.Exists(script), $"script not found: {script}");
        Assert.True(File.Exists(Interpreter), $"{Interpreter} is missing; install python3 with numpy and python3-onnx (.ci/setup)");
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        info.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var process = Process.Start(info)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var stderr = stderrTask.Result;
        Assert.True(process.ExitCode == 0,
            $"{Path.GetFileName(script)} exited with {process.ExitCode}\nstderr:\n{stderr}\nstdout:\n{stdout}");
        return stdout;
    }
}
