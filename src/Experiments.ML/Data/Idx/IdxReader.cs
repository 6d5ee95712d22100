// IdxReader: reads one IDX file (raw or gzip, detected from the content) into an IdxArray. Validates the
// header, checks the size before allocating, allocates the typed array exactly once, reads the payload straight
// into it and converts from big-endian in place. Either a complete validated array or a DataException.
//
// Byte layout read here (see IdxFormat for the full table), all integers big-endian:
//   [00][00][type][ndims] [dim0 u32] ... [dim(ndims-1) u32] [data: prod(dims) elements, row-major, big-endian]
// optionally wrapped whole in gzip (first bytes 1F 8B). Nothing may follow the data.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Experiments.ML.Data.Idx;

/// <summary>
/// Reads IDX files (the MNIST family format). Gzip is detected from the first two bytes (1F 8B), never from
/// the file name. Every problem is reported as a <see cref="DataException"/> naming the file, what was expected,
/// what was found and the fix; a partially read array is never returned.
/// </summary>
public static partial class IdxReader
{
    /// <summary>Reads the IDX file at <paramref name="path"/> (raw or gzip).</summary>
    public static IdxArray Read(string path, IdxReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream file;
        try
        {
            // bufferSize 0: no FileStream buffer; the payload is read straight into the array (raw), or in the
            // inflater's own input chunks (gzip).
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataException(
                $"IDX file '{path}' does not exist. Check the path, or fetch the dataset first (its files must be on disk before they can be read).",
                path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"IDX file '{path}' cannot be opened: {e.Message}", path, e);
        }
        using (file)
            return Read(file, path, options);
    }

