// OnnxDim: one dimension of a TensorShapeProto: a fixed size (dim_value) or a symbolic name (dim_param, e.g. "N").
namespace Experiments.ML.Packaging.Onnx;

/// <summary>
/// One dimension of a graph input/output shape: a known size (<c>dim_value</c>) or a named unknown size
/// (<c>dim_param</c>, e.g. <c>"N"</c> for the batch). Converts implicitly from <see cref="long"/> and <see cref="string"/>.
/// </summary>
public readonly record struct OnnxDim
{
    /// <summary>The fixed size, or null for a symbolic dimension.</summary>
    public long? Value { get; }

    /// <summary>The symbolic name, or null for a fixed dimension.</summary>
    public string? Param { get; }

    private OnnxDim(long? value, string? param)
    {
        Value = value;
        Param = param;
    }

    /// <summary>A fixed size (≥ 0).</summary>
    public static OnnxDim Fixed(long value) => value >= 0
        ? new(value, null)
        : throw new ModelPackageException($"a dimension is {value}; fixed dimensions must be >= 0 (use a symbolic name such as \"N\" for unknown sizes)");

    /// <summary>A symbolic dimension (non-empty name).</summary>
    public static OnnxDim Symbolic(string name) => !string.IsNullOrEmpty(name)
        ? new(null, name)
        : throw new ModelPackageException("a symbolic dimension has an empty name; use a name such as \"N\"");

    public static implicit operator OnnxDim(long value) => Fixed(value);
    public static implicit operator OnnxDim(string name) => Symbolic(name);

    /// <inheritdoc/>
    public override string ToString() => Param ?? Value?.ToString() ?? "?";
}
