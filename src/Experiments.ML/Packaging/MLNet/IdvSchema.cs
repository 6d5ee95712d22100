// IdvSchema: the "Schema" entry of an ML.NET model.zip, a zero-row IDV (BinaryLoader) file that declares the
// input columns. Format 1.1.1.6 as ML.NET's BinarySaver writes it. Spec §8.
//
// Byte layout (little-endian; "string" = .NET BinaryWriter string: LEB128 byte count + UTF-8 bytes):
//   0x00 u64 signature 0x00425644004C4D43 ("CML\0DVB\0")   0x08 u64 version 0x0001000100010006
//   0x10 u64 compatible version 0x0001000100010006          0x18 i64 table-of-contents offset (256)
//   0x20 i64 tail offset                                     0x28 i64 row count (0)
//   0x30 i32 column count (>= 1)                             0x34..0xFF zeros
//   0x100 table of contents, per column, packed:
//         string name | codec | u8 compression (1 = Deflate) | LEB128 rows per block (1)
//         | i64 lookup-table offset (256) | i64 annotation TOC offset (0 = none)
//     codec = string load-name | LEB128 parameter length | parameter bytes
//       scalar ("Single", "Int64", "TextSpan", ...): no parameters
//       "VBuffer": inner codec (name + length + parameters) | i32 rank | rank x i32 dims (0 = unknown size)
//       "Key2":    inner unsigned codec | u64 key count
//   tail  u64 0x434D4C0044564200 (bytes 00 42 56 44 00 4C 4D 43)
using System.Buffers.Binary;
using System.Text;

namespace Experiments.ML.Packaging.MLNet;

/// <summary>
/// An IDV column type: a scalar codec name (<c>Single</c>, <c>Int64</c>, <c>TextSpan</c>, ...), optionally a vector of it
/// (<see cref="VectorDims"/>, 0 = unknown size) or a key type (<see cref="KeyCount"/>).
/// </summary>
public sealed record IdvColumnType(string ItemCodec, IReadOnlyList<int>? VectorDims = null, ulong? KeyCount = null)
{
    /// <summary><c>Vector&lt;Single, size&gt;</c>, the type of an image column.</summary>
    public static IdvColumnType SingleVector(int size) => new("Single", [size]);

    /// <summary>A scalar column of the given codec.</summary>
    public static IdvColumnType Scalar(string codec) => new(codec);

    /// <inheritdoc/>
    public override string ToString()
    {
        var item = KeyCount is { } k ? $"Key<{ItemCodec}, {k}>" : ItemCodec;
        return VectorDims is null ? item : $"Vector<{item}, {string.Join(", ", VectorDims)}>";
    }
}

/// <summary>One column of an IDV schema.</summary>
public sealed record IdvColumn(string Name, IdvColumnType Type);

/// <summary>Writes and reads zero-row IDV files (the <c>Schema</c> entry).</summary>
public static class IdvSchema
{
    /// <summary>File signature ("CML\0DVB\0").</summary>
    public const ulong Signature = 0x00425644004C4D43;
    /// <summary>Tail ("\0BVD\0LMC").</summary>
    public const ulong TailSignature = 0x434D4C0044564200;
    /// <summary>Format version 1.1.1.6, what ML.NET writes.</summary>
    public const ulong Version = 0x0001000100010006;
    /// <summary>Oldest format version ML.NET's BinaryLoader reads, 1.1.1.4.</summary>
    public const ulong MinReadableVersion = 0x0001000100010004;
    private const int HeaderSize = 256;

    private static readonly HashSet<string> ScalarCodecs = new(StringComparer.Ordinal)
    {
        "Single", "Double", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Boolean",
        "TextSpan", "TimeSpan", "DateTime", "DateTimeOffset", "DataViewRowId",
    };

    private static readonly HashSet<string> KeyItemCodecs = new(StringComparer.Ordinal) { "Byte", "UInt16", "UInt32", "UInt64" };

