// Every way an IDX file can be bad, each with the message a person gets: wrong magic (gzip twice, HTML page,
// text, zip, unknown), unknown type, bad rank, oversized or overflowing dims, truncation, trailing bytes (raw and
// gzip), a gzip stream inflating past the header's size (stopped promptly) and corrupt gzip.
using System.Text;
using Experiments.ML.Data;
using Experiments.ML.Data.Idx;
using Experiments.ML.Tests.TestSupport;
using static Experiments.ML.Tests.Idx.IdxTestFiles;

namespace Experiments.ML.Tests.Idx;

public sealed class IdxReaderValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Save(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static DataException ReadFails(string path, IdxReadOptions? options = null)
    {
        var e = Assert.Throws<DataException>(() => IdxReader.Read(path, options));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        return e;
    }

    private static void AssertContains(string message, params string[] parts)
    {
        foreach (var p in parts)
            Assert.True(message.Contains(p, StringComparison.Ordinal), $"Message lacks \"{p}\":\n{message}");
    }

    private static byte[] ValidLabels(int n) => Concat(Header(0x08, (uint)n), Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray());

    [Fact]
    public void MissingFile_SaysItDoesNotExist()
    {
        string path = _dir.File("nope.gz");
        AssertContains(ReadFails(path).Message, "does not exist");
    }

    [Fact]
    public void EmptyFile_SaysEmpty()
    {
        AssertContains(ReadFails(Save("empty", [])).Message, "is empty (0 bytes)", "fetch it again");
    }

    [Fact]
    public void WrongMagic_ShowsExpectedAndFoundBytes()
    {
        string path = Save("bad", [0x01, 0x02, 0x08, 0x01, 0xFF, 0x00, 0x10, 0x00, 0x99]);
        AssertContains(ReadFails(path).Message, "does not start with the IDX magic", "00 00 <type> <ndims>", "found 01 02 08 01");
    }

    [Fact]
    public void DoubleGzip_IsRecognisedAsCompressedTwice()
    {
        string path = Save("twice.gz", Gzip(Gzip(ValidLabels(10))));
        AssertContains(ReadFails(path).Message, "gzip, after decompression", "found 1F 8B", "compressed twice", "gzip -dc");
    }

    [Theory]
    [InlineData("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>", "an HTML page", "<!DOCTYPE html> <html>")]
    [InlineData("<html><body>Access denied</body></html>", "an HTML page", "<html><body>Access denied")]
    [InlineData("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>", "an HTML/XML page", "<?xml version")]
    [InlineData("Too many requests, slow down.\n", "a text file", "Too many requests")]
    public void TextOrHtmlSavedAsData_IsRecognisedAsAFailedDownload(string content, string kind, string quoted)
    {
        string path = Save("train-images-idx3-ubyte", Encoding.ASCII.GetBytes(content));
        AssertContains(ReadFails(path).Message, "does not start with the IDX magic", $"looks like {kind}", quoted, "failed download", "download again");
    }

    [Fact]
    public void HtmlPageThatWasGzipped_IsRecognisedAfterDecompression()
    {
        string path = Save("page.gz", Gzip(Encoding.ASCII.GetBytes("<!doctype html><p>Forbidden</p>")));
        AssertContains(ReadFails(path).Message, "(gzip, after decompression)", "an HTML page", "<!doctype html>");
    }

    [Fact]
    public void ZipArchive_SaysExtractFirst()
    {
        string path = Save("mnist.zip", [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0]);
        AssertContains(ReadFails(path).Message, "a zip archive", "extract");
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x0A)]
    [InlineData(0x0F)]
    [InlineData(0xFF)]
    public void UnknownTypeByte_ListsTheKnownOnes(byte type)
    {
        string path = Save("t", Concat(Header(type, 3), [1, 2, 3]));
        AssertContains(ReadFails(path).Message, $"unknown element type byte 0x{type:X2}", "0x08 u8", "0x0E f64");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(255)]
    public void RankZeroOrOverEight_IsRejected(byte rank)
    {
        string path = Save("r", [0, 0, 0x08, rank, 0, 0, 0, 1, 7]);
        AssertContains(ReadFails(path).Message, $"declares {rank} dimensions", "Expected 1 to 8");
    }

    [Fact]
    public void ZeroDimension_IsAValidEmptyArray()
    {
        var read = IdxReader.Read(Save("empty-set", Header(0x08, 0, 28, 28)));
        Assert.Equal(0, read.ElementCount);
        Assert.Equal(new[] { 0, 28, 28 }, read.Dimensions);
    }

    [Fact]
    public void ZeroDimensionWithPayloadBytes_IsTrailingData()
    {
        AssertContains(ReadFails(Save("z", Concat(Header(0x08, 0, 5), [1]))).Message, "bytes after the end of its data", "found 1 bytes");
    }

    [Fact]
    public void DimensionsOverTheCap_AreRejectedBeforeAllocating()
    {
        // 60000 x 28 x 28 f64 = 376 MB, cap 1 MB; the file has no payload at all, so only the header can have been used.
        string path = Save("big", Header(0x0E, 60000, 28, 28));
        var e = ReadFails(path, new IdxReadOptions { MaxPayloadBytes = 1_000_000 });
        AssertContains(e.Message, "shape 60000x28x28", "376,320,000 bytes", "cap of 1,000,000 bytes", "MaxPayloadBytes");
    }

    [Fact]
    public void DimensionsWhoseProductOverflows_AreRejected()
    {
        string path = Save("overflow", Header(0x0E, uint.MaxValue, uint.MaxValue, uint.MaxValue));
        AssertContains(ReadFails(path).Message, $"shape {uint.MaxValue}x{uint.MaxValue}x{uint.MaxValue}", "more than 2^64 bytes", "cap of 1,073,741,824 bytes");
    }

    [Fact]
    public void DimensionsOverTheDefaultCap_AreRejected()
    {
        string path = Save("huge", Header(0x08, 2_000_000, 28, 28)); // 1.57 GB of u8 > 1 GiB default
        AssertContains(ReadFails(path).Message, "1,568,000,000 bytes", "over the cap of 1,073,741,824");
    }

    [Fact]
    public void TruncatedMagic_IsATruncatedHeader()
    {
        AssertContains(ReadFails(Save("h", [0, 0, 8])).Message, "truncated in its header", "it has 3 bytes");
    }

    [Fact]
    public void TruncatedDimensions_IsATruncatedHeader()
    {
        AssertContains(ReadFails(Save("h", [0, 0, 8, 3, 0, 0, 0x27, 0x10, 0, 0])).Message,
            "truncated in its header", "declares 3 dimensions", "header is 16 bytes", "ends after 10");
    }

    [Fact]
    public void TruncatedRawPayload_GivesExpectedAndFoundBytes()
    {
        string path = Save("short", Concat(Header(0x0B, 10, 10), new byte[150]));
        AssertContains(ReadFails(path).Message, "is truncated", "shape 10x10", "i16", "implies 200 payload bytes, found 150", "cut short");
    }

    [Fact]
    public void TruncatedPayloadFromNonSeekableStream_GivesExpectedAndFoundBytes()
    {
        var bytes = Concat(Header(0x0C, 5), new byte[7]);
        var e = Assert.Throws<DataException>(() => IdxReader.Read(new NonSeekableStream(bytes), "pipe:labels"));
        AssertContains(e.Message, "'pipe:labels'", "implies 20 payload bytes, found 7");
    }

    [Fact]
    public void GzipWhosePayloadIsShort_IsTruncated()
    {
        string path = Save("short.gz", Gzip(Concat(Header(0x08, 100), new byte[60])));
        AssertContains(ReadFails(path).Message, "(gzip, after decompression) is truncated", "implies 100 payload bytes, found 60", "gzip file ends early");
    }

    [Fact]
    public void GzipFileCutInHalf_IsReportedAsTruncatedOrCorrupt()
    {
        var rng = new Random(5);
        var payload = new byte[50_000];
        rng.NextBytes(payload);
        byte[] gz = Gzip(Concat(Header(0x08, 50_000), payload));
        string path = Save("cut.gz", gz[..(gz.Length / 2)]);
        var message = ReadFails(path).Message;
        Assert.True(message.Contains("is truncated", StringComparison.Ordinal) || message.Contains("corrupt gzip", StringComparison.Ordinal), message);
        AssertContains(message, "fetch it again");
    }

    [Fact]
    public void TrailingBytesInRawFile_AreCountedExactly()
    {
        string path = Save("trail", Concat(ValidLabels(10), new byte[13]));
        AssertContains(ReadFails(path).Message, "has bytes after the end of its data", "implies 18 bytes in total", "found 13 bytes beyond that");
    }

    [Fact]
    public void TrailingBytesInsideGzip_AreReported()
    {
        string path = Save("trail.gz", Gzip(Concat(ValidLabels(10), [1, 2, 3])));
        AssertContains(ReadFails(path).Message, "decompresses to more data than its header implies", "implies 18 bytes in total", "at least 1 more byte");
    }

    [Fact]
    public void GzipInflatingFarPastTheHeaderSize_StopsReadingPromptly()
    {
        // 10 labels, then 4 MB of incompressible bytes: the compressed file is ~4 MB; the reader must stop after
        // one probe byte, i.e. after consuming a few inflater input chunks, not the whole stream.
        var extra = new byte[4 << 20];
        new Random(9).NextBytes(extra);
        byte[] gz = Gzip(Concat(ValidLabels(10), extra));
        var stream = new NonSeekableStream(gz);

        var e = Assert.Throws<DataException>(() => IdxReader.Read(stream, "bomb.gz"));

        AssertContains(e.Message, "decompresses to more data than its header implies", "at least 1 more byte (reading stopped there)");
        Assert.True(stream.BytesRead <= 256 * 1024, $"Reader consumed {stream.BytesRead:N0} of {gz.Length:N0} compressed bytes; expected at most 256 KiB.");
    }

    [Fact]
    public void GzipWithBadCrc_IsReportedAsCorruptGzip()
    {
        byte[] gz = Gzip(ValidLabels(1000));
        gz[^8] ^= 0xFF; // CRC32 is the 4 bytes before the 4-byte ISIZE at the end of the member
        var message = ReadFails(Save("badcrc.gz", gz)).Message;
        AssertContains(message, "is a corrupt gzip file", "CRC/length check", "fetch it again");
    }

    [Fact]
    public void GzipWithBadDeflateData_IsReportedAsCorruptGzip()
    {
        byte[] gz = Gzip(ValidLabels(1000));
        gz[10] = 0xFF; // first deflate block header: BFINAL=1, BTYPE=11 (reserved, invalid)
        AssertContains(ReadFails(Save("baddeflate.gz", gz)).Message, "is a corrupt gzip file", "deflate data is invalid", "the inflater said");
    }

    [Fact]
    public void ExpectedTypeAndRank_MismatchSaysBoth()
    {
        string path = Save("labels", ValidLabels(10));
        var options = new IdxReadOptions { ExpectedElementType = IdxElementType.UInt8, ExpectedRank = 3 };
        AssertContains(ReadFails(path, options).Message, "expected a 3-D u8 (0x08, byte) file", "found a 1-D u8 (0x08, byte) file of shape 10");
    }

    [Fact]
    public void ExpectedType_MismatchIsRejectedBeforeSizeChecks()
    {
        string path = Save("floats", Header(0x0D, 60000, 28, 28)); // no payload: the type check must come first
        var options = new IdxReadOptions { ExpectedElementType = IdxElementType.UInt8, ExpectedDescription = "a u8 image file" };
        AssertContains(ReadFails(path, options).Message, "expected a u8 image file", "found a 3-D f32 (0x0D, float) file of shape 60000x28x28");
    }

    [Fact]
    public void WrongTypedAccessor_NamesTheRightOne()
    {
        var read = IdxReader.Read(Save("i16", Concat(Header(0x0B, 1), [0, 1])));
        var e = Assert.Throws<DataException>(() => read.AsBytes());
        AssertContains(e.Message, "holds i16 (0x0B, short) elements", "AsBytes() asks for u8", "Use AsInt16()");
        Assert.Equal(new short[] { 1 }, read.AsInt16());
    }
}
