// A JsonElement with its JSON path and file, so every read error says where it is, what was expected and what
// was found: "run-1/report.json: $.testMetrics.microAccuracy: expected a number in [0, 1], found 1.5".
using System.Globalization;
using System.Text.Json;

namespace Experiments.Reports.Json;

/// <summary>A JSON value being read, with its path for error messages.</summary>
internal readonly struct JsonValue(JsonElement element, string path, string file)
{
    public JsonElement Element => element;
    public string Path => path;

    public ReportException Error(string expected, string? fix = null) =>
        new($"{path}: expected {expected}, found {Describe(element)}.{(fix is null ? "" : " " + fix)}", file);

    public JsonValue Property(string name)
    {
        var obj = Object();
        if (!obj.TryGetProperty(name, out var value))
            throw new ReportException($"{path}: the required field \"{name}\" is missing.", file);
        return new JsonValue(value, $"{path}.{name}", file);
    }

    public JsonElement Object() => element.ValueKind == JsonValueKind.Object ? element : throw Error("an object");

    public IEnumerable<JsonValue> Items()
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw Error("an array");
        int i = 0;
        foreach (var item in element.EnumerateArray())
            yield return new JsonValue(item, $"{path}[{i++}]", file);
    }

    public IEnumerable<(string Name, JsonValue Value)> Properties()
    {
        foreach (var p in Object().EnumerateObject())
            yield return (p.Name, new JsonValue(p.Value, $"{path}.{p.Name}", file));
    }

    public string String() => element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Error("a string");

    public string? NullableString() => element.ValueKind == JsonValueKind.Null ? null : String();

    public string NonEmptyString()
    {
        string s = String();
        return s.Length > 0 ? s : throw Error("a non-empty string");
    }

    public long Long(long min = long.MinValue, long max = long.MaxValue)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long v))
            throw Error("an integer");
        if (v < min || v > max)
            throw Error($"an integer in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        return v;
    }

    public int Int(int min = int.MinValue, int max = int.MaxValue) => (int)Long(min, max);

    /// <summary>A number, or NaN for null when <paramref name="nullIsNaN"/> (the writer's encoding of a non-finite value).</summary>
    public double Double(double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool nullIsNaN = false)
    {
        if (nullIsNaN && element.ValueKind == JsonValueKind.Null)
            return double.NaN;
        if (element.ValueKind != JsonValueKind.Number)
            throw Error(nullIsNaN ? "a number or null" : "a number");
        double v = element.GetDouble();
        if (v < min || v > max)
            throw Error($"a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        return v;
    }

    public double? NullableDouble(double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        element.ValueKind == JsonValueKind.Null ? null : Double(min, max);

    public double[] Doubles(int? count = null, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool nullIsNaN = false)
    {
        var values = Items().Select(v => v.Double(min, max, nullIsNaN)).ToArray();
        CheckCount(values.Length, count);
        return values;
    }

    public int[] Ints(int? count, int min, int max)
    {
        var values = Items().Select(v => v.Int(min, max)).ToArray();
        CheckCount(values.Length, count);
        return values;
    }

    public void CheckCount(int found, int? expected, string? what = null)
    {
        if (expected is int n && found != n)
            throw new ReportException($"{path}: expected {n} {what ?? "values"}, found {found}.", file);
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        _ => element.ValueKind.ToString(),
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
