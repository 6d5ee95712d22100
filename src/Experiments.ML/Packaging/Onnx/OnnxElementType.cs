// OnnxElementType: the TensorProto.DataType values (onnx/onnx.proto) this package writes and reads.
namespace Experiments.ML.Packaging.Onnx;

/// <summary>Element type of an ONNX tensor; values are <c>TensorProto.DataType</c> from onnx.proto.</summary>
public enum OnnxElementType
{
    /// <summary>UNDEFINED (0): not a valid element type; seen only in malformed models.</summary>
    Undefined = 0,
    /// <summary>FLOAT (1): float32.</summary>
    Float = 1,
    /// <summary>UINT8 (2).</summary>
    UInt8 = 2,
    /// <summary>INT8 (3).</summary>
    Int8 = 3,
    /// <summary>INT32 (6).</summary>
    Int32 = 6,
    /// <summary>INT64 (7): what ArgMax returns.</summary>
    Int64 = 7,
    /// <summary>BOOL (9).</summary>
    Bool = 9,
    /// <summary>DOUBLE (11).</summary>
    Double = 11,
}
