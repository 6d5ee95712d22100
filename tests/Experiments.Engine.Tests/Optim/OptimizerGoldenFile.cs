// OptimizerGoldenFile: reader of data/optimizers.json, format "experiments-optim-golden" v1, written by
// Goldens/generate_optimizer_goldens.py (the layout is documented at the top of that script), and the factory
// that builds our optimizer from a case's name and config (C# argument names, absent keys take defaults).
using System.Text.Json;
using Experiments.Engine.NN;
using Experiments.Engine.Optim;

namespace Experiments.Engine.Tests.Optim;

public sealed record OptimTensor(int[] Shape, float[] Data);

/// <summary>(a) An optimizer driven by given gradients; After[s][i] is parameter i after step s.</summary>
public sealed record PureCase(string Name, string Optimizer, JsonElement Config, OptimTensor[] Initial, OptimTensor?[][] Grads, OptimTensor[][] After);

/// <summary>(b, c) A 10-step training run of the tiny MLP.</summary>
public sealed record TrajectoryCase(string Name, string Optimizer, JsonElement Config, float[] Losses,
    IReadOnlyDictionary<string, OptimTensor> Final, double MaxLr, double[] LearningRates, double[] Momenta);

public sealed record MlpData(OptimTensor Inputs, int[] Targets, IReadOnlyDictionary<string, OptimTensor> Initial);

public static class OptimizerGoldenFile
{
    public const string Format = "experiments-optim-golden";
    public const int Version = 1;

