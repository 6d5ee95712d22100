// SafeTensorsReader: reads a safetensors file as untrusted data and validates every field before any tensor is
// handed out.
//
// Byte layout (little-endian), as SafeTensorsWriter writes it:
//   [0, 8)          u64 N, the JSON header length; must be <= MaxHeaderLength (100,000,000, the reference cap)
//                   and 8 + N <= file length
//   [8, 8 + N)      UTF-8 JSON object starting with '{', optionally followed by spaces (alignment padding):
//                     "__metadata__": { string: string, ... }                   (optional)
//                     "<name>": { "dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end] }
//   [8 + N, end)    byte buffer
//
// Checks, each with its own message: header length cap and bounds; valid UTF-8 JSON, one object, no trailing
// bytes other than whitespace; no duplicate keys at any level (Utf8JsonReader sees every key, unlike
// JsonDocument/JsonSerializer which keep the last one); exactly the keys dtype/shape/data_offsets per tensor;
// known dtype; non-negative integer dims and offsets; end >= begin; (product of shape) x (dtype size) = end - begin;
// sorted by begin, the ranges start at 0, follow each other with no gap and no overlap, and the last end equals
// the buffer length exactly.
using System.Buffers.Binary;
using System.Text.Json;

namespace Experiments.ML.Packaging.SafeTensors;

/// <summary>Reads and validates safetensors files. Every malformed file raises one <see cref="ModelPackageException"/>.</summary>
public static class SafeTensorsReader
{
    /// <summary>Largest JSON header accepted (bytes); the reference implementation uses the same cap.</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Reads a safetensors file from disk.</summary>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new ModelPackageException("the safetensors file does not exist; check the path", filePath: path);
        var length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
            throw new ModelPackageException($"the file is {length} bytes; files over {Array.MaxLength} bytes are not supported", filePath: path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a safetensors file held in memory. <paramref name="source"/> names it in error messages.</summary>
    public static SafeTensorsFile Read(byte[] bytes, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 8)
            throw Error($"the file is {bytes.Length} bytes, shorter than the 8-byte header length; it is not a safetensors file", source);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderLength)
            throw Error($"the header length is {headerLength} bytes, over the {MaxHeaderLength}-byte limit; the file is corrupt or not safetensors", source);
        if (8 + (long)headerLength > bytes.Length)
            throw Error($"the header length is {headerLength} bytes but only {bytes.Length - 8} bytes follow it; the file is truncated", source);
        var header = bytes.AsSpan(8, (int)headerLength);
        if (header.Length == 0 || header[0] != (byte)'{')
            throw Error("the JSON header must start with '{'; the file is corrupt or not safetensors", source);

