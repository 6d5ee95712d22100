// StateDict: the ordered name -> tensor map of a module's parameters and persistent buffers (PyTorch's
// state_dict OrderedDict). Keys are hierarchical, e.g. "layers.0.weight"; order is registration order.
namespace Experiments.Engine.NN;

/// <summary>An insertion-ordered map from state keys (e.g. <c>layers.0.weight</c>) to tensors.</summary>
public sealed class StateDict : IReadOnlyDictionary<string, Tensor>
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, Tensor> _values = new(StringComparer.Ordinal);

    /// <summary>Adds an entry; keys are unique.</summary>
    public void Add(string key, Tensor value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_values.TryAdd(key, value))
            throw new ArgumentException($"The state dict already has a key '{key}'.", nameof(key));
        _keys.Add(key);
    }

    /// <summary>A deep copy: same keys, tensors with copied values (for checkpoints that must not change).</summary>
    public StateDict Clone()
    {
        var copy = new StateDict();
        foreach (var key in _keys) copy.Add(key, _values[key].Clone());
        return copy;
    }

    public Tensor this[string key] => _values.TryGetValue(key, out var t) ? t
        : throw new KeyNotFoundException($"The state dict has no key '{key}'. Keys: {string.Join(", ", _keys)}.");

    public IEnumerable<string> Keys => _keys;
    public IEnumerable<Tensor> Values => _keys.Select(k => _values[k]);
    public int Count => _keys.Count;
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor value) => _values.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => _keys.Select(k => new KeyValuePair<string, Tensor>(k, _values[k])).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
