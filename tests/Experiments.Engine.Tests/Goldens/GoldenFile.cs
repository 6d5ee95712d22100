// GoldenFile: reader of the "experiments-golden" v1 files written by generate_goldens.py (the layout is
// documented at the top of that script). Refuses other formats and versions with a hint to regenerate.
using System.Collections.Concurrent;
using System.Text.Json;

namespace Experiments.Engine.Tests.Goldens;

/// <summary>A tensor as stored in a golden file: shape and row-major values.</summary>
public sealed record GoldenTensor(int[] Shape, float[] Data)
{
    /// <summary>A fresh engine tensor with these values.</summary>
    public Tensor ToTensor() => Shape.Length == 0 ? Tensor.Scalar(Data[0]) : Tensor.FromArray(Data, Shape);
}

/// <summary>One golden case (see generate_goldens.py for the meaning of each field).</summary>
public sealed record GoldenCase(
    string Family, string Name, string Op, JsonElement Attrs,
    IReadOnlyDictionary<string, GoldenTensor> Inputs, IReadOnlyDictionary<string, GoldenTensor> Params,
    int[]? Targets, GoldenTensor Output, GoldenTensor Upstream, IReadOnlyDictionary<string, GoldenTensor> Grads)
{
    public int Int(string attr) => Attrs.GetProperty(attr).GetInt32();
    public double Double(string attr) => Attrs.GetProperty(attr).GetDouble();
    public bool Bool(string attr) => Attrs.GetProperty(attr).GetBoolean();
    public override string ToString() => $"{Family}/{Name}";
}

public static class GoldenFile
{
    public const string Format = "experiments-golden";
    public const int Version = 1;
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, GoldenCase>> Cache = new();

    /// <summary>The folder holding the family files (copied next to the test assembly).</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Goldens", "data");

    /// <summary>All cases of <paramref name="family"/> by name.</summary>
    public static IReadOnlyDictionary<string, GoldenCase> Load(string family) => Cache.GetOrAdd(family, Read);

    /// <summary>Case names of a family, for xunit MemberData.</summary>
    public static TheoryData<string> CaseNames(string family)
    {
        var data = new TheoryData<string>();
        foreach (var name in Load(family).Keys) data.Add(name);
        return data;
    }

    private static IReadOnlyDictionary<string, GoldenCase> Read(string family)
    {
        string path = Path.Combine(Folder, family + ".json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Golden file {path} not found. Run tests/Experiments.Engine.Tests/Goldens/generate_goldens.py and rebuild.", path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        string format = root.GetProperty("format").GetString() ?? "";
        int version = root.GetProperty("version").GetInt32();
        if (format != Format || version != Version)
            throw new InvalidDataException($"{path}: format '{format}' version {version}, expected '{Format}' version {Version}. Regenerate with generate_goldens.py or update the reader.");
        var cases = new Dictionary<string, GoldenCase>(StringComparer.Ordinal);
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var golden = new GoldenCase(
                family,
                c.GetProperty("name").GetString()!,
                c.GetProperty("op").GetString()!,
                c.GetProperty("attrs").Clone(),
                Tensors(c.GetProperty("inputs")),
                Tensors(c.GetProperty("params")),
                c.GetProperty("targets").ValueKind == JsonValueKind.Null ? null : c.GetProperty("targets").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
                ReadTensor(c.GetProperty("output")),
                ReadTensor(c.GetProperty("upstream")),
                Tensors(c.GetProperty("grads")));
            if (!cases.TryAdd(golden.Name, golden))
                throw new InvalidDataException($"{path}: duplicate case name '{golden.Name}'.");
        }
        return cases;
    }

    private static Dictionary<string, GoldenTensor> Tensors(JsonElement obj)
    {
        var result = new Dictionary<string, GoldenTensor>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject()) result.Add(p.Name, ReadTensor(p.Value));
        return result;
    }

    private static GoldenTensor ReadTensor(JsonElement t)
    {
        int[] shape = t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        float[] data = t.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        long expected = shape.Aggregate(1L, (a, b) => a * b);
        if (data.Length != expected)
            throw new InvalidDataException($"Golden tensor of shape [{string.Join(", ", shape)}] has {data.Length} values, expected {expected}.");
        return new GoldenTensor(shape, data);
    }
}
