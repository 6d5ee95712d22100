// ResolutionAttempt: one place that was tried while resolving a dataset, and what was found there.
namespace Experiments.ML.Data.Catalog;

/// <summary>What a resolution step found at one location.</summary>
public enum AttemptOutcome
{
    /// <summary>Not configured (e.g. no explicit directory, variable unset) or downloads disabled.</summary>
    Skipped,

    /// <summary>The location does not exist or holds none of the dataset's files.</summary>
    NotFound,

    /// <summary>Some but not all of the four files are there.</summary>
    Incomplete,

    /// <summary>A file is there but fails its checks (checksum, size, gzip decoding, IDX magic).</summary>
    Invalid,

    /// <summary>A download failed (every mirror and retry).</summary>
    Failed,

    /// <summary>All four files are there and were accepted.</summary>
    Found,
}

/// <summary>One location tried while resolving: the step, the path or URL, the outcome and why.</summary>
public sealed record ResolutionAttempt(ResolutionStep Step, string Location, AttemptOutcome Outcome, string Detail)
{
    public override string ToString() => $"{Step} {Location}: {Outcome}: {Detail}";
}
