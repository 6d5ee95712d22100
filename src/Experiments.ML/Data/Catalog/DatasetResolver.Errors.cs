// DatasetResolver.Errors: the messages of resolution failures. Each names the folder or file, what was expected
// and found, and the exact fixes.
using System.Text;

namespace Experiments.ML.Data.Catalog;

public sealed partial class DatasetResolver
{
    private static string StepLabel(ResolutionStep step) => step switch
    {
        ResolutionStep.ExplicitDirectory => "explicit data directory",
        ResolutionStep.EnvironmentVariable => DatasetResolverOptions.DataEnvironmentVariable,
        ResolutionStep.UserCache => "user cache",
        ResolutionStep.SystemFolder => "system dataset folder",
        _ => "download",
    };

    private static string FileList(DatasetEntry entry) => string.Join(", ", entry.Files.Select(f => f.FileName));

    /// <summary>An incomplete or invalid copy (or, for the explicit directory, a missing one) at one location.</summary>
    private DataException FolderError(DatasetEntry entry, ResolutionStep step, FolderInspection inspection)
    {
        string folder = inspection.Folder;
        string where = $"in {folder} ({StepLabel(step)})";
        var text = new StringBuilder();
        string? filePath = folder;
        switch (inspection.Outcome)
        {
            case AttemptOutcome.NotFound:
                // Only the explicit directory turns "nothing here" into an error.
                text.Append(Directory.Exists(folder)
                    ? $"The data directory {folder} holds none of {entry.DisplayName}'s files: expected {FileList(entry)} (each gzipped or raw), directly in it or in a subfolder {entry.Name}/."
                    : $"The data directory {folder} does not exist.");
                text.Append($"\nFix: point --data-dir (or the pipeline's data directory) at a folder holding {FileList(entry)}, or drop it to use {DatasetResolverOptions.DataEnvironmentVariable}, the cache ({CacheDirectory(entry)}) or a download.");
                break;

            case AttemptOutcome.Incomplete:
                text.Append($"Dataset '{entry.Name}' is incomplete {where}: missing {string.Join(", ", inspection.Missing.Select(FolderInspection.Describe))}.");
                text.Append($"\nFix: put the missing files into {folder} (upstream names, gzipped or raw; upstream: {MirrorHint(entry)})");
                text.Append(step switch
                {
                    ResolutionStep.ExplicitDirectory => ", or point --data-dir at a folder holding all four.",
                    ResolutionStep.UserCache => $", or delete {folder} and run again with network access so it downloads.",
                    ResolutionStep.SystemFolder when entry.DebianPackage is not null => $", or reinstall the package: sudo apt-get install --reinstall {entry.DebianPackage}",
                    _ => $", or remove the partial folder so resolution moves on.",
                });
                break;

            default:
                var bad = inspection.Checks.Where(c => !c.IsValid).ToArray();
                filePath = bad.FirstOrDefault()?.Path ?? folder;
                text.Append($"Dataset '{entry.Name}' {where}: {bad.Length} file(s) failed verification; a bad copy is never skipped in favour of another location:");
                foreach (var check in bad)
                    text.Append($"\n  {check.Path}: {check.Problem}");
                text.Append($"\nFix: replace each file with upstream's (from {MirrorHint(entry)}), or delete it");
                text.Append(step switch
                {
                    ResolutionStep.SystemFolder when entry.DebianPackage is not null => $"; for the Debian copy: sudo apt-get install --reinstall {entry.DebianPackage}",
                    ResolutionStep.UserCache or ResolutionStep.Download => " and run again with network access so it downloads again",
                    _ => " and point resolution elsewhere",
                });
                text.Append('.');
                break;
        }
        return new DataException(text.ToString(), filePath);
    }

    /// <summary>Every step failed: what was tried, why each failed, and the fixes.</summary>
    private DataException NotFoundError(DatasetEntry entry, IReadOnlyList<ResolutionAttempt> attempts)
    {
        var text = new StringBuilder($"Dataset '{entry.Name}' ({entry.DisplayName}) was not found and could not be downloaded. Tried:");
        int i = 1;
        foreach (var attempt in attempts)
            text.Append($"\n  {i++}. {StepLabel(attempt.Step)} {attempt.Location}: {attempt.Outcome}: {attempt.Detail}");
        text.Append("\nFix (any one):");
        if (entry.DebianPackage is not null)
            text.Append($"\n  - sudo apt-get install {entry.DebianPackage}   (Debian/Ubuntu; installs /usr/share/datasets/{entry.Name})");
        text.Append($"\n  - --data-dir DIR, with DIR holding {FileList(entry)} (each gzipped or raw)");
        text.Append($"\n  - set {DatasetResolverOptions.DataEnvironmentVariable}=DIR, with those files in DIR/{entry.Name}/");
        text.Append(Options.AllowDownload
            ? $"\n  - network access to {MirrorHint(entry)} so the files download into {CacheDirectory(entry)}"
            : $"\n  - allow downloads (do not run offline) with network access to {MirrorHint(entry)}; files go to {CacheDirectory(entry)}");
        return new DataException(text.ToString());
    }

    private string MirrorHint(DatasetEntry entry)
    {
        var mirrors = Options.Mirrors ?? entry.Mirrors;
        return mirrors.Count == 0 ? "no known mirror" : string.Join(" or ", mirrors);
    }
}
