// Reads Goldens/scheduler_goldens.json (written by Goldens/make_scheduler_goldens.py with PyTorch 1.13) and
// builds our scheduler for each case from the same PyTorch arguments.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Experiments.Engine.Optim;
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Tests.Schedulers;

internal sealed record SchedulerSpec(string Scheduler, JsonElement Args);

internal sealed record GoldenCase(
    string Name, string Optimizer, double InitialLr, int Steps, IReadOnlyList<SchedulerSpec> Schedulers,
    double[] Lr, double[]? Momentum, double[]? Metrics)
{
    public override string ToString() => Name;
}

internal static class SchedulerGoldenFile
{
    public const string Format = "experiments.scheduler-goldens";
    public const int Version = 1;
    private const string RelativePath = "tests/Experiments.Engine.Tests/Schedulers/Goldens/scheduler_goldens.json";

    private static readonly Lazy<IReadOnlyDictionary<string, GoldenCase>> Cases = new(Load);

    public static IReadOnlyDictionary<string, GoldenCase> All => Cases.Value;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in All.Keys) data.Add(name);
        return data;
    }

    /// <summary>The golden file, found by walking up from the test binaries to the repository root.</summary>
    public static string FindPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(
            $"{RelativePath} not found above {AppContext.BaseDirectory}. Run /usr/bin/python3 tests/Experiments.Engine.Tests/Schedulers/Goldens/make_scheduler_goldens.py from the repository root.");
    }

    private static IReadOnlyDictionary<string, GoldenCase> Load()
    {
        string path = FindPath();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = doc.RootElement;
        string format = root.GetProperty("format").GetString() ?? "";
        int version = root.GetProperty("version").GetInt32();
        if (format != Format || version != Version)
            throw new InvalidDataException($"{path}: expected format {Format} v{Version}, found {format} v{version}. Regenerate with make_scheduler_goldens.py.");
        var cases = new Dictionary<string, GoldenCase>(StringComparer.Ordinal);
        foreach (JsonElement c in root.GetProperty("cases").EnumerateArray())
        {
            var specs = new List<SchedulerSpec> { new(c.GetProperty("scheduler").GetString()!, c.GetProperty("args").Clone()) };
            if (c.TryGetProperty("chain", out JsonElement chain))
                foreach (JsonElement s in chain.EnumerateArray())
                    specs.Add(new(s.GetProperty("scheduler").GetString()!, s.GetProperty("args").Clone()));
            var golden = new GoldenCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("optimizer").GetString()!,
                c.GetProperty("initial_lr").GetDouble(),
                c.GetProperty("steps").GetInt32(),
                specs,
                Doubles(c.GetProperty("lr")),
                c.TryGetProperty("momentum", out JsonElement m) ? Doubles(m) : null,
                c.TryGetProperty("metrics", out JsonElement x) ? Doubles(x) : null);
            cases.Add(golden.Name, golden);
        }
        return cases;
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>Builds our scheduler from PyTorch's argument names; an argument we don't map fails the test.</summary>
    public static ILearningRateScheduler Create(SchedulerSpec spec, ILearningRateTarget target)
    {
        var args = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty p in spec.Args.EnumerateObject()) args.Add(p.Name, p.Value);
        var used = new HashSet<string>(StringComparer.Ordinal);
        double D(string key, double fallback) { used.Add(key); return args.TryGetValue(key, out var v) ? v.GetDouble() : fallback; }
        int I(string key) { used.Add(key); return args[key].GetInt32(); }
        int? NI(string key) { used.Add(key); return args.TryGetValue(key, out var v) ? v.GetInt32() : null; }
        int IOr(string key, int fallback) => NI(key) ?? fallback;
        bool B(string key, bool fallback) { used.Add(key); return args.TryGetValue(key, out var v) ? v.GetBoolean() : fallback; }
        string S(string key, string fallback) { used.Add(key); return args.TryGetValue(key, out var v) ? v.GetString()! : fallback; }

        ILearningRateScheduler scheduler = spec.Scheduler switch
        {
            "StepLR" => new StepLR(target, I("step_size"), D("gamma", 0.1)),
            "MultiStepLR" => new MultiStepLR(target, Milestones(args, used), D("gamma", 0.1)),
            "ExponentialLR" => new ExponentialLR(target, D("gamma", double.NaN)),
            "CosineAnnealingLR" => new CosineAnnealingLR(target, I("T_max"), D("eta_min", 0)),
            "OneCycleLR" => new OneCycleLR(
                target, D("max_lr", double.NaN), NI("total_steps"), NI("epochs"), NI("steps_per_epoch"),
                D("pct_start", 0.3),
                S("anneal_strategy", "cos") switch { "cos" => AnnealStrategy.Cos, "linear" => AnnealStrategy.Linear, var s => throw new InvalidDataException(s) },
                B("cycle_momentum", true), D("base_momentum", 0.85), D("max_momentum", 0.95),
                D("div_factor", 25.0), D("final_div_factor", 1e4), B("three_phase", false)),
            "ReduceLROnPlateau" => new ReduceLROnPlateau(
                target,
                S("mode", "min") switch { "min" => PlateauMode.Min, "max" => PlateauMode.Max, var s => throw new InvalidDataException(s) },
                D("factor", 0.1), IOr("patience", 10), D("threshold", 1e-4),
                S("threshold_mode", "rel") switch { "rel" => ThresholdMode.Rel, "abs" => ThresholdMode.Abs, var s => throw new InvalidDataException(s) },
                IOr("cooldown", 0), D("min_lr", 0), D("eps", 1e-8)),
            _ => throw new InvalidDataException($"golden case uses scheduler {spec.Scheduler}, which the test does not know"),
        };
        string[] unused = args.Keys.Where(k => !used.Contains(k)).ToArray();
        if (unused.Length > 0)
            throw new InvalidDataException($"{spec.Scheduler}: golden arguments not mapped by the test: {string.Join(", ", unused)}");
        return scheduler;
    }

    private static int[] Milestones(Dictionary<string, JsonElement> args, HashSet<string> used)
    {
        used.Add("milestones");
        return args["milestones"].EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }

    /// <summary>A fresh optimizer stand-in as the generator made it: lr = initial_lr, momentum (or β₁) 0.9.</summary>
    public static FakeOptimizer NewTarget(GoldenCase golden) => new(golden.InitialLr, 0.9);

    /// <summary>One step of every scheduler of the case, in order, as the generator did.</summary>
    public static void StepAll(IReadOnlyList<ILearningRateScheduler> schedulers, GoldenCase golden, int stepIndex)
    {
        foreach (ILearningRateScheduler s in schedulers)
        {
            switch (s)
            {
                case ReduceLROnPlateau plateau: plateau.Step(golden.Metrics![stepIndex]); break;
                case LearningRateScheduler epochwise: epochwise.Step(); break;
                default: throw new InvalidOperationException(s.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Null when |actual − expected| ≤ atol + rtol·|expected| everywhere; otherwise the first mismatches and the max diff.
    /// </summary>
    public static string? Compare(string what, IReadOnlyList<double> actual, IReadOnlyList<double> expected, double rtol, double atol)
    {
        if (actual.Count != expected.Count)
            return $"{what}: {actual.Count} values, expected {expected.Count}";
        var report = new StringBuilder();
        int bad = 0;
        double maxDiff = 0;
        int maxAt = -1;
        for (int i = 0; i < expected.Count; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(diff)) diff = double.PositiveInfinity;
            if (diff > maxDiff) { maxDiff = diff; maxAt = i; }
            if (diff > atol + rtol * Math.Abs(expected[i]))
            {
                if (bad < 5)
                    report.AppendLine(CultureInfo.InvariantCulture, $"  [{i}] ours {actual[i]:R}  torch {expected[i]:R}  |diff| {diff:R}");
                bad++;
            }
        }
        if (bad == 0) return null;
        return $"{what}: {bad} of {expected.Count} values differ (rtol {rtol:R}, atol {atol:R}); max |diff| {maxDiff:R} at [{maxAt}]; first mismatches:\n{report}";
    }
}
