// NameRegistry: one explicit YAML-name → value table (optimizers, losses, activations, ...). The binders, the JSON
// Schema and the README's lists all come from these tables; nothing is discovered by reflection.
namespace Experiments.Pipelines.Definitions.Binding;

/// <summary>An ordered name → value table with aliases (e.g. <c>xavier</c> for <c>xavier_uniform</c>).</summary>
internal sealed class NameRegistry<T>
{
    private readonly List<(string Name, T Value, string Description)> _entries;
    private readonly Dictionary<string, string> _aliases;

    public NameRegistry(string what, IEnumerable<(string Name, T Value, string Description)> entries, IReadOnlyDictionary<string, string>? aliases = null)
    {
        What = what;
        _entries = entries.ToList();
        _aliases = new Dictionary<string, string>(aliases ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var target in _aliases.Values)
            if (_entries.All(e => e.Name != target)) throw new ArgumentException($"alias target '{target}' is not a {what}");
    }

    /// <summary>What the names denote, for messages ("optimizer").</summary>
    public string What { get; }

    /// <summary>The canonical names, in table order.</summary>
    public IEnumerable<string> Names => _entries.Select(e => e.Name);

    /// <summary>Canonical names followed by aliases: everything a definition may write.</summary>
    public IEnumerable<string> AcceptedNames => Names.Concat(_aliases.Keys);

    /// <summary>The entries, for documentation.</summary>
    public IReadOnlyList<(string Name, T Value, string Description)> Entries => _entries;

    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    public bool TryGet(string name, out T value)
    {
        if (_aliases.TryGetValue(name, out var target)) name = target;
        foreach (var e in _entries)
        {
            if (e.Name != name) continue;
            value = e.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>The canonical name of <paramref name="value"/>.</summary>
    public string NameOf(T value) =>
        _entries.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Name;

    /// <summary>"expected one of a, b, c; found 'x'. Did you mean 'y'?"</summary>
    public string Unknown(string found) =>
        $"unknown {What} '{found}'; expected one of {string.Join(", ", AcceptedNames)}.{ErrorSink.DidYouMean(found, AcceptedNames)}";
}
