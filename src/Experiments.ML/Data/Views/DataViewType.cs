// DataViewType: the type of one data-view column (ML.NET's DataViewType, kept small).
//
// Types compare by value, so a pipeline can check that the schema one step produces is the schema the next
// step expects before any data moves (ML.NET's GetOutputSchema). The hierarchy is closed to this assembly:
// ImageDataViewType (pixels as float32 in [0, 1]), KeyDataViewType (class labels) and VectorDataViewType
// (float32 vectors such as Score).
namespace Experiments.ML.Data;

/// <summary>
/// The type of a column in a <see cref="DataViewSchema"/> (ML.NET's <c>DataViewType</c>). Compared by value.
/// </summary>
public abstract class DataViewType : IEquatable<DataViewType>
{
    private protected DataViewType() { }

    /// <summary>The .NET type of one element a cursor writes for this column (float for images and vectors, int for keys).</summary>
    public abstract Type ItemType { get; }

    /// <summary>True when <paramref name="other"/> is the same kind of type with the same shape (and class names, for keys).</summary>
    public abstract bool Equals(DataViewType? other);

    public sealed override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    public abstract override int GetHashCode();

    /// <summary>A short description such as <c>Image&lt;float32&gt;[1,28,28]</c>, used in schema error messages.</summary>
    public abstract override string ToString();
}
