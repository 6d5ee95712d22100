// MapView: a YAML mapping read against its SectionSpec. Opening it reports unknown keys (with did-you-mean),
// keys that do not apply to the chosen kind, and missing required keys; the typed getters validate shape and range
// from the same spec and return null when a key is absent or invalid (the caller keeps the record's default).
using Experiments.Pipelines.Definitions.Yaml;

namespace Experiments.Pipelines.Definitions.Binding;

internal sealed class MapView
{
    private readonly SectionSpec _section;

    private MapView(YMapping node, string path, SectionSpec section, ErrorSink errors)
    {
        Node = node;
        Path = path;
        _section = section;
        Errors = errors;
    }

    public YMapping Node { get; }

    public string Path { get; }

    public ErrorSink Errors { get; }

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping of <paramref name="section"/>'s keys. <paramref name="kind"/> (the
    /// chosen optimizer, scheduler, ...) rejects keys whose <see cref="FieldSpec.OnlyFor"/> excludes it;
    /// <paramref name="ignore"/> names keys handled by the caller. Returns null (error recorded) for a non-mapping.
    /// </summary>
    public static MapView? Open(YNode node, string path, SectionSpec section, ErrorSink errors, string? kind = null, IReadOnlyCollection<string>? ignore = null)
    {
        if (node is not YMapping map)
        {
            errors.Add(node, path, $"expected a mapping of {section.Name} keys ({string.Join(", ", section.Names)}); found {ScalarReader.Found(node)}.");
            return null;
        }
        var view = new MapView(map, path, section, errors);
        foreach (var (key, _) in map.Entries)
        {
            if (ignore?.Contains(key.Value) == true) continue;
            var field = section.Field(key.Value);
            if (field is null)
            {
                var known = ignore is null ? section.Names : section.Names.Concat(ignore);
                errors.Add(key, view.PathOf(key.Value),
                    $"unknown key '{key.Value}' in {section.Name}; expected one of {string.Join(", ", known)}.{ErrorSink.DidYouMean(key.Value, known)}");
            }
            else if (kind is not null && field.OnlyFor is { } only && !only.Contains(kind))
            {
                errors.Add(key, view.PathOf(key.Value),
                    $"'{key.Value}' does not apply to {section.Name} '{kind}' (it is used by {string.Join(", ", only)}); remove it or change the kind.");
            }
        }
        foreach (var field in section.Fields.Where(f => f.Required && map.Get(f.Name) is null))
            errors.Add(map, path, $"missing required key '{field.Name}' ({field.Description}).");
        return view;
    }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => Node.Get(key) is not null;

    /// <summary>The value node of <paramref name="key"/>, or null when absent.</summary>
    public YNode? Get(string key) => Node.Get(key);

    /// <summary>The value node, or null when absent or written as null on a nullable key.</summary>
    private YNode? Value(string key, out FieldSpec spec)
    {
        spec = _section.Field(key) ?? throw new InvalidOperationException($"{_section.Name} declares no key '{key}'");
        var node = Node.Get(key);
        if (node is YScalar { IsNull: true } && spec.Nullable) return null;
        return node;
    }

    /// <summary>True when the key is written as null (the "off" value of nullable keys).</summary>
    public bool IsNull(string key) => Node.Get(key) is YScalar { IsNull: true };

    public double? Number(string key) =>
        Value(key, out var spec) is { } node ? ScalarReader.Number(node, PathOf(key), spec, Errors) : null;

    public int? Integer(string key) =>
        Value(key, out var spec) is { } node ? ScalarReader.Integer(node, PathOf(key), spec, Errors) : null;

    public bool? Boolean(string key) =>
        Value(key, out _) is { } node ? ScalarReader.Boolean(node, PathOf(key), Errors) : null;

    public string? String(string key) =>
        Value(key, out _) is { } node ? ScalarReader.String(node, PathOf(key), Errors) : null;

    public ulong? Seed(string key) =>
        Value(key, out _) is { } node ? ScalarReader.Seed(node, PathOf(key), Errors) : null;

    public List<int>? Integers(string key) =>
        Value(key, out var spec) is { } node ? ScalarReader.Integers(node, PathOf(key), spec, Errors) : null;

    /// <summary>A registry name; false when absent or invalid.</summary>
    public bool TryChoice<T>(string key, NameRegistry<T> registry, out T value)
    {
        value = default!;
        return Value(key, out _) is { } node && ScalarReader.TryChoice(node, PathOf(key), registry, Errors, out value);
    }

    /// <summary>A number or [min, max] (both within the spec's bounds); a single number is returned as (v, null).</summary>
    public (double First, double? Second)? NumberOrRange(string key)
    {
        if (Value(key, out var spec) is not { } node) return null;
        if (node is YSequence)
        {
            var pair = ScalarReader.Numbers(node, PathOf(key), spec, Errors, exactCount: 2);
            if (pair is null) return null;
            if (pair[0] > pair[1])
            {
                Errors.Add(node, PathOf(key), $"expected [min, max] with min ≤ max; found [{ScalarReader.Format(pair[0])}, {ScalarReader.Format(pair[1])}].");
                return null;
            }
            return (pair[0], pair[1]);
        }
        if (!ScalarReader.TryNumber(node, out _))
        {
            Errors.Add(node, PathOf(key), $"expected a number or [min, max]; found {ScalarReader.Found(node)}.");
            return null;
        }
        return ScalarReader.Number(node, PathOf(key), spec, Errors) is { } v ? (v, null) : null;
    }

    /// <summary>[a, b] numbers.</summary>
    public (double A, double B)? Pair(string key)
    {
        if (Value(key, out var spec) is not { } node) return null;
        var pair = ScalarReader.Numbers(node, PathOf(key), spec, Errors, exactCount: 2);
        return pair is null ? null : (pair[0], pair[1]);
    }

    /// <summary>A list of numbers of any length (or, when <paramref name="allowScalar"/>, one number).</summary>
    public List<double>? Numbers(string key, bool allowScalar = false)
    {
        if (Value(key, out var spec) is not { } node) return null;
        if (allowScalar && node is YScalar)
            return ScalarReader.Number(node, PathOf(key), spec, Errors) is { } v ? [v] : null;
        return ScalarReader.Numbers(node, PathOf(key), spec, Errors);
    }
}
