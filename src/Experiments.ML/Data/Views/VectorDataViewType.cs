// VectorDataViewType: a fixed-size float32 vector column, such as Score (one value per class).
namespace Experiments.ML.Data;

/// <summary>
/// A float32 vector column of fixed <see cref="Size"/>, such as a model's Score column with one value per class
/// (ML.NET's <c>VectorDataViewType</c> over <c>Single</c>, one dimension).
/// </summary>
public sealed class VectorDataViewType : DataViewType
{
    public VectorDataViewType(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
    }

    /// <summary>Number of values in the vector.</summary>
    public int Size { get; }

    public override Type ItemType => typeof(float);

    public override bool Equals(DataViewType? other) => other is VectorDataViewType vector && vector.Size == Size;

    public override int GetHashCode() => HashCode.Combine(nameof(VectorDataViewType), Size);

    public override string ToString() => $"Vector<float32, {Size}>";
}
