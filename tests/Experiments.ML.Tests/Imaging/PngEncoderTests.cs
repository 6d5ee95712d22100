using System.Buffers.Binary;
using System.IO.Compression;
using Experiments.ML.Imaging;
using Xunit;

namespace Experiments.ML.Tests.Imaging;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32_of_the_ascii_digits_is_the_standard_check_value()
    {
        var crc = PngEncoder.Crc32(0xFFFFFFFFu, "123456789"u8) ^ 0xFFFFFFFFu;
        Assert.Equal(0xCBF43926u, crc);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(28, 28, 1)]
    [InlineData(31, 7, 3)]
    public void Decoding_the_png_gives_back_the_pixels(int width, int height, int channels)
    {
        var pixels = new byte[width * height * channels];
        var random = new System.Random(width * 1000 + height);
        random.NextBytes(pixels);
        var png = channels == 1 ? PngEncoder.EncodeGray(pixels, width, height) : PngEncoder.EncodeRgb(pixels, width, height);

        var (w, h, colourType, decoded) = Decode(png);
        Assert.Equal((width, height, channels == 1 ? 0 : 2), (w, h, colourType));
        Assert.Equal(pixels, decoded);
    }

    [Fact]
    public void Wrong_buffer_size_names_the_expected_and_found_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => PngEncoder.EncodeGray(new byte[10], 4, 4));
        Assert.Contains("needs 16 bytes; found 10", error.Message);
    }

    // A minimal decoder for what the encoder writes: checks the signature and every chunk's CRC, undoes filters 0 and 2.
    private static (int Width, int Height, int ColourType, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var pos = 8;
        int width = 0, height = 0, colourType = -1;
        using var idat = new MemoryStream();
        while (pos < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(PngEncoder.Crc32(0xFFFFFFFFu, png.AsSpan(pos + 4, 4 + length)) ^ 0xFFFFFFFFu, crc);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                colourType = data[9];
            }
            else if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        var channels = colourType == 0 ? 1 : 3;
        var stride = width * channels;
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(height * (stride + 1), rows.Length);
        var pixels = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            var filter = rows[y * (stride + 1)];
            Assert.True(filter is 0 or 2, $"row {y} uses filter {filter}");
            for (var i = 0; i < stride; i++)
            {
                var value = rows[y * (stride + 1) + 1 + i];
                pixels[y * stride + i] = filter == 2 ? (byte)(value + pixels[(y - 1) * stride + i]) : value;
            }
        }
        return (width, height, colourType, pixels);
    }
}
