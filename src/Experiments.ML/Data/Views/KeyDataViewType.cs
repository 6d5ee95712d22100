// KeyDataViewType: a class-label column, an int in 0..Count-1 with a name per class.
//
// ML.NET keys are 1-based uint with 0 meaning "missing"; ours are 0-based int, the class indices PyTorch's
// CrossEntropyLoss expects, and there is no missing value.
namespace Experiments.ML.Data;

/// <summary>
/// A key (class label) column: an int in 0..<see cref="Count"/>-1, with <see cref="ClassNames"/> giving the name of each
/// value (ML.NET's <c>KeyDataViewType</c> with its key-value annotations, 0-based).
/// </summary>
public sealed class KeyDataViewType : DataViewType
{
    private readonly string[] _classNames;

    /// <summary>Creates a key type with one value per class name; names must be non-blank and distinct.</summary>
    public KeyDataViewType(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0)
            throw new ArgumentException("A key type needs at least one class name; got an empty list.", nameof(classNames));
        var names = new string[classNames.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            string? name = classNames[i];
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"Class name {i} is {(name is null ? "null" : $"'{name}'")}; every class needs a non-blank name.", nameof(classNames));
            if (seen.TryGetValue(name, out int first))
                throw new ArgumentException($"Class name '{name}' appears twice (classes {first} and {i}); class names must be distinct.", nameof(classNames));
            seen.Add(name, i);
            names[i] = name;
        }
        _classNames = names;
    }

    /// <summary>Number of classes; values are 0..Count-1.</summary>
    public int Count => _classNames.Length;

    /// <summary>The name of each class, by value.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    public override Type ItemType => typeof(int);

    public override bool Equals(DataViewType? other) =>
        other is KeyDataViewType key && key._classNames.AsSpan().SequenceEqual(_classNames);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(nameof(KeyDataViewType));
        foreach (string name in _classNames) hash.Add(name, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public override string ToString() => $"Key<int32, {Count}>";
}
