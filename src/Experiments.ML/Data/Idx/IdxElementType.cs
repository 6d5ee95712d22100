// IdxElementType: the element types an IDX file can hold, with the byte code the file stores in its
// third magic byte (00 00 <type> <ndims>).
namespace Experiments.ML.Data.Idx;

/// <summary>
/// Element type of an IDX file. The value is the type byte stored in the file header
/// (LeCun's IDX description: 0x08 unsigned byte ... 0x0E double). Multi-byte types are big-endian on disk.
/// </summary>
public enum IdxElementType : byte
{
    /// <summary>Unsigned 8-bit integer (<see cref="byte"/>). MNIST images and labels use this.</summary>
    UInt8 = 0x08,

    /// <summary>Signed 8-bit integer (<see cref="sbyte"/>).</summary>
    Int8 = 0x09,

    /// <summary>Signed 16-bit integer (<see cref="short"/>), big-endian on disk.</summary>
    Int16 = 0x0B,

    /// <summary>Signed 32-bit integer (<see cref="int"/>), big-endian on disk.</summary>
    Int32 = 0x0C,

    /// <summary>IEEE 754 single (<see cref="float"/>), big-endian on disk.</summary>
    Float32 = 0x0D,

    /// <summary>IEEE 754 double (<see cref="double"/>), big-endian on disk.</summary>
    Float64 = 0x0E,
}
