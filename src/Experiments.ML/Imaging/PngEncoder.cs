// A small PNG encoder (8-bit grayscale or RGB, no interlace) over ZLibStream, so reports and previews can inline
// images without an imaging package. Layout per the PNG spec (W3C, 2nd ed.): signature, IHDR, one IDAT, IEND;
// each chunk is length (big-endian), type, data, CRC-32 of type + data. Rows use filter 0 (None) or 2 (Up),
// whichever gives the smaller sum of absolute residuals, a cheap heuristic that helps on digit-like images.
using System.Buffers.Binary;
using System.IO.Compression;

namespace Experiments.ML.Imaging;

/// <summary>Encodes 8-bit grayscale or RGB pixel buffers as PNG files.</summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes a row-major grayscale image (one byte per pixel, 0 = black).</summary>
    public static byte[] EncodeGray(ReadOnlySpan<byte> pixels, int width, int height) => Encode(pixels, width, height, channels: 1);

    /// <summary>Encodes a row-major RGB image (three bytes per pixel).</summary>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> pixels, int width, int height) => Encode(pixels, width, height, channels: 3);

    private static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"A PNG needs a positive size; found {width}×{height}.");
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
            throw new ArgumentException($"A {width}×{height} {(channels == 1 ? "grayscale" : "RGB")} image needs {expected} bytes; found {pixels.Length}.", nameof(pixels));

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                               // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);   // colour type: grayscale or truecolour
        header[10] = 0; header[11] = 0; header[12] = 0; // deflate, adaptive filtering, no interlace
        WriteChunk(output, "IHDR", header);

        WriteChunk(output, "IDAT", Compress(pixels, width * channels, height));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte[] Compress(ReadOnlySpan<byte> pixels, int stride, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[stride + 1];
            for (var y = 0; y < height; y++)
            {
                var current = pixels.Slice(y * stride, stride);
                var useUp = false;
                if (y > 0)
                {
                    var previous = pixels.Slice((y - 1) * stride, stride);
                    long none = 0, up = 0;
                    for (var i = 0; i < stride; i++)
                    {
                        none += (sbyte)current[i] is var a && a < 0 ? -a : a;
                        var d = (sbyte)(byte)(current[i] - previous[i]);
                        up += d < 0 ? -d : d;
                    }
                    useUp = up < none;
                }
                row[0] = (byte)(useUp ? 2 : 0);
                for (var i = 0; i < stride; i++)
                    row[i + 1] = useUp ? (byte)(current[i] - pixels[(y - 1) * stride + i]) : current[i];
                zlib.Write(row);
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        output.Write(buffer);
        Span<byte> typeBytes = [(byte)type[0], (byte)type[1], (byte)type[2], (byte)type[3]];
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc32(Crc32(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(buffer, crc);
        output.Write(buffer);
    }

    /// <summary>Updates a running CRC-32 (ISO 3309, as PNG uses); start with 0xFFFFFFFF and xor the result with it.</summary>
    internal static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
