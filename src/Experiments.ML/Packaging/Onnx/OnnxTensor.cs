// OnnxTensor: a TensorProto with its data in raw_data (fixed-width little-endian, row-major), as initializers and
// TENSOR attributes store it.
using System.Buffers.Binary;

namespace Experiments.ML.Packaging.Onnx;

/// <summary>A named constant tensor (<c>TensorProto</c>) whose elements are stored little-endian in <c>raw_data</c>.</summary>
public sealed class OnnxTensor
{
    /// <summary>Tensor name (the graph value it defines, for an initializer).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>Dimensions; empty for a scalar.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>The raw little-endian bytes, row-major.</summary>
    public ReadOnlyMemory<byte> RawData { get; }

    internal OnnxTensor(string name, OnnxElementType elementType, long[] dims, byte[] rawData)
    {
        Name = name;
        ElementType = elementType;
        Dims = dims;
        RawData = rawData;
    }

    /// <summary>A float32 tensor; <paramref name="data"/> length must equal the product of <paramref name="dims"/>.</summary>
    public static OnnxTensor FromFloats(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        var raw = new byte[4 * data.Length];
        for (int i = 0; i < data.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), data[i]);
        return new OnnxTensor(name, OnnxElementType.Float, (long[])dims.Clone(), raw);
    }

    /// <summary>An int64 tensor; <paramref name="data"/> length must equal the product of <paramref name="dims"/>.</summary>
    public static OnnxTensor FromInt64s(string name, ReadOnlySpan<long> data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        var raw = new byte[8 * data.Length];
        for (int i = 0; i < data.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8 * i), data[i]);
        return new OnnxTensor(name, OnnxElementType.Int64, (long[])dims.Clone(), raw);
    }

    /// <summary>The elements of a FLOAT tensor.</summary>
    public float[] ToFloats()
    {
        if (ElementType != OnnxElementType.Float)
            throw new ModelPackageException($"expected a FLOAT tensor but it is {ElementType}", Name);
        var span = RawData.Span;
        var result = new float[span.Length / 4];
        for (int i = 0; i < result.Length; i++)
            result[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]);
        return result;
    }

    /// <summary>The elements of an INT64 tensor.</summary>
    public long[] ToInt64s()
    {
        if (ElementType != OnnxElementType.Int64)
            throw new ModelPackageException($"expected an INT64 tensor but it is {ElementType}", Name);
        var span = RawData.Span;
        var result = new long[span.Length / 8];
        for (int i = 0; i < result.Length; i++)
            result[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]);
        return result;
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dims);
        long expected = 1;
        foreach (var d in dims)
        {
            if (d < 0)
                throw new ModelPackageException($"dims [{string.Join(", ", dims)}] have a negative dimension", name);
            expected = checked(expected * d);
        }
        if (expected != count)
            throw new ModelPackageException($"dims [{string.Join(", ", dims)}] hold {expected} elements but {count} values were given", name);
    }
}
