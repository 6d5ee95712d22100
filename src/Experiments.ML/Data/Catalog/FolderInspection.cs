// FolderInspection: what one folder holds of a dataset's four files, each file found and checked.
// A file is looked for under its upstream .gz name first, then under the raw name; its form is then decided by
// content (1F 8B), so a decompressed file that kept the .gz name is still read correctly.
namespace Experiments.ML.Data.Catalog;

/// <summary>The result of looking at one folder for one dataset.</summary>
internal sealed class FolderInspection
{
    private FolderInspection(string folder, AttemptOutcome outcome, string detail,
        IReadOnlyList<FileCheck> checks, IReadOnlyList<DatasetFile> missing)
    {
        Folder = folder;
        Outcome = outcome;
        Detail = detail;
        Checks = checks;
        Missing = missing;
    }

    public string Folder { get; }

    /// <summary><see cref="AttemptOutcome.NotFound"/>, <see cref="AttemptOutcome.Incomplete"/>, <see cref="AttemptOutcome.Invalid"/> or <see cref="AttemptOutcome.Found"/>.</summary>
    public AttemptOutcome Outcome { get; }

    /// <summary>One line for logs and attempt lists.</summary>
    public string Detail { get; }

    /// <summary>Checks of the files present, in role order.</summary>
    public IReadOnlyList<FileCheck> Checks { get; }

    public IReadOnlyList<DatasetFile> Missing { get; }

    /// <summary>Looks for the four files in <paramref name="folder"/> and, when all are there, verifies each.</summary>
    public static FolderInspection Inspect(DatasetEntry entry, string folder)
    {
        if (!Directory.Exists(folder))
            return new FolderInspection(folder, AttemptOutcome.NotFound, "folder does not exist", [], entry.Files);

        var present = new List<(DatasetFile Reference, string Path)>();
        var missing = new List<DatasetFile>();
        foreach (var file in entry.Files)
        {
            string? path = Find(folder, file);
            if (path is null)
                missing.Add(file);
            else
                present.Add((file, path));
        }

        if (present.Count == 0)
            return new FolderInspection(folder, AttemptOutcome.NotFound, "folder holds none of the four files", [], missing);
        if (missing.Count > 0)
        {
            return new FolderInspection(folder, AttemptOutcome.Incomplete,
                $"missing {string.Join(", ", missing.Select(Describe))}; present: {string.Join(", ", present.Select(p => System.IO.Path.GetFileName(p.Path)))}",
                [], missing);
        }

        // Verify every file (not just the first bad one) so one error message lists all problems.
        var checks = present.Select(p => Check(entry, p.Reference, p.Path)).ToArray();
        var invalid = checks.Where(c => !c.IsValid).ToArray();
        if (invalid.Length > 0)
        {
            return new FolderInspection(folder, AttemptOutcome.Invalid,
                $"{invalid.Length} of 4 files failed verification: " +
                string.Join("; ", invalid.Select(c => $"{System.IO.Path.GetFileName(c.Path)}: {c.Problem}")),
                checks, missing);
        }

        int unverified = checks.Count(c => c.Verdict == ChecksumVerdict.Unverified);
        string verdicts = unverified == 0 ? "all 4 files verified" : $"{4 - unverified} verified, {unverified} UNVERIFIED (no reference hash for their form)";
        return new FolderInspection(folder, AttemptOutcome.Found, verdicts, checks, missing);
    }

    /// <summary>The path of <paramref name="file"/> in <paramref name="folder"/>: the .gz name first, then the raw name.</summary>
    public static string? Find(string folder, DatasetFile file)
    {
        string gz = System.IO.Path.Combine(folder, file.FileName);
        if (File.Exists(gz))
            return gz;
        string raw = System.IO.Path.Combine(folder, file.RawFileName);
        return File.Exists(raw) ? raw : null;
    }

    public static string Describe(DatasetFile file) => $"{file.FileName} (or raw {file.RawFileName})";

    private static FileCheck Check(DatasetEntry entry, DatasetFile reference, string path)
    {
        try
        {
            return FileVerifier.Verify(entry, reference, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileCheck(path, false, null, null, null, $"cannot be read: {e.Message}");
        }
    }
}
