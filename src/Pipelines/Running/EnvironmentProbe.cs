// What machine and software produced a run: OS, CPU model and cores, .NET runtime, SIMD width, library version,
// and the git commit of the working tree when there is one (read from .git without running git).
using System.Runtime.Intrinsics;
using System.Reflection;
using System.Runtime.InteropServices;

using Experiments.Reports.Model;

namespace Experiments.Pipelines.Running;

/// <summary>The environment of a run, as written to environment.json.</summary>
internal sealed record EnvironmentSnapshot(
    string Os,
    string Cpu,
    int LogicalCores,
    string DotNet,
    string Simd,
    string LibraryVersion,
    string? GitCommit,
    string MachineName,
    DateTimeOffset StartedUtc);

/// <summary>Collects an <see cref="EnvironmentSnapshot"/>.</summary>
internal static class EnvironmentProbe
{
    public static EnvironmentSnapshot Capture(string? workingDirectory = null) => new(
        RuntimeInformation.OSDescription,
        EnvironmentInfo.ReadCpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar",
        LibraryVersion,
        GitCommit(workingDirectory ?? Directory.GetCurrentDirectory()),
        Environment.MachineName,
        DateTimeOffset.UtcNow);

    /// <summary>The informational version of the library (assembly metadata).</summary>
    public static string LibraryVersion { get; } =
        typeof(EnvironmentProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(EnvironmentProbe).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The commit HEAD points to, found by walking up from <paramref name="start"/> to a .git folder; null when none.</summary>
    internal static string? GitCommit(string start)
    {
        try
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var git = Path.Combine(dir.FullName, ".git");
                if (File.Exists(git))
                {
                    // A worktree or submodule: ".git" is a file "gitdir: <path>".
                    var pointer = File.ReadAllText(git).Trim();
                    if (!pointer.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
                    git = Path.GetFullPath(Path.Combine(dir.FullName, pointer["gitdir:".Length..].Trim()));
                }
                if (!Directory.Exists(git)) continue;
                var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
                if (!head.StartsWith("ref:", StringComparison.Ordinal)) return head;
                var reference = head["ref:".Length..].Trim();
                foreach (var root in new[] { git, CommonDir(git) })
                {
                    var file = Path.Combine(root, reference);
                    if (File.Exists(file)) return File.ReadAllText(file).Trim();
                    var packed = Path.Combine(root, "packed-refs");
                    if (File.Exists(packed))
                        foreach (var line in File.ReadLines(packed))
                            if (line.EndsWith(" " + reference, StringComparison.Ordinal)) return line[..line.IndexOf(' ')];
                }
                return null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static string CommonDir(string git)
    {
        var common = Path.Combine(git, "commondir");
        return File.Exists(common) ? Path.GetFullPath(Path.Combine(git, File.ReadAllText(common).Trim())) : git;
    }
}
