// ModelKeyFile: one ML.NET "Model.key" stream (ModelHeader format, "ML\0MODEL" v1.1.2): a 256-byte header, the
// component's model block, its string table, the loader assembly's name and an 8-byte tail.
// Spec: /work/shared/docs/mlnet-model-zip.md §3 (offsets, adjacency rules, reader checks).
//
// Byte layout (little-endian; offsets from the start of the stream):
//   0x00 u64 Signature 0x4C45444F4D004C4D ("ML\0MODEL")   0x08 u32 VerWritten 0x00010002   0x0C u32 VerReadable 0x00010002
//   0x10 i64 FpModel = 0x100          0x18 i64 CbModel
//   0x20 i64 FpStringTable (0 if none)  0x28 i64 CbStringTable = 8 x strings
//   0x30 i64 FpStringChars (0 if none)  0x38 i64 CbStringChars = UTF-16 bytes of all strings
//   0x40 u64 ModelSignature (8 ASCII chars, space stored as 0x00)   0x48 u32 ModelVerWritten   0x4C u32 ModelVerReadable
//   0x50 24 B LoaderSignature (ASCII, zero-padded)   0x68 24 B LoaderSignatureAlt (ASCII, zero-padded, may be empty)
//   0x80 i64 FpTail   0x88 i64 FpLim = FpTail + 8   0x90 i64 FpAssemblyName   0x98 u32 CbAssemblyName   0x9C..0xFF zeros
//   0x100                model block (CbModel bytes)
//   FpStringTable        i64 per string: cumulative end offset (bytes) in the characters block
//   FpStringChars        UTF-16LE characters, no prefixes, no terminators
//   FpAssemblyName       UTF-16LE loader assembly full name
//   FpTail               u64 0x4D4C004D4F44454C ("LEDOM\0LM")
// Blocks are contiguous in this order; the reader checks every adjacency, the versions and the tail.
using System.Buffers.Binary;
using System.Text;

namespace Experiments.ML.Packaging.MLNet;

/// <summary>Identity and version of the component a <c>Model.key</c> holds (ML.NET's <c>VersionInfo</c>).</summary>
/// <param name="ModelSignature">Exactly 8 ASCII characters, e.g. <c>"XF CHAIN"</c>.</param>
/// <param name="VerWritten">Payload version written.</param>
/// <param name="VerReadable">Oldest reader version that understands the payload.</param>
/// <param name="LoaderSignature">Name ML.NET's component catalog looks the loader up by, e.g. <c>TransformerChain</c> (≤ 24 ASCII chars).</param>
/// <param name="LoaderSignatureAlt">Alternate loader name, or "".</param>
/// <param name="LoaderAssemblyName">Full name of the assembly holding the loader.</param>
public sealed record ModelKeyComponent(string ModelSignature, uint VerWritten, uint VerReadable, string LoaderSignature,
    string LoaderSignatureAlt, string LoaderAssemblyName);

/// <summary>A parsed or to-be-written <c>Model.key</c>: component identity, model block and string table.</summary>
public sealed class ModelKeyFile
{
    /// <summary>Header signature, bytes "ML\0MODEL".</summary>
    public const ulong Signature = 0x4C45444F4D004C4D;
    /// <summary>Tail, bytes "LEDOM\0LM".</summary>
    public const ulong TailSignature = 0x4D4C004D4F44454C;
    /// <summary>Header format version written (and the newest one ML.NET reads).</summary>
    public const uint HeaderVersion = 0x00010002;
    /// <summary>Oldest header format version ML.NET reads.</summary>
    public const uint MinHeaderVersion = 0x00010001;
    /// <summary>Header size; the model block starts here.</summary>
    public const int HeaderSize = 0x100;

    /// <summary>Full name of Microsoft.ML.Data (TransformerChain and the simple column transforms).</summary>
    public const string MicrosoftMLDataAssembly = "Microsoft.ML.Data, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";
    /// <summary>Full name of Microsoft.ML.OnnxTransformer.</summary>
    public const string MicrosoftMLOnnxTransformerAssembly = "Microsoft.ML.OnnxTransformer, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";

    public ModelKeyFile(ModelKeyComponent component, byte[] modelBlock, IReadOnlyList<string> strings)
    {
        Component = component ?? throw new ArgumentNullException(nameof(component));
        ModelBlock = modelBlock ?? throw new ArgumentNullException(nameof(modelBlock));
        Strings = strings ?? throw new ArgumentNullException(nameof(strings));
        if (component.ModelSignature.Length != 8 || component.ModelSignature.Any(c => c > 0x7E || (c < 0x20)))
            throw new ModelPackageException($"model signature \"{component.ModelSignature}\" must be exactly 8 printable ASCII characters");
        CheckAsciiField(component.LoaderSignature, "loader signature");
        CheckAsciiField(component.LoaderSignatureAlt, "alternate loader signature");
    }

