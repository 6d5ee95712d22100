// DatasetResolver: finds a dataset's four files on this machine, or downloads them into the user cache.
//
// Order (the first location holding the dataset wins):
//   1. explicit directory (pipeline definition / --data-dir): the files directly in it, or in a subfolder named
//      after the dataset when the directory itself holds none. Anything missing here is an error.
//   2. EXPERIMENTS_DATA: a data root with one subfolder per dataset name ($EXPERIMENTS_DATA/fashion-mnist/...).
//      The files may also sit directly in $EXPERIMENTS_DATA when that folder is for this dataset: its name is the
//      dataset's name, or its train-labels file matches one of this dataset's reference hashes. (MNIST and
//      Fashion-MNIST share file names, so a flat folder is claimed by content, never by file names alone.)
//   3. user cache: $XDG_CACHE_HOME (when absolute) or ~/.cache, then experiments/datasets/<name>.
//   4. system folders: /usr/share/datasets/<name> (Debian's dataset-fashion-mnist installs fashion-mnist there).
//   5. download into the user cache (unless offline); when the cache holds some of the files, only the missing
//      ones are fetched.
// A location that does not exist or holds none of the files is passed over. A location holding some but not all
// of the files, or a file that fails its checks, is an error naming the files, expected vs found and the fix;
// resolution never skips a bad copy in favour of the next location.
using Microsoft.Extensions.Logging;

namespace Experiments.ML.Data.Catalog;

/// <summary>
/// Resolves a catalog dataset to four verified files on disk (see the file header for the order), logging each
/// step through <see cref="DatasetResolverOptions.Logger"/>. <see cref="ResolveAsync(string, CancellationToken)"/>
/// may download; <see cref="Probe(string)"/> never does and reports instead of throwing.
/// </summary>
public sealed partial class DatasetResolver(DatasetResolverOptions? options = null)
{
    public DatasetResolverOptions Options { get; } = options ?? new DatasetResolverOptions();

    private ILogger Logger => Options.Logger;

