// The small YAML tree the definitions layer works on: mappings (ordered, keys are plain strings), sequences and
// scalars, each with the source mark where it was written. It is built from YamlDotNet's parser events (not its
// representation model) so anchors, aliases, tags and duplicate keys are seen and rejected, and so --set overrides
// can graft nodes whose marks point at the command-line argument they came from.
namespace Experiments.Pipelines.Definitions.Yaml;

/// <summary>Where a node was written: file (or <c>--set</c>), 1-based line and column.</summary>
internal readonly record struct SourceMark(string File, int Line, int Column);

/// <summary>A node of the definition tree.</summary>
internal abstract class YNode(SourceMark mark)
{
    public SourceMark Mark { get; } = mark;

    /// <summary>What the node is, for "expected …; found …" messages.</summary>
    public abstract string Describe();
}

/// <summary>A scalar. <see cref="Plain"/> is true for unquoted plain scalars (only those can be numbers, booleans or null).</summary>
internal sealed class YScalar(SourceMark mark, string value, bool plain) : YNode(mark)
{
    public string Value { get; } = value;
    public bool Plain { get; } = plain;

    /// <summary>A plain empty value, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() =>
        IsNull ? "null (an empty value)" : Plain ? $"'{Value}'" : $"the quoted string \"{Value}\"";
}

/// <summary>A sequence.</summary>
internal sealed class YSequence(SourceMark mark, List<YNode> items) : YNode(mark)
{
    public List<YNode> Items { get; } = items;
    public override string Describe() => $"a list of {Items.Count}";
}

/// <summary>A mapping with unique string keys, in source order.</summary>
internal sealed class YMapping(SourceMark mark, List<KeyValuePair<YScalar, YNode>> entries) : YNode(mark)
{
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = entries;

    public override string Describe() => "a mapping";

    public YNode? Get(string key)
    {
        foreach (var (k, v) in Entries)
            if (k.Value == key) return v;
        return null;
    }

    public YScalar? KeyNode(string key)
    {
        foreach (var (k, _) in Entries)
            if (k.Value == key) return k;
        return null;
    }

    /// <summary>Replaces the value of <paramref name="key"/> (keeping its position) or appends the entry.</summary>
    public void Set(YScalar key, YNode value)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key.Value != key.Value) continue;
            Entries[i] = new(Entries[i].Key, value);
            return;
        }
        Entries.Add(new(key, value));
    }

    public void Remove(string key) => Entries.RemoveAll(e => e.Key.Value == key);

    /// <summary>A shallow copy (entries list copied, nodes shared).</summary>
    public YMapping Copy() => new(Mark, [.. Entries]);
}
