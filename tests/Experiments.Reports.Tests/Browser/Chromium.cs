// Runs headless Debian chromium on a local file: screenshot or DOM dump, with the console captured from stderr
// (--enable-logging=stderr --v=0 logs every console message and uncaught error as "INFO:CONSOLE(...)").
using System.Diagnostics;

namespace Experiments.Reports.Tests.Browser;

public static class Chromium
{
    private static readonly Lazy<string?> Executable = new(() =>
    {
        foreach (string name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    });

    public static string? Path_ => Executable.Value;

    public const string MissingMessage =
        "chromium is not installed (looked for chromium, chromium-browser, google-chrome on PATH); install Debian's `chromium` package (.ci/setup does) to run the browser tests.";

    public sealed record Result(int ExitCode, string Stdout, string[] ConsoleLines, string Stderr);

    /// <summary>Loads <paramref name="htmlFile"/> with the flags plus <paramref name="extra"/>, and returns the console lines.</summary>
    public static Result Run(string htmlFile, params string[] extra)
    {
        string exe = Path_ ?? throw new InvalidOperationException(MissingMessage);
        string profile = Path.Combine(Path.GetTempPath(), "reports-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--enable-logging=stderr", "--v=0",
            "--no-first-run", "--hide-scrollbars", $"--user-data-dir={profile}",
        }.Concat(extra).Append(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri))
            start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish loading {htmlFile} within 120 s.");
            }
            process.WaitForExit();
            string err = stderr.Result;
            var console = err.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray();
            return new Result(process.ExitCode, stdout.Result, console, err);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>A fact that is skipped, with the reason, only when chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path_ is null)
            Skip = Chromium.MissingMessage;
    }
}