    /// <summary>The user-cache folder of a dataset: <c>$XDG_CACHE_HOME|~/.cache/experiments/datasets/&lt;name&gt;</c>.</summary>
    public string CacheDirectory(DatasetEntry entry)
    {
        string? xdg = Options.GetEnvironmentVariable("XDG_CACHE_HOME");
        // The XDG base-directory spec says relative paths are invalid and must be ignored.
        string cacheRoot = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Options.HomeDirectory, ".cache");
        return Path.GetFullPath(Path.Combine(cacheRoot, "experiments", "datasets", entry.Name));
    }

    /// <summary>Resolves the dataset named <paramref name="name"/> (case-insensitive); see <see cref="ResolveAsync(DatasetEntry, CancellationToken)"/>.</summary>
    public Task<ResolvedDataset> ResolveAsync(string name, CancellationToken cancellationToken = default) =>
        ResolveAsync(Options.Catalog.Get(name), cancellationToken);

    /// <summary>
    /// Finds the dataset locally or downloads it. Throws <see cref="DataException"/> for a bad or incomplete copy,
    /// or when every step failed (the message lists each location tried, why it failed, and the fixes).
    /// </summary>
    public async Task<ResolvedDataset> ResolveAsync(DatasetEntry entry, CancellationToken cancellationToken = default)
    {
        var attempts = new List<ResolutionAttempt>();
        var found = SearchLocal(entry, attempts, downloadFollows: Options.AllowDownload, out var cacheMissing);
        if (found is not null)
            return found;

        string cache = CacheDirectory(entry);
        if (!Options.AllowDownload)
        {
            Record(attempts, ResolutionStep.Download, cache, AttemptOutcome.Skipped, "downloads are disabled (offline)");
            throw NotFoundError(entry, attempts);
        }

        var toFetch = cacheMissing ?? entry.Files;
        Logger.LogInformation("Dataset {Dataset}: downloading {Count} file(s) into {Folder}", entry.Name, toFetch.Count, cache);
        string? failure = await new DatasetDownloader(Options).DownloadAsync(entry, toFetch, cache, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            Record(attempts, ResolutionStep.Download, cache, AttemptOutcome.Failed, failure);
            throw NotFoundError(entry, attempts);
        }

        var inspection = FolderInspection.Inspect(entry, cache);
        Record(attempts, ResolutionStep.Download, cache, inspection.Outcome, inspection.Detail);
        if (inspection.Outcome != AttemptOutcome.Found)
            throw FolderError(entry, ResolutionStep.Download, inspection);
        return Build(entry, ResolutionStep.Download, inspection, attempts);
    }

    /// <summary>Where the dataset named <paramref name="name"/> resolves without downloading, or why it does not.</summary>
    public DatasetProbe Probe(string name) => Probe(Options.Catalog.Get(name));

    /// <summary>
    /// Where <paramref name="entry"/> resolves without downloading (files are verified), or the error that
    /// <see cref="ResolveAsync(DatasetEntry, CancellationToken)"/> would give offline. Never throws for a missing or bad dataset.
    /// </summary>
    public DatasetProbe Probe(DatasetEntry entry)
    {
        var attempts = new List<ResolutionAttempt>();
        try
        {
            var found = SearchLocal(entry, attempts, downloadFollows: false, out _);
            if (found is not null)
                return new DatasetProbe(entry, found, null, attempts);
            Record(attempts, ResolutionStep.Download, CacheDirectory(entry), AttemptOutcome.Skipped, "a probe never downloads");
            return new DatasetProbe(entry, null, NotFoundError(entry, attempts).Message, attempts);
        }
        catch (DataException e)
        {
            return new DatasetProbe(entry, null, e.Message, attempts);
        }
    }

    /// <summary>Tries steps 1-4. Returns the dataset, or null to go on downloading; throws for a bad or incomplete copy.</summary>
    private ResolvedDataset? SearchLocal(DatasetEntry entry, List<ResolutionAttempt> attempts, bool downloadFollows, out IReadOnlyList<DatasetFile>? cacheMissing)
    {
        cacheMissing = null;
        Logger.LogDebug("Resolving dataset {Dataset} ({DisplayName})", entry.Name, entry.DisplayName);

        // 1. Explicit directory: must hold the dataset.
        if (string.IsNullOrWhiteSpace(Options.ExplicitDirectory))
        {
            Record(attempts, ResolutionStep.ExplicitDirectory, "-", AttemptOutcome.Skipped, "no data directory given (--data-dir or the pipeline's data directory)");
        }
        else
        {
            string folder = Path.GetFullPath(Options.ExplicitDirectory);
            var inspection = FolderInspection.Inspect(entry, folder);
            string sub = Path.Combine(folder, entry.Name);
            if (inspection.Outcome == AttemptOutcome.NotFound && Directory.Exists(sub))
                inspection = FolderInspection.Inspect(entry, sub);
            Record(attempts, ResolutionStep.ExplicitDirectory, inspection.Folder, inspection.Outcome, inspection.Detail);
            if (inspection.Outcome == AttemptOutcome.Found)
                return Build(entry, ResolutionStep.ExplicitDirectory, inspection, attempts);
            throw FolderError(entry, ResolutionStep.ExplicitDirectory, inspection);
        }

        // 2. EXPERIMENTS_DATA: <root>/<name>, or the files directly in <root> when they are this dataset's.
        string? root = Options.GetEnvironmentVariable(DatasetResolverOptions.DataEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(root))
        {
            Record(attempts, ResolutionStep.EnvironmentVariable, "-", AttemptOutcome.Skipped, $"{DatasetResolverOptions.DataEnvironmentVariable} is not set");
        }
        else
        {
            root = Path.GetFullPath(root);
            string sub = Path.Combine(root, entry.Name);
            if (!Directory.Exists(root))
            {
                Logger.LogWarning("{Variable}={Root} does not exist", DatasetResolverOptions.DataEnvironmentVariable, root);
                Record(attempts, ResolutionStep.EnvironmentVariable, root, AttemptOutcome.NotFound, $"{DatasetResolverOptions.DataEnvironmentVariable} points to a folder that does not exist");
            }
            else if (Directory.Exists(sub))
            {
                var found = LocalStep(entry, ResolutionStep.EnvironmentVariable, sub, attempts);
                if (found is not null)
                    return found;
            }
            else
            {
                var inspection = FolderInspection.Inspect(entry, root);
                if (inspection.Outcome == AttemptOutcome.NotFound)
                {
                    Record(attempts, ResolutionStep.EnvironmentVariable, root, AttemptOutcome.NotFound, $"no subfolder {entry.Name}/ and none of the files directly in it");
                }
                else if (!IsFlatFolderFor(entry, root, out string why))
                {
                    Record(attempts, ResolutionStep.EnvironmentVariable, root, AttemptOutcome.NotFound, $"no subfolder {entry.Name}/; the files directly in it are not {entry.Name}'s: {why}");
                }
                else
                {
                    Record(attempts, ResolutionStep.EnvironmentVariable, root, inspection.Outcome, inspection.Detail);
                    if (inspection.Outcome == AttemptOutcome.Found)
                        return Build(entry, ResolutionStep.EnvironmentVariable, inspection, attempts);
                    throw FolderError(entry, ResolutionStep.EnvironmentVariable, inspection);
                }
            }
        }

        // 3. User cache. An incomplete cache is an interrupted download when downloads follow: fetch what is missing.
        {
            string cache = CacheDirectory(entry);
            var inspection = FolderInspection.Inspect(entry, cache);
            if (inspection.Outcome == AttemptOutcome.Incomplete && downloadFollows)
            {
                Record(attempts, ResolutionStep.UserCache, cache, AttemptOutcome.Incomplete, inspection.Detail + " (the download step fetches the missing files)");
                cacheMissing = inspection.Missing;
            }
            else
            {
                var found = LocalStep(entry, ResolutionStep.UserCache, cache, attempts, inspection);
                if (found is not null)
                    return found;
            }
        }

        // 4. System dataset folders.
        foreach (string systemRoot in Options.SystemDirectories)
        {
            string folder = Path.GetFullPath(Path.Combine(systemRoot, entry.Name));
            var found = LocalStep(entry, ResolutionStep.SystemFolder, folder, attempts);
            if (found is not null)
                return found;
        }
        return null;
    }

    private ResolvedDataset? LocalStep(DatasetEntry entry, ResolutionStep step, string folder, List<ResolutionAttempt> attempts) =>
        LocalStep(entry, step, folder, attempts, FolderInspection.Inspect(entry, folder));

    /// <summary>Found: the dataset; nothing there: null (next step); anything else: the error.</summary>
    private ResolvedDataset? LocalStep(DatasetEntry entry, ResolutionStep step, string folder, List<ResolutionAttempt> attempts, FolderInspection inspection)
    {
        Record(attempts, step, folder, inspection.Outcome, inspection.Detail);
        return inspection.Outcome switch
        {
            AttemptOutcome.Found => Build(entry, step, inspection, attempts),
            AttemptOutcome.NotFound => null,
            _ => throw FolderError(entry, step, inspection),
        };
    }

    /// <summary>Whether files sitting directly in <paramref name="root"/> belong to <paramref name="entry"/>.</summary>
    private static bool IsFlatFolderFor(DatasetEntry entry, string root, out string why)
    {
        if (string.Equals(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), entry.Name, StringComparison.OrdinalIgnoreCase))
        {
            why = "the folder is named after the dataset";
            return true;
        }
        var labels = entry[DatasetFileRole.TrainLabels];
        string? path = FolderInspection.Find(root, labels);
        if (path is null)
        {
            why = $"{labels.FileName} is not there to identify them";
            return false;
        }
        var check = FileVerifier.Verify(entry, labels, path);
        bool verified = check.IsValid && check.Verdict != ChecksumVerdict.Unverified;
        why = verified ? $"{Path.GetFileName(path)} matches {entry.Name}'s {check.Verdict}" : $"{Path.GetFileName(path)} matches none of {entry.Name}'s reference hashes";
        return verified;
    }

    private ResolvedDataset Build(DatasetEntry entry, ResolutionStep step, FolderInspection inspection, List<ResolutionAttempt> attempts)
    {
        var files = inspection.Checks.Select((c, i) => c.ToResolved(entry.Files[i])).ToArray();
        foreach (var file in files)
        {
            if (file.Verdict == ChecksumVerdict.Unverified)
                Logger.LogWarning("Dataset {Dataset}: {Path} is UNVERIFIED: no reference hash is known for its {Form} form (size and IDX magic checked only)",
                    entry.Name, file.Path, file.IsGzipped ? "gzip" : "raw");
            else
                Logger.LogDebug("Dataset {Dataset}: {Path} ({Form}) verified by {Verdict}", entry.Name, file.Path, file.IsGzipped ? "gzip" : "raw", file.Verdict);
        }
        Logger.LogInformation("Dataset {Dataset} resolved from {Step}: {Folder}", entry.Name, step, inspection.Folder);
        return new ResolvedDataset(entry, inspection.Folder, step, files, attempts.ToArray());
    }

    private void Record(List<ResolutionAttempt> attempts, ResolutionStep step, string location, AttemptOutcome outcome, string detail)
    {
        var attempt = new ResolutionAttempt(step, location, outcome, detail);
        attempts.Add(attempt);
        var level = outcome switch
        {
            AttemptOutcome.Found => LogLevel.Information,
            AttemptOutcome.Incomplete or AttemptOutcome.Invalid or AttemptOutcome.Failed => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        Logger.Log(level, "Dataset lookup {Step} {Location}: {Outcome}: {Detail}", step, location, outcome, detail);
    }
}