    /// <summary>The zero-row IDV bytes declaring <paramref name="columns"/>.</summary>
    public static byte[] Write(IReadOnlyList<IdvColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
            throw new ModelPackageException("a schema needs at least one column (ML.NET's saver refuses zero columns)", "Schema");
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        {
            w.Write(new byte[HeaderSize]);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var column in columns)
            {
                if (string.IsNullOrEmpty(column.Name))
                    throw new ModelPackageException("a schema column has an empty name", "Schema");
                if (!names.Add(column.Name))
                    throw new ModelPackageException($"column '{column.Name}' appears twice in the schema", "Schema");
                w.Write(column.Name);
                WriteCodec(w, column.Type, column.Name);
                w.Write((byte)1);          // compression: Deflate
                w.Write7BitEncodedInt(1);  // rows per block
                w.Write((long)HeaderSize); // lookup-table offset (unchecked with 0 rows)
                w.Write(0L);               // no annotations
            }
            long tailOffset = stream.Position;
            w.Write(TailSignature);
            w.Seek(0, SeekOrigin.Begin);
            w.Write(Signature);
            w.Write(Version);
            w.Write(Version);
            w.Write((long)HeaderSize);
            w.Write(tailOffset);
            w.Write(0L);
            w.Write(columns.Count);
        }
        return stream.ToArray();
    }

    private static void WriteCodec(BinaryWriter w, IdvColumnType type, string column)
    {
        var item = ItemCodec(type, column);
        if (type.VectorDims is not { } dims)
        {
            w.Write(item);
            return;
        }
        if (dims.Any(d => d < 0))
            throw new ModelPackageException($"vector dims [{string.Join(", ", dims)}] must be >= 0 (0 = unknown size)", column);
        w.Write(FullCodec("VBuffer", Bytes(p =>
        {
            p.Write(item);
            p.Write(dims.Count);
            foreach (var d in dims)
                p.Write(d);
        })));
    }

    // The item codec in its full form (name, parameter length, parameters): a scalar, or Key2 wrapping an unsigned scalar.
    private static byte[] ItemCodec(IdvColumnType type, string column)
    {
        if (type.KeyCount is { } count)
        {
            if (!KeyItemCodecs.Contains(type.ItemCodec))
                throw new ModelPackageException($"key column item codec '{type.ItemCodec}' must be one of {string.Join(", ", KeyItemCodecs)}", column);
            return FullCodec("Key2", Bytes(p =>
            {
                p.Write(FullCodec(type.ItemCodec, []));
                p.Write(count);
            }));
        }
        if (!ScalarCodecs.Contains(type.ItemCodec))
            throw new ModelPackageException(
                $"codec '{type.ItemCodec}' is unknown; ML.NET silently drops columns with unknown codecs. Use one of {string.Join(", ", ScalarCodecs)}", column);
        return FullCodec(type.ItemCodec, []);
    }

    private static byte[] FullCodec(string name, byte[] parameters) => Bytes(w =>
    {
        w.Write(name);
        w.Write7BitEncodedInt(parameters.Length);
        w.Write(parameters);
    });

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true))
            write(w);
        return stream.ToArray();
    }

    /// <summary>
    /// Reads a zero-row IDV file: checks signature, version range, row count 0, offsets and tail, and decodes the column
    /// types. <paramref name="entryName"/> names the entry in error messages.
    /// </summary>
    public static IReadOnlyList<IdvColumn> Read(byte[] bytes, string entryName = "Schema")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < HeaderSize + 8)
            throw Error($"the file is {bytes.Length} bytes, shorter than the {HeaderSize}-byte header plus tail", entryName);
        var s = bytes.AsSpan();
        ulong signature = BinaryPrimitives.ReadUInt64LittleEndian(s);
        if (signature != Signature)
            throw Error($"signature is 0x{signature:X16}, expected 0x{Signature:X16} (\"CML\\0DVB\\0\"); this is not an IDV file", entryName);
        ulong version = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
        ulong compatible = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]);
        if (version < MinReadableVersion || compatible > Version)
            throw Error($"IDV version 0x{version:X16} (compatible 0x{compatible:X16}) is outside 1.1.1.4 .. 1.1.1.6", entryName);
        long toc = BinaryPrimitives.ReadInt64LittleEndian(s[24..]);
        long tail = BinaryPrimitives.ReadInt64LittleEndian(s[32..]);
        long rows = BinaryPrimitives.ReadInt64LittleEndian(s[40..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(s[48..]);
        if (rows != 0)
            throw Error($"the file holds {rows} rows; only zero-row schema files are read here", entryName);
        if (tail < HeaderSize || tail + 8 != bytes.Length)
            throw Error($"tail offset is {tail} but the file is {bytes.Length} bytes (expected tail offset = length - 8)", entryName);
        if (BinaryPrimitives.ReadUInt64LittleEndian(s[(int)tail..]) != TailSignature)
            throw Error($"tail is not 0x{TailSignature:X16}; the file is truncated or corrupt", entryName);
        if (toc < HeaderSize || toc > tail)
            throw Error($"table-of-contents offset {toc} is outside [{HeaderSize}, {tail}]", entryName);
        if (count < 1)
            throw Error($"column count is {count}; a schema has at least one column", entryName);
        var columns = new List<IdvColumn>();
        using var stream = new MemoryStream(bytes, (int)toc, (int)(tail - toc), writable: false);
        using var r = new BinaryReader(stream, new UTF8Encoding(false, true));
        try
        {
            for (int i = 0; i < count; i++)
            {
                string name = r.ReadString();
                var type = ReadCodec(r, name, entryName);
                byte compression = r.ReadByte();
                if (compression > 2)
                    throw Error($"column '{name}': compression byte {compression} is unknown (0 none, 1 Deflate); ML.NET would drop the column", entryName);
                r.Read7BitEncodedInt();  // rows per block
                r.ReadInt64();           // lookup-table offset (unused with 0 rows)
                r.ReadInt64();           // annotation TOC offset (annotations are not decoded)
                columns.Add(new IdvColumn(name, type));
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new ModelPackageException($"the table of contents ends before column {columns.Count + 1} of {count} is complete", entryName, innerException: ex);
        }
        catch (FormatException ex)
        {
            throw new ModelPackageException($"the table of contents is malformed: {ex.Message}", entryName, innerException: ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ModelPackageException($"a column name is not valid UTF-8: {ex.Message}", entryName, innerException: ex);
        }
        if (stream.Position != stream.Length)
            throw Error($"{stream.Length - stream.Position} unexpected bytes between the table of contents and the tail", entryName);
        return columns;
    }

    private static IdvColumnType ReadCodec(BinaryReader r, string column, string entryName)
    {
        string codec = r.ReadString();
        int length = r.Read7BitEncodedInt();
        var parameters = r.ReadBytes(length);
        if (parameters.Length != length)
            throw new EndOfStreamException();
        using var p = new BinaryReader(new MemoryStream(parameters), new UTF8Encoding(false, true));
        IdvColumnType type;
        switch (codec)
        {
            case "VBuffer":
                var inner = ReadCodec(p, column, entryName);
                if (inner.VectorDims is not null)
                    throw Error($"column '{column}': a vector of vectors is not a valid IDV type", entryName);
                int rank = p.ReadInt32();
                if (rank < 0 || rank > parameters.Length / 4)
                    throw Error($"column '{column}': vector rank {rank} is invalid", entryName);
                var dims = new int[rank];
                for (int i = 0; i < rank; i++)
                    dims[i] = p.ReadInt32();
                type = inner with { VectorDims = dims };
                break;
            case "Key2":
                var item = ReadCodec(p, column, entryName);
                if (!KeyItemCodecs.Contains(item.ItemCodec) || item.VectorDims is not null || item.KeyCount is not null)
                    throw Error($"column '{column}': key item codec '{item}' must be an unsigned integer codec", entryName);
                type = item with { KeyCount = p.ReadUInt64() };
                break;
            default:
                if (!ScalarCodecs.Contains(codec))
                    throw Error($"column '{column}': codec '{codec}' is unknown (ML.NET would drop the column silently); " +
                                $"known: VBuffer, Key2, {string.Join(", ", ScalarCodecs)}", entryName);
                type = new IdvColumnType(codec);
                break;
        }
        if (p.BaseStream.Position != p.BaseStream.Length)
            throw Error($"column '{column}': codec '{codec}' has {p.BaseStream.Length - p.BaseStream.Position} unread parameter bytes", entryName);
        return type;
    }

    private static ModelPackageException Error(string message, string entryName) => new(message, entryName);
}