    /// <summary>Component identity and version.</summary>
    public ModelKeyComponent Component { get; }

    /// <summary>The component payload.</summary>
    public byte[] ModelBlock { get; }

    /// <summary>The string table; payloads refer to strings by their i32 index.</summary>
    public IReadOnlyList<string> Strings { get; }

    /// <summary>Serializes the stream as ML.NET writes it.</summary>
    public byte[] ToBytes()
    {
        var chars = Strings.Select(s => Encoding.Unicode.GetBytes(s)).ToArray();
        long cbModel = ModelBlock.Length;
        long cbTable = 8L * chars.Length;
        long cbChars = chars.Sum(c => (long)c.Length);
        var assembly = Encoding.Unicode.GetBytes(Component.LoaderAssemblyName);
        long fpTable = chars.Length == 0 ? 0 : HeaderSize + cbModel;
        long fpChars = chars.Length == 0 ? 0 : fpTable + cbTable;
        long fpAssembly = HeaderSize + cbModel + cbTable + cbChars;
        long fpTail = fpAssembly + assembly.Length;
        var bytes = new byte[fpTail + 8];
        var s = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x00..], Signature);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x08..], HeaderVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x0C..], HeaderVersion);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x10..], HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x18..], cbModel);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x20..], fpTable);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x28..], cbTable);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x30..], fpChars);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x38..], chars.Length == 0 ? 0 : cbChars);
        for (int i = 0; i < 8; i++)
            s[0x40 + i] = Component.ModelSignature[i] == ' ' ? (byte)0 : (byte)Component.ModelSignature[i];
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x48..], Component.VerWritten);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x4C..], Component.VerReadable);
        Encoding.ASCII.GetBytes(Component.LoaderSignature, s[0x50..0x68]);
        Encoding.ASCII.GetBytes(Component.LoaderSignatureAlt, s[0x68..0x80]);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x80..], fpTail);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x88..], fpTail + 8);
        BinaryPrimitives.WriteInt64LittleEndian(s[0x90..], assembly.Length == 0 ? 0 : fpAssembly);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x98..], (uint)assembly.Length);
        ModelBlock.CopyTo(s[HeaderSize..]);
        long end = 0;
        for (int i = 0; i < chars.Length; i++)
        {
            end += chars[i].Length;
            BinaryPrimitives.WriteInt64LittleEndian(s[(int)(fpTable + 8 * i)..], end);
            chars[i].CopyTo(s[(int)(fpChars + end - chars[i].Length)..]);
        }
        assembly.CopyTo(s[(int)fpAssembly..]);
        BinaryPrimitives.WriteUInt64LittleEndian(s[(int)fpTail..], TailSignature);
        return bytes;
    }

    /// <summary>
    /// Parses and validates a <c>Model.key</c> stream with the checks ML.NET's reader makes (signature, versions,
    /// block adjacency, length, tail). <paramref name="entryName"/> names the zip entry in error messages.
    /// </summary>
    public static ModelKeyFile Read(byte[] bytes, string entryName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < HeaderSize + 8)
            throw Error($"the stream is {bytes.Length} bytes, shorter than the {HeaderSize}-byte header plus tail", entryName);
        var s = bytes.AsSpan();
        ulong signature = BinaryPrimitives.ReadUInt64LittleEndian(s);
        if (signature != Signature)
            throw Error($"header signature is 0x{signature:X16}, expected 0x{Signature:X16} (\"ML\\0MODEL\"); this is not an ML.NET Model.key", entryName);
        uint verWritten = BinaryPrimitives.ReadUInt32LittleEndian(s[0x08..]);
        uint verReadable = BinaryPrimitives.ReadUInt32LittleEndian(s[0x0C..]);
        if (verReadable > verWritten || verReadable > HeaderVersion || verWritten < MinHeaderVersion)
            throw Error($"header versions written 0x{verWritten:X8} / readable 0x{verReadable:X8} are not supported; " +
                        $"expected readable <= written, readable <= 0x{HeaderVersion:X8}, written >= 0x{MinHeaderVersion:X8}", entryName);
        long fpModel = I64(s, 0x10), cbModel = I64(s, 0x18);
        long fpTable = I64(s, 0x20), cbTable = I64(s, 0x28), fpChars = I64(s, 0x30), cbChars = I64(s, 0x38);
        long fpTail = I64(s, 0x80), fpLim = I64(s, 0x88), fpAssembly = I64(s, 0x90);
        long cbAssembly = BinaryPrimitives.ReadUInt32LittleEndian(s[0x98..]);
        if (fpModel != HeaderSize)
            throw Error($"FpModel is 0x{fpModel:X}, expected 0x{HeaderSize:X} (the model block follows the header)", entryName);
        if (cbModel < 0 || cbModel > bytes.Length - HeaderSize)
            throw Error($"CbModel is {cbModel} but the stream has {bytes.Length - HeaderSize} bytes after the header", entryName);
        long position = fpModel + cbModel;
        string[] strings;
        if (cbTable == 0)
        {
            if (fpTable != 0 || fpChars != 0 || cbChars != 0)
                throw Error($"there are no strings (CbStringTable = 0) but FpStringTable/FpStringChars/CbStringChars are " +
                            $"0x{fpTable:X}/0x{fpChars:X}/{cbChars}, expected all 0", entryName);
            strings = [];
        }
        else
        {
            if (fpTable != position)
                throw Error($"FpStringTable is 0x{fpTable:X}, expected 0x{position:X} (right after the model block)", entryName);
            if (cbTable < 0 || cbTable % 8 != 0 || cbTable > bytes.Length - fpTable)
                throw Error($"CbStringTable is {cbTable}; it must be a multiple of 8 that fits in the stream", entryName);
            if (fpChars != fpTable + cbTable)
                throw Error($"FpStringChars is 0x{fpChars:X}, expected 0x{fpTable + cbTable:X} (right after the string table)", entryName);
            if (cbChars < 0 || cbChars % 2 != 0 || cbChars > bytes.Length - fpChars)
                throw Error($"CbStringChars is {cbChars}; it must be an even byte count that fits in the stream", entryName);
            strings = new string[cbTable / 8];
            long start = 0;
            for (int i = 0; i < strings.Length; i++)
            {
                long end = I64(s, (int)(fpTable + 8 * i));
                if (end < start || end > cbChars || end % 2 != 0)
                    throw Error($"string {i} ends at character byte {end}, after {start} and within {cbChars} expected (even)", entryName);
                strings[i] = Encoding.Unicode.GetString(s.Slice((int)(fpChars + start), (int)(end - start)));
                start = end;
            }
            if (start != cbChars)
                throw Error($"the last string ends at {start} but CbStringChars is {cbChars}", entryName);
            position = fpChars + cbChars;
        }
        string assembly = "";
        if (fpAssembly != 0)
        {
            if (fpAssembly != position)
                throw Error($"FpAssemblyName is 0x{fpAssembly:X}, expected 0x{position:X} (right after the strings)", entryName);
            if (cbAssembly % 2 != 0 || cbAssembly > bytes.Length - fpAssembly)
                throw Error($"CbAssemblyName is {cbAssembly}; it must be an even byte count that fits in the stream", entryName);
            assembly = Encoding.Unicode.GetString(s.Slice((int)fpAssembly, (int)cbAssembly));
            position = fpAssembly + cbAssembly;
        }
        else if (cbAssembly != 0)
            throw Error($"FpAssemblyName is 0 but CbAssemblyName is {cbAssembly}", entryName);
        if (fpTail != position)
            throw Error($"FpTail is 0x{fpTail:X}, expected 0x{position:X} (right after the assembly name)", entryName);
        if (fpLim != fpTail + 8)
            throw Error($"FpLim is 0x{fpLim:X}, expected FpTail + 8 = 0x{fpTail + 8:X}", entryName);
        if (bytes.Length < fpLim)
            throw Error($"the stream is {bytes.Length} bytes but FpLim is {fpLim}; it is truncated", entryName);
        ulong tail = BinaryPrimitives.ReadUInt64LittleEndian(s[(int)fpTail..]);
        if (tail != TailSignature)
            throw Error($"tail is 0x{tail:X16}, expected 0x{TailSignature:X16} (\"LEDOM\\0LM\")", entryName);

        var modelSignature = new string(s.Slice(0x40, 8).ToArray().Select(b => b == 0 ? ' ' : (char)b).ToArray());
        var component = new ModelKeyComponent(modelSignature, BinaryPrimitives.ReadUInt32LittleEndian(s[0x48..]),
            BinaryPrimitives.ReadUInt32LittleEndian(s[0x4C..]), AsciiField(s.Slice(0x50, 24)), AsciiField(s.Slice(0x68, 24)), assembly);
        if (component.VerReadable > component.VerWritten)
            throw Error($"component {modelSignature}: ModelVerReadable 0x{component.VerReadable:X8} > ModelVerWritten 0x{component.VerWritten:X8}", entryName);
        return new ModelKeyFile(component, s.Slice(HeaderSize, (int)cbModel).ToArray(), strings);
    }

    private static long I64(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadInt64LittleEndian(s[offset..]);

    private static string AsciiField(ReadOnlySpan<byte> field)
    {
        int length = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(length < 0 ? field : field[..length]);
    }

    private static void CheckAsciiField(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 24 || value.Any(c => c is < (char)0x21 or > (char)0x7E))
            throw new ModelPackageException($"{what} \"{value}\" must be at most 24 printable ASCII characters without spaces");
    }

    private static ModelPackageException Error(string message, string entryName) => new(message, entryName);
}
