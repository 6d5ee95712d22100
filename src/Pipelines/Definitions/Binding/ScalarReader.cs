// ScalarReader: typed reads of single YAML values with the strict rules of a definition. Numbers, booleans and null
// are plain (unquoted) scalars only; booleans are exactly true/false (YAML 1.1's yes/no/on/off are rejected with an
// explanation, since YAML 1.2 and most tools read them as strings); numbers must be finite. Every failure is
// recorded in the ErrorSink with expected vs found, and the read returns null so binding continues.
using System.Globalization;
using Experiments.Pipelines.Definitions.Yaml;

namespace Experiments.Pipelines.Definitions.Binding;

internal static class ScalarReader
{
    private static readonly HashSet<string> Yaml11Booleans =
        new(["yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF", "Y", "N", "True", "False", "TRUE", "FALSE"], StringComparer.Ordinal);

    public static double? Number(YNode node, string path, FieldSpec? spec, ErrorSink errors)
    {
        if (!TryNumber(node, out var value))
        {
            errors.Add(node, path, $"expected a number{Bounds(spec)}; found {Found(node)}.");
            return null;
        }
        if (spec is not null && !spec.InRange(value))
        {
            errors.Add(node, path, $"expected a number {spec.RangeText()}; found {Format(value)}.");
            return null;
        }
        return value;
    }

    public static int? Integer(YNode node, string path, FieldSpec? spec, ErrorSink errors)
    {
        if (!TryInteger(node, out var value) || value is < int.MinValue or > int.MaxValue)
        {
            errors.Add(node, path, $"expected an integer{Bounds(spec)}; found {Found(node)}.");
            return null;
        }
        if (spec is not null && !spec.InRange(value))
        {
            errors.Add(node, path, $"expected an integer {spec.RangeText()}; found {value}.");
            return null;
        }
        return (int)value;
    }

    /// <summary>A seed: an integer in [0, 2^64).</summary>
    public static ulong? Seed(YNode node, string path, ErrorSink errors)
    {
        if (node is YScalar { Plain: true } s && ulong.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            return seed;
        errors.Add(node, path, $"expected a seed (an integer ≥ 0); found {Found(node)}.");
        return null;
    }

    public static bool? Boolean(YNode node, string path, ErrorSink errors)
    {
        if (node is YScalar { Plain: true } s)
        {
            if (s.Value == "true") return true;
            if (s.Value == "false") return false;
            if (Yaml11Booleans.Contains(s.Value))
            {
                errors.Add(node, path, $"expected true or false; found '{s.Value}'. YAML 1.1 read '{s.Value}' as a boolean, YAML 1.2 (and this loader) does not, so it is ambiguous; write {(s.Value.ToLowerInvariant() is "yes" or "on" or "y" or "true" ? "true" : "false")}.");
                return null;
            }
        }
        errors.Add(node, path, $"expected true or false; found {Found(node)}.");
        return null;
    }

    public static string? String(YNode node, string path, ErrorSink errors)
    {
        if (node is YScalar s && !s.IsNull) return s.Value;
        errors.Add(node, path, $"expected a string; found {Found(node)}.");
        return null;
    }

    /// <summary>A name from <paramref name="registry"/>, with a did-you-mean when unknown.</summary>
    public static bool TryChoice<T>(YNode node, string path, NameRegistry<T> registry, ErrorSink errors, out T value)
    {
        value = default!;
        if (node is not YScalar s || s.IsNull)
        {
            errors.Add(node, path, $"expected a {registry.What} name ({string.Join(", ", registry.AcceptedNames)}); found {Found(node)}.");
            return false;
        }
        if (registry.TryGet(s.Value, out value)) return true;
        errors.Add(node, path, registry.Unknown(s.Value));
        return false;
    }

    /// <summary>A list of numbers (each checked against <paramref name="spec"/>'s bounds).</summary>
    public static List<double>? Numbers(YNode node, string path, FieldSpec? spec, ErrorSink errors, int? exactCount = null)
    {
        if (node is not YSequence seq || (exactCount is { } n && seq.Items.Count != n))
        {
            var expected = exactCount is { } count ? $"a list of {count} numbers" : "a list of numbers";
            errors.Add(node, path, $"expected {expected}{Bounds(spec)}; found {Found(node)}.");
            return null;
        }
        var values = new List<double>();
        var ok = true;
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var v = Number(seq.Items[i], $"{path}[{i}]", spec, errors);
            if (v is null) ok = false;
            else values.Add(v.Value);
        }
        return ok ? values : null;
    }

    /// <summary>A list of integers (each checked against <paramref name="spec"/>'s bounds).</summary>
    public static List<int>? Integers(YNode node, string path, FieldSpec? spec, ErrorSink errors)
    {
        if (node is not YSequence seq)
        {
            errors.Add(node, path, $"expected a list of integers{Bounds(spec)}; found {Found(node)}.");
            return null;
        }
        var values = new List<int>();
        var ok = true;
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var v = Integer(seq.Items[i], $"{path}[{i}]", spec, errors);
            if (v is null) ok = false;
            else values.Add(v.Value);
        }
        return ok ? values : null;
    }

    public static bool TryNumber(YNode node, out double value)
    {
        value = 0;
        return node is YScalar { Plain: true } s && s.Value.Length > 0 && (char.IsAsciiDigit(s.Value[0]) || s.Value[0] is '-' or '+' or '.')
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static bool TryInteger(YNode node, out long value)
    {
        value = 0;
        return node is YScalar { Plain: true } s && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>How a found value reads in a message, with the fix for quoted numbers and YAML 1.1 booleans.</summary>
    public static string Found(YNode node)
    {
        if (node is YScalar { Plain: false } quoted && double.TryParse(quoted.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return $"the quoted string \"{quoted.Value}\" (remove the quotes to make it a number)";
        return node.Describe();
    }

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Bounds(FieldSpec? spec) => spec?.RangeText() is { Length: > 0 } r ? " " + r : "";
}
