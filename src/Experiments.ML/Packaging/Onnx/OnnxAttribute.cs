// OnnxAttribute: an AttributeProto of one of the kinds a feed-forward classifier needs (FLOAT, INT, STRING,
// TENSOR, FLOATS, INTS). The `type` discriminator is always written, as IR version >= 2 requires.
namespace Experiments.ML.Packaging.Onnx;

/// <summary><c>AttributeProto.AttributeType</c> values from onnx.proto (the subset we write).</summary>
public enum OnnxAttributeType
{
    /// <summary>FLOAT (1).</summary>
    Float = 1,
    /// <summary>INT (2).</summary>
    Int = 2,
    /// <summary>STRING (3).</summary>
    String = 3,
    /// <summary>TENSOR (4).</summary>
    Tensor = 4,
    /// <summary>FLOATS (6).</summary>
    Floats = 6,
    /// <summary>INTS (7).</summary>
    Ints = 7,
}

/// <summary>A named node attribute, e.g. <c>transB=1</c> on Gemm or <c>axis=1</c> on Softmax.</summary>
public sealed record OnnxAttribute
{
    /// <summary>Attribute name.</summary>
    public string Name { get; }

    /// <summary>Which value field is in use.</summary>
    public OnnxAttributeType Type { get; }

    /// <summary>Value of a FLOAT attribute.</summary>
    public float FloatValue { get; private init; }

    /// <summary>Value of an INT attribute.</summary>
    public long IntValue { get; private init; }

    /// <summary>Value of a STRING attribute.</summary>
    public string? StringValue { get; private init; }

    /// <summary>Value of a TENSOR attribute.</summary>
    public OnnxTensor? TensorValue { get; private init; }

    /// <summary>Value of a FLOATS attribute.</summary>
    public IReadOnlyList<float>? FloatsValue { get; private init; }

    /// <summary>Value of an INTS attribute.</summary>
    public IReadOnlyList<long>? IntsValue { get; private init; }

    private OnnxAttribute(string name, OnnxAttributeType type)
    {
        if (string.IsNullOrEmpty(name))
            throw new ModelPackageException("an attribute name is empty; every ONNX attribute needs a name");
        Name = name;
        Type = type;
    }

    /// <summary>A FLOAT attribute (e.g. Gemm's <c>alpha</c>).</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float) { FloatValue = value };

    /// <summary>An INT attribute (e.g. Softmax's <c>axis</c>).</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int) { IntValue = value };

    /// <summary>A STRING attribute (UTF-8).</summary>
    public static OnnxAttribute String(string name, string value) =>
        new(name, OnnxAttributeType.String) { StringValue = value ?? throw new ArgumentNullException(nameof(value)) };

    /// <summary>A TENSOR attribute (e.g. Constant's <c>value</c>).</summary>
    public static OnnxAttribute Tensor(string name, OnnxTensor value) =>
        new(name, OnnxAttributeType.Tensor) { TensorValue = value ?? throw new ArgumentNullException(nameof(value)) };

    /// <summary>A FLOATS attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) =>
        new(name, OnnxAttributeType.Floats) { FloatsValue = (float[])values.Clone() };

    /// <summary>An INTS attribute (e.g. Transpose's <c>perm</c>).</summary>
    public static OnnxAttribute Ints(string name, params long[] values) =>
        new(name, OnnxAttributeType.Ints) { IntsValue = (long[])values.Clone() };
}
