// The comparison of several runs as plain data: runs ranked by MicroAccuracy, the settings that differ, seed groups
// with mean ± sample std, and for every pair on the same test set McNemar's test and a paired-bootstrap interval.
// Built by RunComparer; rendered by ComparisonWriter (json, md, html) and DvcFiles.
using Experiments.Reports.Model;
using Experiments.Reports.Statistics;

namespace Experiments.Reports.Comparison;

/// <summary>Knobs of the pairwise statistics.</summary>
/// <param name="BootstrapResamples">Resamples of the paired bootstrap (2,000 by default).</param>
/// <param name="BootstrapSeed">Seed of the bootstrap's random stream (fixed, so the same runs give the same intervals).</param>
/// <param name="Level">Confidence level of the interval and significance threshold 1 − level for the verdict.</param>
public sealed record ComparisonOptions(int BootstrapResamples = PairedBootstrap.DefaultResamples, ulong BootstrapSeed = PairedBootstrap.DefaultSeed, double Level = 0.95);

/// <summary>A compared run with its rank (1 = highest MicroAccuracy) and its values of the differing settings.</summary>
public sealed record ComparedRun(int Rank, RunReport Report, IReadOnlyList<string> DifferingValues);

/// <summary>Runs that differ only by seed, summarised as mean ± sample std (ddof = 1).</summary>
public sealed record SeedGroup(
    string Name,
    IReadOnlyList<string> RunNames,
    IReadOnlyList<long> Seeds,
    MeanStd MicroAccuracy,
    MeanStd MacroAccuracy,
    MeanStd LogLoss,
    MeanStd BestEpoch,
    MeanStd MeanEpochSeconds);

/// <summary>
/// Two runs on the same test set. <see cref="First"/> is the one with the higher observed accuracy; the interval is of
/// acc(First) − acc(Second); McNemar's b counts samples only First got right.
/// </summary>
public sealed record PairComparison(
    string First,
    string Second,
    int TestSamples,
    double FirstAccuracy,
    double SecondAccuracy,
    McNemarResult McNemar,
    BootstrapInterval Bootstrap,
    bool Significant,
    string Sentence);

/// <summary>The comparison of several runs.</summary>
/// <param name="Runs">Ranked by MicroAccuracy (descending; ties by run name).</param>
/// <param name="DifferingSettings">Setting keys whose values are not the same in every run, in first-seen order.</param>
/// <param name="SeedGroups">Groups of two or more runs that differ only by seed.</param>
/// <param name="Pairs">Every pair of runs on the same test set, in rank order.</param>
/// <param name="Notes">Why some pairs were not tested, and other caveats, for people.</param>
/// <param name="Options">The statistics settings used.</param>
public sealed record RunComparison(
    IReadOnlyList<ComparedRun> Runs,
    IReadOnlyList<string> DifferingSettings,
    IReadOnlyList<SeedGroup> SeedGroups,
    IReadOnlyList<PairComparison> Pairs,
    IReadOnlyList<string> Notes,
    ComparisonOptions Options);
