// IdxTestFiles: helpers for IDX tests: hand-made header bytes, gzip in memory, and seeded sample arrays of
// every element type (with edge values: min, max, NaN, -0.0, infinities).
using System.Buffers.Binary;
using System.IO.Compression;
using Experiments.ML.Data.Idx;

namespace Experiments.ML.Tests.Idx;

internal static class IdxTestFiles
{
    /// <summary>00 00 type ndims, then the dims big-endian.</summary>
    public static byte[] Header(byte type, params uint[] dims)
    {
        var h = new byte[4 + 4 * dims.Length];
        h[2] = type;
        h[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4 + 4 * i), dims[i]);
        return h;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
        return ms.ToArray();
    }

    public static byte[] Gunzip(byte[] gz)
    {
        using var z = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        z.CopyTo(ms);
        return ms.ToArray();
    }

    public static byte[] ToBytes(IdxArray array)
    {
        using var ms = new MemoryStream();
        IdxWriter.Write(ms, array);
        return ms.ToArray();
    }

    /// <summary>A seeded array of <paramref name="type"/> with the given shape; the first elements are edge values.</summary>
    public static IdxArray Sample(IdxElementType type, int[] dims, int seed)
    {
        int n = dims.Aggregate(1, (a, b) => a * b);
        var rng = new Random(seed);
        switch (type)
        {
            case IdxElementType.UInt8:
                return new IdxArray(Fill<byte>(n, rng, r => (byte)r.Next(256), [byte.MinValue, byte.MaxValue, 0x80]), dims);
            case IdxElementType.Int8:
                return new IdxArray(Fill<sbyte>(n, rng, r => (sbyte)r.Next(-128, 128), [sbyte.MinValue, sbyte.MaxValue, -1]), dims);
            case IdxElementType.Int16:
                return new IdxArray(Fill<short>(n, rng, r => (short)r.Next(short.MinValue, short.MaxValue + 1), [short.MinValue, short.MaxValue, (short)0x0102]), dims);
            case IdxElementType.Int32:
                return new IdxArray(Fill<int>(n, rng, r => r.Next(int.MinValue, int.MaxValue), [int.MinValue, int.MaxValue, 0x01020304]), dims);
            case IdxElementType.Float32:
                return new IdxArray(Fill<float>(n, rng, r => (float)(r.NextDouble() * 2e6 - 1e6),
                    [float.NaN, -0.0f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue, 1.0f]), dims);
            default:
                return new IdxArray(Fill<double>(n, rng, r => r.NextDouble() * 2e300 - 1e300,
                    [double.NaN, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, 1.0]), dims);
        }
    }

    private static T[] Fill<T>(int n, Random rng, Func<Random, T> next, T[] edges)
    {
        var a = new T[n];
        for (int i = 0; i < n; i++) a[i] = i < edges.Length ? edges[i] : next(rng);
        return a;
    }
}
