// IdxFormat: the IDX byte layout in one place (header sizes, limits, element sizes and names), shared by
// IdxReader, IdxWriter and IdxArray.
//
// Byte layout of an IDX file (all multi-byte integers big-endian):
//
//   offset  size        field
//   0       1           0x00
//   1       1           0x00
//   2       1           type   (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64)
//   3       1           ndims  (1..MaxRank)
//   4       4*ndims     dims[0..ndims-1], u32 each
//   4+4*nd  E*prod(d)   data, row-major (last dimension fastest), each element big-endian, E = element size
//
// Nothing follows the data. The whole file may be gzip-compressed (RFC 1952); readers detect that from the
// first two bytes 1F 8B, never from the file name.
namespace Experiments.ML.Data.Idx;

internal static class IdxFormat
{
    /// <summary>Most dimensions we accept. Real files use 1 (labels) to 4; more is almost surely garbage.</summary>
    public const int MaxRank = 8;

    /// <summary>Bytes before the dimensions: 00 00 type ndims.</summary>
    public const int MagicSize = 4;

    /// <summary>Size in bytes of one element of <paramref name="type"/>.</summary>
    public static int ElementSize(IdxElementType type) => type switch
    {
        IdxElementType.UInt8 or IdxElementType.Int8 => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Float32 => 4,
        IdxElementType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX element type."),
    };

    public static bool IsDefined(byte code) => code is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E;

    /// <summary>Short name used in messages: "u8 (byte)", "f32 (float)".</summary>
    public static string Describe(IdxElementType type) => type switch
    {
        IdxElementType.UInt8 => "u8 (0x08, byte)",
        IdxElementType.Int8 => "i8 (0x09, sbyte)",
        IdxElementType.Int16 => "i16 (0x0B, short)",
        IdxElementType.Int32 => "i32 (0x0C, int)",
        IdxElementType.Float32 => "f32 (0x0D, float)",
        IdxElementType.Float64 => "f64 (0x0E, double)",
        _ => $"0x{(byte)type:X2}",
    };

    /// <summary>".NET array type" for a type: byte[], short[] ...</summary>
    public static Type ArrayType(IdxElementType type) => type switch
    {
        IdxElementType.UInt8 => typeof(byte[]),
        IdxElementType.Int8 => typeof(sbyte[]),
        IdxElementType.Int16 => typeof(short[]),
        IdxElementType.Int32 => typeof(int[]),
        IdxElementType.Float32 => typeof(float[]),
        IdxElementType.Float64 => typeof(double[]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX element type."),
    };

    /// <summary>"60000x28x28" for messages.</summary>
    public static string Shape(ReadOnlySpan<int> dims)
    {
        if (dims.Length == 0) return "(no dimensions)";
        var parts = new string[dims.Length];
        for (int i = 0; i < dims.Length; i++) parts[i] = dims[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join("x", parts);
    }

    /// <summary>"3-D" / "1-D".</summary>
    public static string Rank(int rank) => $"{rank}-D";
}
