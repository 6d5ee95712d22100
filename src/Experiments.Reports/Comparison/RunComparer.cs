// Builds a RunComparison from finished runs (in-process, or read back from report.json files by `compare`).
// Settings of a run = its hyperparameters plus "architecture", "dataset" and "seed"; a setting "differs" when
// its value (or its absence) is not the same in every run. Runs whose settings are equal except the seed form a
// seed group. Pairs are tested only on the same test set: same dataset fingerprint, same sample count, same labels.
using System.Globalization;
using System.Text.RegularExpressions;
using Experiments.Reports.Json;
using Experiments.Reports.Model;
using Experiments.Reports.Statistics;

namespace Experiments.Reports.Comparison;

/// <summary>Compares runs: ranking, differing settings, seed groups, McNemar and bootstrap per pair.</summary>
public static partial class RunComparer
{
    private const string Missing = "—";

    /// <summary>
    /// Reads the runs of <paramref name="folders"/>: a folder holding report.json is one run; a folder without one
    /// contributes every direct subfolder that holds a report.json (a pipeline's output folder).
    /// </summary>
    public static IReadOnlyList<RunReport> Load(IEnumerable<string> folders)
    {
        var reports = new List<RunReport>();
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder))
                throw new ReportException("the folder does not exist; pass run folders (with report.json) or a pipeline output folder.", folder);
            string own = Path.Combine(folder, "report.json");
            if (File.Exists(own))
            {
                reports.Add(ReportJsonReader.Read(own));
                continue;
            }
            var found = Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "report.json")).Where(File.Exists).ToArray();
            if (found.Length == 0)
                throw new ReportException("no report.json here or in its subfolders; pass the folder of a finished run or of a pipeline's output.", folder);
            reports.AddRange(found.Select(ReportJsonReader.Read));
        }
        return reports;
    }

    /// <summary>Compares at least one run. Runs with the same name get their run id appended so every name is unique.</summary>
    public static RunComparison Compare(IReadOnlyList<RunReport> reports, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        options ??= new ComparisonOptions();
        if (reports.Count == 0)
            throw new ReportException("there are no runs to compare; pass at least one run folder.");
        var runs = UniqueNames(reports);

        var ranked = runs.OrderByDescending(r => r.TestMetrics.MicroAccuracy).ThenBy(r => r.RunName, StringComparer.Ordinal).ToArray();
        var settings = ranked.Select(Settings).ToArray();
        var keys = settings.SelectMany(s => s.Keys).Distinct().ToArray();
        var differing = keys.Where(k => settings.Select(s => s.GetValueOrDefault(k, Missing)).Distinct().Count() > 1).ToArray();
        var compared = ranked.Select((r, i) => new ComparedRun(i + 1, r, differing.Select(k => settings[i].GetValueOrDefault(k, Missing)).ToArray())).ToArray();

        var notes = new List<string>();
        var groups = SeedGroups(ranked, settings, keys);
        var pairs = Pairs(ranked, options, notes);
        return new RunComparison(compared, differing, groups, pairs, notes, options);
    }

    /// <summary>A run's settings: "architecture", "dataset", its hyperparameters, and "seed".</summary>
    public static IReadOnlyDictionary<string, string> Settings(RunReport report)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["architecture"] = report.Model.Architecture,
            ["dataset"] = report.Dataset.Name,
        };
        foreach (var h in report.Hyperparameters)
            settings[h.Key] = h.Value;
        settings["seed"] = report.Seed.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    private static RunReport[] UniqueNames(IReadOnlyList<RunReport> reports)
    {
        var counts = reports.GroupBy(r => r.RunName).ToDictionary(g => g.Key, g => g.Count());
        var result = reports.Select(r => counts[r.RunName] > 1 ? r with { RunName = $"{r.RunName} ({r.RunId})" } : r).ToArray();
        var duplicates = result.GroupBy(r => r.RunName).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
            throw new ReportException($"the run '{duplicates[0]}' is passed more than once (same name and run id); pass each run folder once.");
        return result;
    }

    private static SeedGroup[] SeedGroups(RunReport[] ranked, IReadOnlyDictionary<string, string>[] settings, string[] keys)
    {
        string GroupKey(int i) => ranked[i].Dataset.Fingerprint + "\u0001" +
            string.Join("\u0001", keys.Where(k => k != "seed").Select(k => k + "=" + settings[i].GetValueOrDefault(k, Missing)));
        var groups = new List<SeedGroup>();
        foreach (var group in Enumerable.Range(0, ranked.Length).GroupBy(GroupKey))
        {
            var members = group.Select(i => ranked[i]).OrderBy(m => m.Seed).ThenBy(m => m.RunName, StringComparer.Ordinal).ToArray();
            if (members.Length < 2 || members.Select(m => m.Seed).Distinct().Count() < 2)
                continue;
            var stripped = members.Select(m => SeedSuffix().Replace(m.RunName, "")).Distinct().ToArray();
            string name = stripped.Length == 1 && stripped[0].Length > 0 ? stripped[0] : CommonPrefix(members.Select(m => m.RunName).ToArray()) ?? members[0].RunName;
            groups.Add(new SeedGroup(
                name,
                members.Select(m => m.RunName).ToArray(),
                members.Select(m => m.Seed).ToArray(),
                MeanStd.Of(members.Select(m => m.TestMetrics.MicroAccuracy).ToArray()),
                MeanStd.Of(members.Select(m => m.TestMetrics.MacroAccuracy).ToArray()),
                MeanStd.Of(members.Select(m => m.TestMetrics.LogLoss).ToArray()),
                MeanStd.Of(members.Select(m => (double)m.History.BestEpoch).ToArray()),
                MeanStd.Of(members.Select(m => m.MeanEpochSeconds).ToArray())));
        }
        return groups.OrderByDescending(g => g.MicroAccuracy.Mean).ToArray();
    }

    private static PairComparison[] Pairs(RunReport[] ranked, ComparisonOptions options, List<string> notes)
    {
        var work = new List<(RunReport A, RunReport B)>();
        for (int i = 0; i < ranked.Length; i++)
        {
            for (int j = i + 1; j < ranked.Length; j++)
            {
                RunReport a = ranked[i], b = ranked[j];
                if (a.Dataset.Fingerprint != b.Dataset.Fingerprint)
                    notes.Add($"{a.RunName} and {b.RunName} were not tested against each other: different datasets ({a.Dataset.Name} {Short(a.Dataset.Fingerprint)} vs {b.Dataset.Name} {Short(b.Dataset.Fingerprint)}).");
                else if (a.Predictions.Count != b.Predictions.Count)
                    notes.Add($"{a.RunName} and {b.RunName} were not tested against each other: {a.Predictions.Count} vs {b.Predictions.Count} test samples.");
                else if (!a.Predictions.Actual.SequenceEqual(b.Predictions.Actual))
                    notes.Add($"{a.RunName} and {b.RunName} were not tested against each other: same fingerprint but different test labels (a different test order?).");
                else
                    work.Add((a, b));
            }
        }
        var results = new PairComparison[work.Count];
        // Pairs are independent and each bootstrap has its own seeded stream, so running them in parallel keeps results bit-identical.
        Parallel.For(0, work.Count, k => results[k] = ComparePair(work[k].A, work[k].B, options));
        return results;
    }

    /// <summary>McNemar and the paired bootstrap for two runs on the same test set, with the verdict sentence.</summary>
    public static PairComparison ComparePair(RunReport a, RunReport b, ComparisonOptions options)
    {
        var actual = a.Predictions.Actual;
        double accA = Accuracy(a.Predictions), accB = Accuracy(b.Predictions);
        if (accB > accA)
            (a, b, accA, accB) = (b, a, accB, accA);
        var mcnemar = McNemarTest.Test(a.Predictions.Predicted, b.Predictions.Predicted, actual);
        var interval = PairedBootstrap.AccuracyDifference(a.Predictions.Predicted, b.Predictions.Predicted, actual,
            options.BootstrapResamples, options.BootstrapSeed, options.Level);
        double alpha = 1 - options.Level;
        bool significant = mcnemar.PValue < alpha && interval.Lower > 0;
        string ci = $"[{Format.Points(interval.Lower)}, {Format.Points(interval.Upper)}]";
        string test = $"McNemar p = {Format.PValue(mcnemar.PValue)} ({mcnemar.MethodDescription}; {mcnemar.OnlyFirstCorrect} vs {mcnemar.OnlySecondCorrect} discordant)";
        string level = (options.Level * 100).ToString("0.#", CultureInfo.InvariantCulture);
        string sentence = significant
            ? $"{a.RunName} beats {b.RunName} by {Format.Points(interval.ObservedDifference)} points {ci}, {test}."
            : accA == accB
                ? $"{a.RunName} and {b.RunName} have the same accuracy: difference 0.0 points {ci}, {test}."
                : $"{a.RunName} and {b.RunName} are not significantly different at the {level}% level: {a.RunName} is ahead by {Format.Points(interval.ObservedDifference)} points {ci}, {test}.";
        return new PairComparison(a.RunName, b.RunName, actual.Count, accA, accB, mcnemar, interval, significant, sentence);
    }

    private static double Accuracy(TestPredictions p)
    {
        long correct = 0;
        for (int i = 0; i < p.Count; i++)
            if (p.Predicted[i] == p.Actual[i]) correct++;
        return (double)correct / p.Count;
    }

    private static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] : fingerprint;

    /// <summary>The longest common prefix of the names without trailing separators, or null when shorter than 3 characters.</summary>
    private static string? CommonPrefix(string[] names)
    {
        int length = names.Min(n => n.Length);
        for (int i = 0; i < length; i++)
        {
            if (names.Any(n => n[i] != names[0][i])) { length = i; break; }
        }
        string prefix = names[0][..length].TrimEnd('-', '_', ' ', '.', '(');
        return prefix.Length >= 3 ? prefix : null;
    }

    [GeneratedRegex(@"[-_ .]?seed[-_=]?\d+$", RegexOptions.IgnoreCase)]
    private static partial Regex SeedSuffix();
}
