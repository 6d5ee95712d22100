// CnnTrajectoryGoldenFile: reader of data/cnn_trajectories.json, format "experiments-cnn-trajectory-golden" v1,
// written by Goldens/generate_cnn_trajectory_goldens.py (the layout and the two models are documented at the top of
// that script), and the engine twins of those models.
using System.Text.Json;
using Experiments.Engine.NN;
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.Optim;

/// <summary>One model of the file: its data, its starting state and its optimizer runs by case name.</summary>
public sealed record CnnTrajectoryModel(string Model, OptimTensor Inputs, int[] Targets,
    IReadOnlyDictionary<string, OptimTensor> Initial, IReadOnlyDictionary<string, TrajectoryCase> Cases);

public static class CnnTrajectoryGoldenFile
{
    public const string Format = "experiments-cnn-trajectory-golden";
    public const int Version = 1;

    private static readonly Lazy<(int Steps, Dictionary<string, CnnTrajectoryModel> Models)> Data = new(Read);

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "Goldens", "data", "cnn_trajectories.json");

    /// <summary>Training steps per case (10).</summary>
    public static int Steps => Data.Value.Steps;

    public static IReadOnlyDictionary<string, CnnTrajectoryModel> Models => Data.Value.Models;

    /// <summary>"model/case" for every case of every model, for xunit MemberData.</summary>
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var model in Models.Values)
            foreach (var name in model.Cases.Keys) data.Add($"{model.Model}/{name}");
        return data;
    }

    /// <summary>
    /// The engine twin of the generator's model <paramref name="name"/> (same layer order, so the same state-dict
    /// keys). The initial weights come from the golden, so the init stream only has to exist.
    /// </summary>
    public static Sequential Build(string name)
    {
        var random = new RandomStream(1);
        return name switch
        {
            // (5,1,9,11) → conv p1 → (5,3,9,11) → BN, ReLU → pool 2 → (5,3,4,5) → conv → (5,4,2,3) → ReLU
            // → avg pool 2 stride 1 → (5,4,1,2) → flatten (5,8) → linear (5,3)
            "cnn2d" => new Sequential(
                new Conv2d(1, 3, 3, random, padding: 1, bias: false), new BatchNorm2d(3), new ReLU(), new MaxPool2d(2),
                new Conv2d(3, 4, 3, random), new ReLU(), new AvgPool2d(2, stride: 1), new Flatten(), new Linear(8, 3, random)),
            // (5,2,13) → conv p1 → (5,4,13) → BN, ReLU → pool 2 → (5,4,6) → conv s2 p1 → (5,5,3) → ReLU
            // → flatten (5,15) → linear (5,3)
            "cnn1d" => new Sequential(
                new Conv1d(2, 4, 3, random, padding: 1, bias: false), new BatchNorm1d(4), new ReLU(), new MaxPool1d(2),
                new Conv1d(4, 5, 3, random, stride: 2, padding: 1), new ReLU(), new Flatten(), new Linear(15, 3, random)),
            _ => throw new InvalidDataException($"{FilePath}: unknown model '{name}'; add its twin to CnnTrajectoryGoldenFile.Build."),
        };
    }

    private static (int, Dictionary<string, CnnTrajectoryModel>) Read()
    {
        if (!File.Exists(FilePath))
            throw new FileNotFoundException($"Golden file {FilePath} not found. Run tests/Experiments.Engine.Tests/Goldens/generate_cnn_trajectory_goldens.py and rebuild.", FilePath);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        var root = doc.RootElement;
        string format = root.GetProperty("format").GetString() ?? "";
        int version = root.GetProperty("version").GetInt32();
        if (format != Format || version != Version)
            throw new InvalidDataException($"{FilePath}: format '{format}' version {version}, expected '{Format}' version {Version}. Regenerate with generate_cnn_trajectory_goldens.py or update the reader.");
        var models = new Dictionary<string, CnnTrajectoryModel>(StringComparer.Ordinal);
        foreach (var m in root.GetProperty("models").EnumerateArray())
        {
            var cases = new Dictionary<string, TrajectoryCase>(StringComparer.Ordinal);
            foreach (var c in m.GetProperty("cases").EnumerateArray())
            {
                var item = new TrajectoryCase(
                    c.GetProperty("name").GetString()!, c.GetProperty("optimizer").GetString()!, c.GetProperty("config").Clone(),
                    c.GetProperty("losses").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
                    ReadTensors(c.GetProperty("final")), double.NaN, [], []);
                if (!cases.TryAdd(item.Name, item))
                    throw new InvalidDataException($"{FilePath}: duplicate case '{item.Name}'.");
            }
            var model = new CnnTrajectoryModel(m.GetProperty("model").GetString()!, ReadTensor(m.GetProperty("inputs")),
                m.GetProperty("targets").EnumerateArray().Select(v => v.GetInt32()).ToArray(), ReadTensors(m.GetProperty("initial")), cases);
            if (!models.TryAdd(model.Model, model))
                throw new InvalidDataException($"{FilePath}: duplicate model '{model.Model}'.");
        }
        return (root.GetProperty("steps").GetInt32(), models);
    }

    private static Dictionary<string, OptimTensor> ReadTensors(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => ReadTensor(p.Value), StringComparer.Ordinal);

    private static OptimTensor ReadTensor(JsonElement t)
    {
        int[] shape = t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        float[] data = t.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        long expected = shape.Aggregate(1L, (a, b) => a * b);
        if (data.Length != expected)
            throw new InvalidDataException($"{FilePath}: tensor of shape [{string.Join(", ", shape)}] has {data.Length} values, expected {expected}.");
        return new OptimTensor(shape, data);
    }
}
