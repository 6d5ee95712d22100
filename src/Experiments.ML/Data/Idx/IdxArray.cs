// IdxArray: the in-memory content of one IDX file: element type, dimensions and the elements as one typed,
// row-major .NET array (byte[] for u8 so images stay compact, sbyte[], short[], int[], float[], double[]).
using System.Collections.ObjectModel;

namespace Experiments.ML.Data.Idx;

/// <summary>
/// An n-dimensional IDX array held in memory. The elements are one flat row-major array of the matching
/// .NET type (the last dimension varies fastest), in machine byte order. The array is shared, not copied:
/// the typed accessors return the same instance each time.
/// </summary>
/// <remarks>
/// Dimensions of size zero are valid (an empty set, e.g. 0x28x28 images); the element count is then 0.
/// At least one and at most 8 dimensions.
/// </remarks>
public sealed class IdxArray
{
    private readonly int[] _dimensions;

    /// <summary>Element type, as stored in the file's type byte.</summary>
    public IdxElementType ElementType { get; }

    /// <summary>Size of each dimension, outermost first (e.g. 60000, 28, 28).</summary>
    public ReadOnlyCollection<int> Dimensions { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <summary>Number of elements: the product of the dimensions.</summary>
    public int ElementCount { get; }

    /// <summary>The elements as a typed array (byte[], sbyte[], short[], int[], float[] or double[]).</summary>
    public Array Data { get; }

    /// <summary>The file or stream name the array was read from, when it was read; used in messages.</summary>
    public string? SourceName { get; }

    public IdxArray(byte[] data, params int[] dimensions) : this(IdxElementType.UInt8, data, dimensions, null) { }
    public IdxArray(sbyte[] data, params int[] dimensions) : this(IdxElementType.Int8, data, dimensions, null) { }
    public IdxArray(short[] data, params int[] dimensions) : this(IdxElementType.Int16, data, dimensions, null) { }
    public IdxArray(int[] data, params int[] dimensions) : this(IdxElementType.Int32, data, dimensions, null) { }
    public IdxArray(float[] data, params int[] dimensions) : this(IdxElementType.Float32, data, dimensions, null) { }
    public IdxArray(double[] data, params int[] dimensions) : this(IdxElementType.Float64, data, dimensions, null) { }

    internal IdxArray(IdxElementType elementType, Array data, int[] dimensions, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (data.GetType() != IdxFormat.ArrayType(elementType))
            throw new ArgumentException($"Element type {IdxFormat.Describe(elementType)} needs a {IdxFormat.ArrayType(elementType).Name}, got {data.GetType().Name}.", nameof(data));
        if (dimensions.Length is 0 or > IdxFormat.MaxRank)
            throw new ArgumentException($"An IDX array has 1 to {IdxFormat.MaxRank} dimensions, got {dimensions.Length}.", nameof(dimensions));
        long count = 1;
        for (int i = 0; i < dimensions.Length; i++)
        {
            if (dimensions[i] < 0)
                throw new ArgumentException($"Dimension {i} is {dimensions[i]}; dimensions must be >= 0 (shape {IdxFormat.Shape(dimensions)}).", nameof(dimensions));
            count = Math.Min(count * dimensions[i], long.MaxValue / int.MaxValue); // saturate, cannot overflow
        }
        if (count != data.Length)
            throw new ArgumentException($"Shape {IdxFormat.Shape(dimensions)} holds {count} elements but the data array has {data.Length}.", nameof(data));

        _dimensions = (int[])dimensions.Clone();
        ElementType = elementType;
        Dimensions = Array.AsReadOnly(_dimensions);
        ElementCount = data.Length;
        Data = data;
        SourceName = sourceName;
    }

    /// <summary>Size of dimension <paramref name="axis"/> (0 = outermost).</summary>
    public int GetDimension(int axis) => _dimensions[axis];

    /// <summary>Total payload size in bytes on disk (element count times element size).</summary>
    public long PayloadBytes => (long)ElementCount * IdxFormat.ElementSize(ElementType);

    /// <summary>The elements of a u8 file. Throws <see cref="DataException"/> for any other type.</summary>
    public byte[] AsBytes() => As<byte>(IdxElementType.UInt8, nameof(AsBytes));

    /// <summary>The elements of an i8 file. Throws <see cref="DataException"/> for any other type.</summary>
    public sbyte[] AsSBytes() => As<sbyte>(IdxElementType.Int8, nameof(AsSBytes));

    /// <summary>The elements of an i16 file. Throws <see cref="DataException"/> for any other type.</summary>
    public short[] AsInt16() => As<short>(IdxElementType.Int16, nameof(AsInt16));

    /// <summary>The elements of an i32 file. Throws <see cref="DataException"/> for any other type.</summary>
    public int[] AsInt32() => As<int>(IdxElementType.Int32, nameof(AsInt32));

    /// <summary>The elements of an f32 file. Throws <see cref="DataException"/> for any other type.</summary>
    public float[] AsSingle() => As<float>(IdxElementType.Float32, nameof(AsSingle));

    /// <summary>The elements of an f64 file. Throws <see cref="DataException"/> for any other type.</summary>
    public double[] AsDouble() => As<double>(IdxElementType.Float64, nameof(AsDouble));

    public override string ToString() => $"IdxArray {IdxFormat.Describe(ElementType)} {IdxFormat.Shape(_dimensions)}";

    private T[] As<T>(IdxElementType wanted, string accessor)
    {
        if (ElementType == wanted) return (T[])Data;
        string source = SourceName is null ? "This IDX array" : $"IDX file '{SourceName}'";
        throw new DataException(
            $"{source} holds {IdxFormat.Describe(ElementType)} elements, but {accessor}() asks for {IdxFormat.Describe(wanted)}. " +
            $"Use {AccessorFor(ElementType)}() for this file, or check that the right file was given.",
            SourceName);
    }

    private static string AccessorFor(IdxElementType type) => type switch
    {
        IdxElementType.UInt8 => nameof(AsBytes),
        IdxElementType.Int8 => nameof(AsSBytes),
        IdxElementType.Int16 => nameof(AsInt16),
        IdxElementType.Int32 => nameof(AsInt32),
        IdxElementType.Float32 => nameof(AsSingle),
        _ => nameof(AsDouble),
    };
}
