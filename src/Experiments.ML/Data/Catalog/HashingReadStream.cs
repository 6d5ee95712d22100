// HashingReadStream: a read-only pass-through stream that feeds every byte read into an incremental hash,
// so the MD5 of a .gz file and the SHA-256 of its decompressed payload come from one read of the file.
using System.Security.Cryptography;

namespace Experiments.ML.Data.Catalog;

/// <summary>Reads from an inner stream and appends each byte read to <see cref="Hash"/>; counts bytes.</summary>
internal sealed class HashingReadStream(Stream inner, IncrementalHash hash) : Stream
{
    public IncrementalHash Hash { get; } = hash;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Hash.AppendData(buffer[..n]);
        BytesRead += n;
        return n;
    }

    /// <summary>Reads the rest of the inner stream into the hash (bytes the decompressor did not consume).</summary>
    public void Drain()
    {
        Span<byte> buffer = stackalloc byte[16384];
        while (Read(buffer) > 0)
        {
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
