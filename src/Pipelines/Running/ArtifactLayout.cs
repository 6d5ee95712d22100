// Where an invocation writes: artifacts/<pipeline>/<UTC timestamp>-<short id>/ (or --output), one sub-folder per
// run named after the run, and the invocation-level files at the top. The short id comes from the root seed and
// the wall clock so two invocations in the same second do not collide; an existing folder is never reused.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Experiments.Pipelines.Running;

/// <summary>The folders of one pipeline invocation.</summary>
internal sealed class ArtifactLayout
{
    private ArtifactLayout(string root) => Root = root;

    /// <summary>The invocation folder.</summary>
    public string Root { get; }

    /// <summary>The invocation's id: its folder name (<c>20261204-183000-3fa2c1</c>, or the --output folder's name).</summary>
    public string Id => Path.GetFileName(Root);

    /// <summary>
    /// Creates <c>&lt;artifacts&gt;/&lt;pipeline&gt;/&lt;yyyyMMdd-HHmmss&gt;-&lt;id&gt;</c>, or uses <paramref name="output"/> when
    /// given (created if missing; it must be empty or absent so that old results are never mixed with new ones).
    /// </summary>
    public static ArtifactLayout Create(string artifactsRoot, string pipelineName, string? output, DateTimeOffset now)
    {
        if (output is not null)
        {
            var full = Path.GetFullPath(output);
            if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
                throw new IOException($"The output folder {full} is not empty; choose a new folder or remove its contents (runs are never mixed with earlier results).");
            Directory.CreateDirectory(full);
            return new ArtifactLayout(full);
        }
        var parent = Path.Combine(Path.GetFullPath(artifactsRoot), SafeName(pipelineName));
        Directory.CreateDirectory(parent);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (var attempt = 0; ; attempt++)
        {
            var id = ShortId($"{pipelineName}|{now.UtcTicks}|{Environment.ProcessId}|{attempt}");
            var folder = Path.Combine(parent, $"{stamp}-{id}");
            if (Directory.Exists(folder)) continue;
            Directory.CreateDirectory(folder);
            return new ArtifactLayout(folder);
        }
    }

    /// <summary>The folder of run <paramref name="runName"/> (created).</summary>
    public string RunFolder(string runName)
    {
        var folder = Path.Combine(Root, SafeName(runName));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>A name usable as a folder on every OS: letters, digits, '-', '_', '.'; others become '-'.</summary>
    public static string SafeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        var safe = builder.ToString().Trim('.');
        return safe.Length == 0 ? "run" : safe;
    }

    private static string ShortId(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..6];
}
