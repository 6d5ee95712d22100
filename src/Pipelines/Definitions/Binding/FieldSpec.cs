// FieldSpec and SectionSpec: the declared shape of every key a definition may write (name, value shape, range,
// default, description). The binders validate against them (unknown keys, types, ranges) and PipelineSchema turns
// the same declarations into the JSON Schema, so the editor's view and the loader's cannot drift apart.
using System.Text.Json.Nodes;

namespace Experiments.Pipelines.Definitions.Binding;

/// <summary>The shape of a value as written in YAML.</summary>
internal enum ValueShape
{
    /// <summary>A plain integer.</summary>
    Integer,
    /// <summary>A plain number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Flag,
    /// <summary>Any string.</summary>
    Text,
    /// <summary>One of <see cref="FieldSpec.Choices"/>.</summary>
    Choice,
    /// <summary>A number or a list of numbers (per-channel values).</summary>
    NumberOrList,
    /// <summary>A number or [min, max].</summary>
    NumberOrRange,
    /// <summary>[min, max].</summary>
    Range,
    /// <summary>A list of integers.</summary>
    IntegerList,
    /// <summary>An integer or [a, b].</summary>
    IntegerOrPair,
    /// <summary>[a, b] numbers.</summary>
    NumberPair,
    /// <summary>A number, [min, max] or [xmin, xmax, ymin, ymax].</summary>
    Shear,
    /// <summary>Anything the <see cref="FieldSpec.Schema"/> function describes (mappings, lists, unions).</summary>
    Custom,
}

/// <summary>One key of a section.</summary>
internal sealed record FieldSpec(string Name, ValueShape Shape, string Description)
{
    /// <summary>Inclusive lower bound (or exclusive with <see cref="ExclusiveMin"/>).</summary>
    public double? Min { get; init; }

    /// <summary>Inclusive upper bound (or exclusive with <see cref="ExclusiveMax"/>).</summary>
    public double? Max { get; init; }

    public bool ExclusiveMin { get; init; }

    public bool ExclusiveMax { get; init; }

    /// <summary>Must be present.</summary>
    public bool Required { get; init; }

    /// <summary>May be written as null (an empty value) to mean "off".</summary>
    public bool Nullable { get; init; }

    /// <summary>The default as documented (YAML text), or null when there is none.</summary>
    public string? Default { get; init; }

    /// <summary>The accepted names for <see cref="ValueShape.Choice"/>.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The kinds this key applies to (e.g. <c>momentum</c> only for sgd-momentum optimizers); null = all.</summary>
    public IReadOnlyList<string>? OnlyFor { get; init; }

    /// <summary>The JSON Schema of a <see cref="ValueShape.Custom"/> value.</summary>
    public Func<JsonObject>? Schema { get; init; }

    /// <summary>"≥ 0", "in (0, 1]", or "" when unbounded.</summary>
    public string RangeText()
    {
        static string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (Min is { } lo && Max is { } hi)
            return $"in {(ExclusiveMin ? "(" : "[")}{F(lo)}, {F(hi)}{(ExclusiveMax ? ")" : "]")}";
        if (Min is { } min) return ExclusiveMin ? $"> {F(min)}" : $"≥ {F(min)}";
        if (Max is { } max) return ExclusiveMax ? $"< {F(max)}" : $"≤ {F(max)}";
        return "";
    }

    /// <summary>True when <paramref name="v"/> lies within the bounds.</summary>
    public bool InRange(double v) =>
        (Min is not { } lo || (ExclusiveMin ? v > lo : v >= lo)) && (Max is not { } hi || (ExclusiveMax ? v < hi : v <= hi));
}

/// <summary>A mapping's declared keys (e.g. <c>optimizer</c>, or one augmentation kind).</summary>
internal sealed record SectionSpec(string Name, string Description, IReadOnlyList<FieldSpec> Fields)
{
    /// <summary>For kind-discriminated mappings (a model kind, an augmentation kind): the value of <c>kind</c>.</summary>
    public string? Kind { get; init; }

    public FieldSpec? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public IEnumerable<string> Names => Fields.Select(f => f.Name);
}
