// FileVerifier: checks one dataset file on disk against its catalog reference.
// gzip is detected from the content (1F 8B), never the name. One read of the file gives both the MD5 of its bytes
// and, through a decompressor reading the same bytes, the SHA-256 and length of the payload.
using System.IO.Compression;
using System.Security.Cryptography;

namespace Experiments.ML.Data.Catalog;

/// <summary>The result of checking one file: a verdict, or a problem saying expected vs found.</summary>
internal sealed record FileCheck(
    string Path,
    bool IsGzipped,
    ChecksumVerdict? Verdict,
    string? GzipMd5,
    string? PayloadSha256,
    string? Problem)
{
    public bool IsValid => Problem is null;

    public ResolvedFile ToResolved(DatasetFile reference) =>
        new(reference, Path, IsGzipped, Verdict ?? throw new InvalidOperationException($"{Path} is invalid: {Problem}"), GzipMd5, PayloadSha256);
}

internal static class FileVerifier
{
    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Accepts the file when its .gz MD5 equals upstream's or its payload SHA-256 equals the catalog's; when no
    /// reference hash exists for the form found, accepts it as <see cref="ChecksumVerdict.Unverified"/> after
    /// checking payload size and IDX magic. Anything else is a <see cref="FileCheck.Problem"/>.
    /// </summary>
    public static FileCheck Verify(DatasetEntry entry, DatasetFile reference, string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzipped = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return gzipped ? VerifyGzip(reference, path, file) : VerifyRaw(entry, reference, path, file);
    }

    private static FileCheck VerifyGzip(DatasetFile reference, string path, FileStream file)
    {
        if (reference.PayloadSha256 is null)
        {
            // Only upstream's .gz MD5 is known: hash the bytes, no need to decompress.
            string md5Only = Hex(MD5.HashData(file));
            return md5Only == reference.GzipMd5
                ? new FileCheck(path, true, ChecksumVerdict.GzipMd5, md5Only, null, null)
                : new FileCheck(path, true, null, md5Only, null,
                    $"gzip MD5 mismatch: expected upstream's {reference.GzipMd5}, found {md5Only} " +
                    "(no payload SHA-256 is known for this file, so a re-compressed copy cannot be accepted either)");
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var hashing = new HashingReadStream(file, md5);
        long payloadLength = 0;
        try
        {
            using var gzip = new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true);
            var buffer = new byte[BufferSize];
            int n;
            while ((n = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                payloadLength += n;
            }
        }
        catch (InvalidDataException e)
        {
            hashing.Drain();
            string badMd5 = Hex(md5.GetHashAndReset());
            return new FileCheck(path, true, null, badMd5, null,
                $"starts with the gzip magic 1F 8B but cannot be decompressed after {payloadLength:N0} payload bytes ({e.Message}); " +
                $"expected .gz MD5 {reference.GzipMd5}, found {badMd5}");
        }
        hashing.Drain();
        string foundMd5 = Hex(md5.GetHashAndReset());
        string foundSha = Hex(sha.GetHashAndReset());
        if (foundMd5 == reference.GzipMd5)
            return new FileCheck(path, true, ChecksumVerdict.GzipMd5, foundMd5, foundSha, null);
        if (foundSha == reference.PayloadSha256)
            return new FileCheck(path, true, ChecksumVerdict.PayloadSha256, foundMd5, foundSha, null);
        string size = payloadLength == reference.PayloadSize
            ? $"payload size {payloadLength:N0} bytes as expected"
            : $"payload is {payloadLength:N0} bytes, expected {reference.PayloadSize:N0}";
        return new FileCheck(path, true, null, foundMd5, foundSha,
            $"checksum mismatch: expected .gz MD5 {reference.GzipMd5} or payload SHA-256 {reference.PayloadSha256}, " +
            $"found .gz MD5 {foundMd5} and payload SHA-256 {foundSha} ({size})");
    }

    private static FileCheck VerifyRaw(DatasetEntry entry, DatasetFile reference, string path, FileStream file)
    {
        long length = file.Length;
        if (length != reference.PayloadSize)
            return new FileCheck(path, false, null, null, null,
                $"not gzip (does not start with 1F 8B) and {length:N0} bytes long, but the raw IDX file is {reference.PayloadSize:N0} bytes");

        if (reference.PayloadSha256 is not null)
        {
            string sha = Hex(SHA256.HashData(file));
            return sha == reference.PayloadSha256
                ? new FileCheck(path, false, ChecksumVerdict.PayloadSha256, null, sha, null)
                : new FileCheck(path, false, null, null, sha,
                    $"payload SHA-256 mismatch for the raw file: expected {reference.PayloadSha256}, found {sha}");
        }

        // No reference for the raw form: check the IDX magic so an arbitrary file of the right size is still caught.
        Span<byte> header = stackalloc byte[4];
        file.ReadExactly(header);
        byte dims = (byte)(reference.Role is DatasetFileRole.TrainLabels or DatasetFileRole.TestLabels ? 1
            : entry.ImageShape.Channels == 1 ? 3 : 4);
        if (header[0] != 0 || header[1] != 0 || header[2] != 0x08 || header[3] != dims)
            return new FileCheck(path, false, null, null, null,
                $"not an IDX file of unsigned bytes with {dims} dimension(s): expected magic 00 00 08 {dims:X2}, found {Convert.ToHexString(header)}");
        return new FileCheck(path, false, ChecksumVerdict.Unverified, null, null, null);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
