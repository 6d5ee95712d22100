// IdxWriter: writes an IdxArray as an IDX file, raw or gzip-compressed. Files go temp-then-rename, so a reader
// never sees a half-written file under the final name.
//
// Byte layout written here (see IdxFormat for the full table), all integers big-endian:
//   [00][00][type][ndims] [dim0 u32] ... [dim(ndims-1) u32] [data: prod(dims) elements, row-major, big-endian]
// and, with gzip, that whole byte sequence as one gzip member.
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Experiments.ML.Data.Idx;

/// <summary>Writes IDX files (all six element types, raw or gzip). The counterpart of <see cref="IdxReader"/>.</summary>
public static class IdxWriter
{
    // Elements converted to big-endian per chunk, so writing allocates no second copy of the payload.
    private const int ChunkBytes = 1 << 16;

    /// <summary>
    /// Writes <paramref name="array"/> to <paramref name="path"/>, gzip-compressed when <paramref name="gzip"/>.
    /// Writes <c>path.tmp-&lt;random&gt;</c> in the same folder, flushes it to disk, then renames it over
    /// <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, IdxArray array, bool gzip)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(array);
        string full = Path.GetFullPath(path);
        string temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                if (gzip)
                {
                    using (var z = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
                        Write(z, array);
                }
                else
                {
                    Write(file, array);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new DataException($"Could not write IDX file '{full}': {e.Message} Fix: check that the folder exists, is writable and has space.", full, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="array"/> as raw IDX bytes (header then data) to <paramref name="stream"/>.
    /// Wrap the stream in a <see cref="GZipStream"/> for a gzip file. The stream is not disposed.</summary>
    public static void Write(Stream stream, IdxArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);

        // 00 00 type ndims, then ndims big-endian u32
        Span<byte> header = stackalloc byte[IdxFormat.MagicSize + 4 * IdxFormat.MaxRank];
        header = header[..(IdxFormat.MagicSize + 4 * array.Rank)];
        header[0] = 0;
        header[1] = 0;
        header[2] = (byte)array.ElementType;
        header[3] = (byte)array.Rank;
        for (int i = 0; i < array.Rank; i++)
            BinaryPrimitives.WriteUInt32BigEndian(header[(IdxFormat.MagicSize + 4 * i)..], (uint)array.GetDimension(i));
        stream.Write(header);

        switch (array.ElementType)
        {
            case IdxElementType.UInt8: stream.Write(array.AsBytes()); break;
            case IdxElementType.Int8: stream.Write(MemoryMarshal.AsBytes(array.AsSBytes().AsSpan())); break;
            case IdxElementType.Int16: WriteBigEndian<short>(stream, array.AsInt16(), BinaryPrimitives.ReverseEndianness); break;
            case IdxElementType.Int32: WriteBigEndian<int>(stream, array.AsInt32(), BinaryPrimitives.ReverseEndianness); break;
            case IdxElementType.Float32: WriteBigEndian<int>(stream, MemoryMarshal.Cast<float, int>(array.AsSingle().AsSpan()), BinaryPrimitives.ReverseEndianness); break;
            case IdxElementType.Float64: WriteBigEndian<long>(stream, MemoryMarshal.Cast<double, long>(array.AsDouble().AsSpan()), BinaryPrimitives.ReverseEndianness); break;
            default: throw new ArgumentOutOfRangeException(nameof(array), array.ElementType, "Not an IDX element type.");
        }
    }

    private delegate void Reverse<T>(ReadOnlySpan<T> source, Span<T> destination);

    private static void WriteBigEndian<T>(Stream stream, ReadOnlySpan<T> data, Reverse<T> reverse) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        int chunk = ChunkBytes / Marshal.SizeOf<T>();
        T[] scratch = ArrayPool<T>.Shared.Rent(chunk);
        try
        {
            for (int start = 0; start < data.Length; start += chunk)
            {
                var source = data.Slice(start, Math.Min(chunk, data.Length - start));
                var target = scratch.AsSpan(0, source.Length);
                reverse(source, target);
                stream.Write(MemoryMarshal.AsBytes(target));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
