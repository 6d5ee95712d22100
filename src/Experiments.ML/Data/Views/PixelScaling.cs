// PixelScaling: bytes to float32 in [0, 1], value = byte / 255 (torchvision's ToTensor: img.float().div(255)).
//
// Shapes: source (L) bytes, destination (L) floats.
// The SIMD path widens 32 bytes to four vectors of 8 int32, converts and divides by 255 with an IEEE division,
// so it is bit-identical to the scalar twin, which looks each byte up in a 256-entry table of b / 255f.
// The division (not a multiply by 1/255, which differs in the last bit for some bytes) keeps both equal to
// PyTorch's div(255).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Experiments.ML.Data;

/// <summary>Scales pixel bytes to float32 in [0, 1]: effectively computes <c>destination[i] = source[i] / 255f</c>.</summary>
internal static class PixelScaling
{
    private static readonly float[] s_table = CreateTable();

    /// <summary>destination[i] = source[i] / 255f for every i; SIMD when available.</summary>
    public static void ToUnitInterval(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException($"The destination holds {destination.Length} floats but the source has {source.Length} bytes.", nameof(destination));
        int length = source.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<byte>.Count)
        {
            ref byte src = ref MemoryMarshal.GetReference(source);
            ref float dst = ref MemoryMarshal.GetReference(destination);
            Vector256<float> divisor = Vector256.Create(255f);
            for (; i <= length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                Vector256<byte> bytes = Vector256.LoadUnsafe(ref src, (nuint)i);
                Vector256<ushort> low = Vector256.WidenLower(bytes);
                Vector256<ushort> high = Vector256.WidenUpper(bytes);
                Store(Vector256.WidenLower(low), divisor, ref dst, i);
                Store(Vector256.WidenUpper(low), divisor, ref dst, i + 8);
                Store(Vector256.WidenLower(high), divisor, ref dst, i + 16);
                Store(Vector256.WidenUpper(high), divisor, ref dst, i + 24);
            }
        }
        ToUnitIntervalScalar(source[i..], destination[i..]);
    }

    /// <summary>The scalar twin and oracle: a lookup in a table of b / 255f.</summary>
    public static void ToUnitIntervalScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException($"The destination holds {destination.Length} floats but the source has {source.Length} bytes.", nameof(destination));
        float[] table = s_table;
        for (int i = 0; i < source.Length; i++)
            destination[i] = table[source[i]];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<uint> values, Vector256<float> divisor, ref float destination, int offset) =>
        (Vector256.ConvertToSingle(values.AsInt32()) / divisor).StoreUnsafe(ref destination, (nuint)offset);

    private static float[] CreateTable()
    {
        var table = new float[256];
        for (int b = 0; b < table.Length; b++)
            table[b] = b / 255f;
        return table;
    }
}