    /// <summary>
    /// Reads one IDX file from <paramref name="stream"/> (raw or gzip) up to its end; <paramref name="sourceName"/>
    /// names it in messages. The stream is not disposed.
    /// </summary>
    public static IdxArray Read(Stream stream, string sourceName, IdxReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= IdxReadOptions.Default;

        long? rawLength = null;
        if (stream.CanSeek)
        {
            try { rawLength = stream.Length - stream.Position; } catch (NotSupportedException) { }
        }

        var context = new Context(sourceName, options, Gzip: false);
        var signature = new byte[2];
        int got = ReadAtMost(stream, signature, context);
        var prefixed = new PrefixedReadStream(signature[..got], stream);
        if (got == 2 && signature[0] == 0x1F && signature[1] == 0x8B)
        {
            using var gzip = new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: true);
            return ReadContent(gzip, context with { Gzip = true }, remaining: null);
        }
        return ReadContent(prefixed, context, rawLength);
    }

    private sealed record Context(string Source, IdxReadOptions Options, bool Gzip)
    {
        public string What => Gzip ? $"IDX file '{Source}' (gzip, after decompression)" : $"IDX file '{Source}'";
    }

    // remaining: bytes left in a raw seekable stream, so truncation is rejected before allocating.
    private static IdxArray ReadContent(Stream content, Context ctx, long? remaining)
    {
        // 00 00 type ndims
        Span<byte> magic = stackalloc byte[IdxFormat.MagicSize];
        int got = ReadAtMost(content, magic, ctx);
        if (got == 0)
            throw Fail(ctx, "is empty (0 bytes). Expected an IDX header (00 00 <type> <ndims>, then the dimensions). " +
                            "Fix: the file was probably not written or downloaded completely; fetch it again.");
        if (magic[0] != 0 || magic[1] != 0)
            throw BadMagic(content, magic[..got], ctx);
        if (got < IdxFormat.MagicSize)
            throw Fail(ctx, $"is truncated in its header: it has {got} bytes, an IDX header needs at least 4 (00 00 <type> <ndims>) plus 4 per dimension. " +
                            "Fix: fetch the file again.");

        byte typeCode = magic[2];
        if (!IdxFormat.IsDefined(typeCode))
            throw Fail(ctx, $"has an unknown element type byte 0x{typeCode:X2} (header {Hex(magic)}). Expected one of 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64. " +
                            "Fix: this is not an IDX file, or it is damaged; fetch it again.");
        var type = (IdxElementType)typeCode;

        int rank = magic[3];
        if (rank is 0 or > IdxFormat.MaxRank)
            throw Fail(ctx, $"declares {rank} dimensions (header {Hex(magic)}). Expected 1 to {IdxFormat.MaxRank} (MNIST images have 3, labels 1). " +
                            "Fix: this is not an IDX file, or it is damaged; fetch it again.");

        // dims: rank big-endian u32
        Span<byte> dimBytes = stackalloc byte[4 * IdxFormat.MaxRank];
        dimBytes = dimBytes[..(4 * rank)];
        got = ReadAtMost(content, dimBytes, ctx);
        int headerSize = IdxFormat.MagicSize + 4 * rank;
        if (got < dimBytes.Length)
            throw Fail(ctx, $"is truncated in its header: it declares {rank} dimensions, so the header is {headerSize} bytes, but the file ends after {IdxFormat.MagicSize + got}. " +
                            "Fix: fetch the file again.");

        var dimsU = new uint[rank];
        for (int i = 0; i < rank; i++) dimsU[i] = BinaryPrimitives.ReadUInt32BigEndian(dimBytes[(4 * i)..]);
        string shape = string.Join("x", dimsU);

        var opts = ctx.Options;
        if ((opts.ExpectedElementType is { } wantType && wantType != type) || (opts.ExpectedRank is { } wantRank && wantRank != rank))
        {
            string expected = opts.ExpectedDescription ?? ExpectedWords(opts);
            throw Fail(ctx, $"is not what was expected: expected {expected}, found a {IdxFormat.Rank(rank)} {IdxFormat.Describe(type)} file of shape {shape}. " +
                            "Fix: check which file was passed (images and labels swapped? train and test mixed?).");
        }

        // Size: checked before anything is allocated. Element count saturates at ulong.MaxValue instead of overflowing.
        int elementSize = IdxFormat.ElementSize(type);
        ulong count = 1;
        bool overflow = false;
        foreach (uint d in dimsU)
        {
            if (d == 0) { count = 0; overflow = false; break; }
            if (!overflow && count > ulong.MaxValue / d) overflow = true;
            else if (!overflow) count *= d;
        }
        if (!overflow && count > ulong.MaxValue / (ulong)elementSize) overflow = true;
        ulong payload = overflow ? ulong.MaxValue : count * (ulong)elementSize;
        if (overflow || payload > (ulong)opts.MaxPayloadBytes)
        {
            string size = overflow ? "more than 2^64 bytes" : $"{payload:N0} bytes";
            throw Fail(ctx, $"declares shape {shape} of {IdxFormat.Describe(type)}: {size}, over the cap of {opts.MaxPayloadBytes:N0} bytes (IdxReadOptions.MaxPayloadBytes). " +
                            "Fix: if the file really is this large, raise MaxPayloadBytes; otherwise its header is corrupt: fetch it again.");
        }
        if (count > (ulong)Array.MaxLength)
            throw Fail(ctx, $"declares shape {shape}: {count:N0} elements, more than a .NET array holds ({Array.MaxLength:N0}). " +
                            "Fix: split the file, or check that its header is not corrupt.");
        if (remaining is { } left && (ulong)(left - headerSize) < payload)
            throw Truncated(ctx, shape, type, payload, left - headerSize);

        // Allocate once, read straight into the array's bytes, then big-endian -> machine order in place.
        int n = (int)count;
        var dims = Array.ConvertAll(dimsU, d => (int)d);
        Array data = type switch
        {
            IdxElementType.UInt8 => ReadPayload(content, new byte[n], ctx, shape, type),
            IdxElementType.Int8 => ReadPayload(content, new sbyte[n], ctx, shape, type),
            IdxElementType.Int16 => ReadPayload(content, new short[n], ctx, shape, type),
            IdxElementType.Int32 => ReadPayload(content, new int[n], ctx, shape, type),
            IdxElementType.Float32 => ReadPayload(content, new float[n], ctx, shape, type),
            _ => ReadPayload(content, new double[n], ctx, shape, type),
        };

        // Nothing may follow the payload. Probe one byte only: for gzip this also runs the CRC/length check of
        // the member, and a stream that inflates far past the end is not inflated any further.
        Span<byte> probe = stackalloc byte[1];
        if (ReadAtMost(content, probe, ctx) != 0)
        {
            string extra = remaining is { } r ? $"{r - headerSize - (long)payload:N0} bytes" : "at least 1 more byte (reading stopped there)";
            string what = ctx.Gzip ? "decompresses to more data than its header implies" : "has bytes after the end of its data";
            throw Fail(ctx, $"{what}: the header (shape {shape}, {IdxFormat.Describe(type)}) implies {headerSize + (long)payload:N0} bytes in total, found {extra} beyond that. " +
                            "Fix: the header and data do not belong together (a damaged or concatenated file); fetch the file again.");
        }

        SwapToMachineOrder(data, type);
        return new IdxArray(type, data, dims, ctx.Source);
    }

    private static T[] ReadPayload<T>(Stream content, T[] array, Context ctx, string shape, IdxElementType type) where T : struct
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(array.AsSpan());
        int got = ReadAtMost(content, bytes, ctx);
        if (got < bytes.Length) throw Truncated(ctx, shape, type, (ulong)bytes.Length, got);
        return array;
    }

    /// <summary>Big-endian on disk to machine order, in place. ReverseEndianness on spans is vectorised.</summary>
    private static void SwapToMachineOrder(Array data, IdxElementType type)
    {
        if (!BitConverter.IsLittleEndian) return;
        switch (type)
        {
            case IdxElementType.Int16: { var s = ((short[])data).AsSpan(); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case IdxElementType.Int32: { var s = ((int[])data).AsSpan(); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case IdxElementType.Float32: { var s = MemoryMarshal.Cast<float, int>(((float[])data).AsSpan()); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case IdxElementType.Float64: { var s = MemoryMarshal.Cast<double, long>(((double[])data).AsSpan()); BinaryPrimitives.ReverseEndianness(s, s); break; }
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.
    /// Turns gzip corruption and I/O failures into DataException.</summary>
    private static int ReadAtMost(Stream stream, Span<byte> buffer, Context ctx)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0) break;
                total += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataException(
                $"IDX file '{ctx.Source}' is a corrupt gzip file: its deflate data is invalid or the CRC/length check at the end of the gzip member failed " +
                $"(the inflater said: \"{e.Message}\"). Fix: the file is damaged or was downloaded incompletely; delete it and fetch it again (compare its checksum).",
                ctx.Source, e);
        }
        catch (IOException e)
        {
            throw new DataException($"IDX file '{ctx.Source}' could not be read: {e.Message}", ctx.Source, e);
        }
        return total;
    }

    private static DataException Fail(Context ctx, string problem) => new($"{ctx.What} {problem}", ctx.Source);

    private static DataException Truncated(Context ctx, string shape, IdxElementType type, ulong expected, long found) =>
        Fail(ctx, $"is truncated: its header (shape {shape}, {IdxFormat.Describe(type)}) implies {expected:N0} payload bytes, found {found:N0}. " +
                  (ctx.Gzip
                      ? "Fix: the gzip file ends early (an interrupted download or copy); fetch it again."
                      : "Fix: the file was cut short (an interrupted download or copy); fetch it again."));

    private static string ExpectedWords(IdxReadOptions opts)
    {
        string rank = opts.ExpectedRank is { } r ? IdxFormat.Rank(r) + " " : "";
        string type = opts.ExpectedElementType is { } t ? IdxFormat.Describe(t) + " " : "";
        return $"a {rank}{type}file".Replace("  ", " ");
    }

    /// <summary>"1F 8B 08 00" for messages.</summary>
    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return "(none)";
        var parts = new string[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) parts[i] = bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
        return string.Join(" ", parts);
    }
}
