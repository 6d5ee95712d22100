// JsonFields: strict reading of one JSON object. Every key must be read exactly once by the caller or it is
// reported as unknown (Finish); required keys that are absent, wrong value kinds and out-of-range numbers raise a
// ModelJsonException naming the JSON path and the fix. Used by ModelJson and the model package manifest.
using System.Text.Json;

namespace Experiments.ML.Models;

/// <summary>One JSON object read strictly: tracks which keys were consumed so unknown keys are errors.</summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public JsonFields(JsonElement element, string path)
    {
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
            throw new ModelJsonException(path, $"expected a JSON object; found {Describe(element)}.");
        foreach (var property in element.EnumerateObject())
            if (!_values.TryAdd(property.Name, property.Value))
                throw new ModelJsonException($"{path}.{property.Name}", "the key appears twice; keep one.");
    }

    /// <summary>The JSON path of this object, e.g. <c>$.architecture</c>.</summary>
    public string Path { get; }

    /// <summary>The path of a key inside this object.</summary>
    public string At(string key) => $"{Path}.{key}";

    /// <summary>The value of a required key; a missing key is an error.</summary>
    public JsonElement Required(string key)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out var value)
            ? value
            : throw new ModelJsonException(At(key), $"the required key is missing; add \"{key}\" to the object at {Path}.");
    }

    /// <summary>The value of an optional key, or null when absent or JSON null.</summary>
    public JsonElement? Optional(string key)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    /// <summary>Whether the object holds the key (even with a null value).</summary>
    public bool Has(string key) => _values.ContainsKey(key);

    public string String(string key) => String(Required(key), At(key));
    public string? OptionalString(string key) => Optional(key) is { } v ? String(v, At(key)) : null;
    public int Int(string key) => Int(Required(key), At(key));
    public int Int(string key, int fallback) => Optional(key) is { } v ? Int(v, At(key)) : fallback;
    public int? OptionalInt(string key) => Optional(key) is { } v ? Int(v, At(key)) : null;
    public double Double(string key) => Double(Required(key), At(key));
    public double Double(string key, double fallback) => Optional(key) is { } v ? Double(v, At(key)) : fallback;
    public double? OptionalDouble(string key) => Optional(key) is { } v ? Double(v, At(key)) : null;
    public bool Bool(string key, bool fallback) => Optional(key) is { } v ? Bool(v, At(key)) : fallback;
    public ulong ULong(string key) => ULong(Required(key), At(key));
    public ulong ULong(string key, ulong fallback) => Optional(key) is { } v ? ULong(v, At(key)) : fallback;

    /// <summary>Throws for the first key that no accessor asked for.</summary>
    public void Finish(params string[] hintKeys)
    {
        foreach (var key in _values.Keys)
            if (!_read.Contains(key))
            {
                var known = string.Join(", ", _read.Concat(hintKeys).Distinct().Order(StringComparer.Ordinal));
                throw new ModelJsonException(At(key), $"unknown key \"{key}\"; the keys allowed here are: {known}. Remove it or fix its spelling.");
            }
    }

    public static string String(JsonElement value, string path) => value.ValueKind == JsonValueKind.String
        ? value.GetString()!
        : throw new ModelJsonException(path, $"expected a string; found {Describe(value)}.");

    public static int Int(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw new ModelJsonException(path, $"expected a 32-bit integer; found {Describe(value)}.");

    public static ulong ULong(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var u)
            ? u
            : throw new ModelJsonException(path, $"expected a non-negative 64-bit integer; found {Describe(value)}.");

    public static double Double(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new ModelJsonException(path, $"expected a finite number; found {Describe(value)}.");

    public static bool Bool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ModelJsonException(path, $"expected true or false; found {Describe(value)}."),
    };

    /// <summary>The items of a JSON array, each read by <paramref name="item"/> with its indexed path.</summary>
    public static List<T> Array<T>(JsonElement value, string path, Func<JsonElement, string, T> item)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw new ModelJsonException(path, $"expected a JSON array; found {Describe(value)}.");
        var list = new List<T>();
        var i = 0;
        foreach (var element in value.EnumerateArray())
            list.Add(item(element, $"{path}[{i++}]"));
        return list;
    }

    /// <summary>A short description of a value for error messages: its kind and, for scalars, its text.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