    private static readonly Lazy<(Dictionary<string, PureCase> Pure, MlpData Mlp, Dictionary<string, TrajectoryCase> MlpCases, Dictionary<string, TrajectoryCase> OneCycle)> Data = new(Read);

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "Goldens", "data", "optimizers.json");

    public static IReadOnlyDictionary<string, PureCase> Pure => Data.Value.Pure;
    public static MlpData Mlp => Data.Value.Mlp;
    public static IReadOnlyDictionary<string, TrajectoryCase> MlpCases => Data.Value.MlpCases;
    public static IReadOnlyDictionary<string, TrajectoryCase> OneCycle => Data.Value.OneCycle;

    public static TheoryData<string> Names(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var n in names) data.Add(n);
        return data;
    }

    /// <summary>Builds the optimizer a case names, passing only the config keys it has (the rest take our defaults).</summary>
    public static Optimizer Create(string kind, JsonElement config, IEnumerable<Parameter> parameters)
    {
        double? D(string key) => config.TryGetProperty(key, out var v) ? v.GetDouble() : null;
        bool? B(string key) => config.TryGetProperty(key, out var v) ? v.GetBoolean() : null;
        foreach (var property in config.EnumerateObject())
            if (Array.IndexOf(KnownKeys, property.Name) < 0)
                throw new InvalidDataException($"{FilePath}: unknown config key '{property.Name}' for {kind}; extend OptimizerGoldenFile.Create.");
        return kind switch
        {
            "SGD" => new SGD(parameters, lr: D("lr") ?? throw new InvalidDataException("SGD case without lr"), momentum: D("momentum") ?? 0,
                dampening: D("dampening") ?? 0, weightDecay: D("weightDecay") ?? 0, nesterov: B("nesterov") ?? false, maximize: B("maximize") ?? false),
            "RMSprop" => new RMSprop(parameters, lr: D("lr") ?? 1e-2, alpha: D("alpha") ?? 0.99, eps: D("eps") ?? 1e-8,
                weightDecay: D("weightDecay") ?? 0, momentum: D("momentum") ?? 0, centered: B("centered") ?? false, maximize: B("maximize") ?? false),
            "Adam" => new Adam(parameters, lr: D("lr") ?? 1e-3, beta1: D("beta1") ?? 0.9, beta2: D("beta2") ?? 0.999, eps: D("eps") ?? 1e-8,
                weightDecay: D("weightDecay") ?? 0, amsgrad: B("amsgrad") ?? false, maximize: B("maximize") ?? false),
            "AdamW" => new AdamW(parameters, lr: D("lr") ?? 1e-3, beta1: D("beta1") ?? 0.9, beta2: D("beta2") ?? 0.999, eps: D("eps") ?? 1e-8,
                weightDecay: D("weightDecay") ?? 1e-2, amsgrad: B("amsgrad") ?? false, maximize: B("maximize") ?? false),
            "NAdam" => new NAdam(parameters, lr: D("lr") ?? 2e-3, beta1: D("beta1") ?? 0.9, beta2: D("beta2") ?? 0.999, eps: D("eps") ?? 1e-8,
                weightDecay: D("weightDecay") ?? 0, momentumDecay: D("momentumDecay") ?? 4e-3),
            "Adagrad" => new Adagrad(parameters, lr: D("lr") ?? 1e-2, lrDecay: D("lrDecay") ?? 0, weightDecay: D("weightDecay") ?? 0,
                initialAccumulatorValue: D("initialAccumulatorValue") ?? 0, eps: D("eps") ?? 1e-10, maximize: B("maximize") ?? false),
            _ => throw new InvalidDataException($"{FilePath}: unknown optimizer '{kind}'."),
        };
    }

    private static readonly string[] KnownKeys =
        ["lr", "momentum", "dampening", "weightDecay", "nesterov", "maximize", "alpha", "eps", "centered", "beta1", "beta2", "amsgrad", "momentumDecay", "lrDecay", "initialAccumulatorValue"];

    private static (Dictionary<string, PureCase>, MlpData, Dictionary<string, TrajectoryCase>, Dictionary<string, TrajectoryCase>) Read()
    {
        if (!File.Exists(FilePath))
            throw new FileNotFoundException($"Golden file {FilePath} not found. Run tests/Experiments.Engine.Tests/Goldens/generate_optimizer_goldens.py and rebuild.", FilePath);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        var root = doc.RootElement;
        string format = root.GetProperty("format").GetString() ?? "";
        int version = root.GetProperty("version").GetInt32();
        if (format != Format || version != Version)
            throw new InvalidDataException($"{FilePath}: format '{format}' version {version}, expected '{Format}' version {Version}. Regenerate with generate_optimizer_goldens.py or update the reader.");

        var pure = new Dictionary<string, PureCase>(StringComparer.Ordinal);
        foreach (var c in root.GetProperty("pure").EnumerateArray())
        {
            var item = new PureCase(
                c.GetProperty("name").GetString()!, c.GetProperty("optimizer").GetString()!, c.GetProperty("config").Clone(),
                c.GetProperty("initial").EnumerateArray().Select(ReadTensor).ToArray(),
                c.GetProperty("grads").EnumerateArray().Select(row => row.EnumerateArray().Select(g => g.ValueKind == JsonValueKind.Null ? null : ReadTensor(g)).ToArray()).ToArray(),
                c.GetProperty("after").EnumerateArray().Select(row => row.EnumerateArray().Select(ReadTensor).ToArray()).ToArray());
            pure.Add(item.Name, item);
        }

        var mlpElement = root.GetProperty("mlp");
        var mlp = new MlpData(ReadTensor(mlpElement.GetProperty("inputs")),
            mlpElement.GetProperty("targets").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            ReadTensors(mlpElement.GetProperty("initial")));
        var mlpCases = mlpElement.GetProperty("cases").EnumerateArray().Select(ReadTrajectory).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var oneCycle = root.GetProperty("onecycle").EnumerateArray().Select(ReadTrajectory).ToDictionary(c => c.Name, StringComparer.Ordinal);
        return (pure, mlp, mlpCases, oneCycle);
    }

    private static TrajectoryCase ReadTrajectory(JsonElement c)
    {
        double[] Doubles(string key) => c.TryGetProperty(key, out var v) ? v.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [];
        return new TrajectoryCase(
            c.GetProperty("name").GetString()!, c.GetProperty("optimizer").GetString()!, c.GetProperty("config").Clone(),
            c.GetProperty("losses").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
            ReadTensors(c.GetProperty("final")),
            c.TryGetProperty("scheduler", out var s) ? s.GetProperty("max_lr").GetDouble() : double.NaN,
            Doubles("lrs"), Doubles("momenta"));
    }

    private static Dictionary<string, OptimTensor> ReadTensors(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => ReadTensor(p.Value), StringComparer.Ordinal);

    private static OptimTensor ReadTensor(JsonElement t) => new(
        t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
        t.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray());
}