        var (entries, metadata) = ParseHeader(header, source);
        long bufferStart = 8 + (long)headerLength;
        long bufferLength = bytes.Length - bufferStart;
        var ordered = Validate(entries, bufferLength, source);
        return new SafeTensorsFile(bytes, bufferStart, ordered, metadata, source);
    }

    private static List<SafeTensorInfo> Validate(List<SafeTensorInfo> entries, long bufferLength, string? source)
    {
        foreach (var e in entries)
        {
            long count = 1;
            foreach (var d in e.Shape)
            {
                if (d != 0 && count > long.MaxValue / d)
                    throw Error($"shape [{string.Join(", ", e.Shape)}] overflows a 64-bit element count", source, e.Name);
                count *= d;
            }
            if (count > long.MaxValue / e.DType.Size())
                throw Error($"shape [{string.Join(", ", e.Shape)}] overflows a 64-bit byte count", source, e.Name);
            long expected = count * e.DType.Size();
            if (e.End < e.Begin)
                throw Error($"data_offsets [{e.Begin}, {e.End}] end before they begin", source, e.Name);
            if (e.End - e.Begin != expected)
                throw Error($"shape [{string.Join(", ", e.Shape)}] of {e.DType.Name()} needs {expected} bytes but data_offsets " +
                            $"[{e.Begin}, {e.End}] span {e.End - e.Begin}", source, e.Name);
        }
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        long position = 0;
        foreach (var e in ordered)
        {
            if (e.Begin > position)
                throw Error($"data_offsets [{e.Begin}, {e.End}] leave a gap: the previous tensor ends at {position}; " +
                            "tensors must be contiguous from offset 0", source, e.Name);
            if (e.Begin < position)
                throw Error($"data_offsets [{e.Begin}, {e.End}] overlap the previous tensor, which ends at {position}", source, e.Name);
            if (e.End > bufferLength)
                throw Error($"data_offsets [{e.Begin}, {e.End}] run past the end of the {bufferLength}-byte buffer; the file is truncated",
                    source, e.Name);
            position = e.End;
        }
        if (position != bufferLength)
            throw Error($"the tensors end at buffer offset {position} but the buffer is {bufferLength} bytes; " +
                        "the file has trailing or missing bytes", source);
        return ordered;
    }

    private static (List<SafeTensorInfo>, Dictionary<string, string>) ParseHeader(ReadOnlySpan<byte> header, string? source)
    {
        var entries = new List<SafeTensorInfo>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, "the header", source, null);
            while (true)
            {
                Next(ref reader, source);
                if (reader.TokenType == JsonTokenType.EndObject)
                    break;
                string name = reader.GetString()!;
                if (!names.Add(name))
                    throw Error("the name appears twice in the header; every tensor name must be unique", source, name);
                if (name == SafeTensorsWriter.MetadataKey)
                    ReadMetadata(ref reader, metadata, source);
                else
                    entries.Add(ReadTensor(ref reader, name, source));
            }
            // Only whitespace (the alignment padding) may follow the object; Utf8JsonReader throws on anything else.
            reader.Read();
        }
        catch (JsonException ex)
        {
            throw new ModelPackageException($"the header is not valid JSON: {ex.Message}", filePath: source, innerException: ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new ModelPackageException($"the header is not valid JSON: {ex.Message}", filePath: source, innerException: ex);
        }
        return (entries, metadata);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string? source)
    {
        const string entry = SafeTensorsWriter.MetadataKey;
        Expect(ref reader, JsonTokenType.StartObject, "__metadata__", source, entry);
        while (true)
        {
            Next(ref reader, source);
            if (reader.TokenType == JsonTokenType.EndObject)
                return;
            string key = reader.GetString()!;
            Next(ref reader, source);
            if (reader.TokenType != JsonTokenType.String)
                throw Error($"metadata value of '{key}' is {reader.TokenType}; metadata values must be strings", source, entry);
            if (!metadata.TryAdd(key, reader.GetString()!))
                throw Error($"metadata key '{key}' appears twice", source, entry);
        }
    }

    private static SafeTensorInfo ReadTensor(ref Utf8JsonReader reader, string name, string? source)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a tensor entry", source, name);
        SafeTensorsDType? dtype = null;
        List<long>? shape = null, offsets = null;
        while (true)
        {
            Next(ref reader, source);
            if (reader.TokenType == JsonTokenType.EndObject)
                break;
            string key = reader.GetString()!;
            switch (key)
            {
                case "dtype":
                    if (dtype is not null)
                        throw Error("'dtype' appears twice", source, name);
                    Next(ref reader, source);
                    if (reader.TokenType != JsonTokenType.String)
                        throw Error($"'dtype' is {reader.TokenType}, expected a string such as \"F32\"", source, name);
                    var spelled = reader.GetString()!;
                    if (!SafeTensorsDTypes.TryParse(spelled, out var parsed))
                        throw Error($"unknown dtype \"{spelled}\"; known dtypes: {SafeTensorsDTypes.KnownNames}", source, name);
                    dtype = parsed;
                    break;
                case "shape":
                    if (shape is not null)
                        throw Error("'shape' appears twice", source, name);
                    shape = ReadIntegers(ref reader, "shape", source, name);
                    break;
                case "data_offsets":
                    if (offsets is not null)
                        throw Error("'data_offsets' appears twice", source, name);
                    offsets = ReadIntegers(ref reader, "data_offsets", source, name);
                    if (offsets.Count != 2)
                        throw Error($"'data_offsets' has {offsets.Count} numbers, expected 2: [begin, end]", source, name);
                    break;
                default:
                    throw Error($"unexpected key '{key}' in a tensor entry; expected dtype, shape and data_offsets", source, name);
            }
        }
        if (dtype is null || shape is null || offsets is null)
        {
            var missing = new[] { dtype is null ? "dtype" : null, shape is null ? "shape" : null, offsets is null ? "data_offsets" : null };
            throw Error($"the tensor entry lacks {string.Join(", ", missing.Where(m => m is not null))}", source, name);
        }
        return new SafeTensorInfo(name, dtype.Value, shape, offsets[0], offsets[1]);
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string key, string? source, string name)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"'{key}'", source, name);
        var values = new List<long>();
        while (true)
        {
            Next(ref reader, source);
            if (reader.TokenType == JsonTokenType.EndArray)
                return values;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
                throw Error($"'{key}' holds {TokenText(ref reader)}; expected non-negative integers", source, name);
            values.Add(value);
        }
    }

    private static string TokenText(ref Utf8JsonReader reader) =>
        reader.TokenType is JsonTokenType.Number or JsonTokenType.String
            ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan)
            : reader.TokenType.ToString();

    private static void Next(ref Utf8JsonReader reader, string? source)
    {
        if (!reader.Read())
            throw Error("the JSON header ends early; the file is truncated or corrupt", source);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what, string? source, string? name)
    {
        Next(ref reader, source);
        if (reader.TokenType != type)
            throw Error($"{what} is {reader.TokenType}, expected {type}", source, name);
    }

    private static ModelPackageException Error(string message, string? source, string? entry = null) =>
        new(message, entry, source);
}
