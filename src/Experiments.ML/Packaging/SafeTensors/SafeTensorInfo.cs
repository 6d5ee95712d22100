// SafeTensorInfo: one validated header entry of a safetensors file (name, dtype, shape, byte range).
namespace Experiments.ML.Packaging.SafeTensors;

/// <summary>One tensor of a safetensors file: its name, element type, shape and byte range in the buffer.</summary>
/// <param name="Name">Tensor name, e.g. <c>layers.0.weight</c>.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions; empty for a scalar.</param>
/// <param name="Begin">Start of the data, relative to the byte buffer.</param>
/// <param name="End">End (exclusive) of the data, relative to the byte buffer.</param>
public sealed record SafeTensorInfo(string Name, SafeTensorsDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
