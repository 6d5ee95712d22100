// SafeTensorsWriter: writes float32 tensors by name in the safetensors format (huggingface/safetensors), the
// format PyTorch users load with `safetensors.torch.load_file` and numpy users read with a few lines of json.
//
// Byte layout (all little-endian; see also SafeTensorsReader):
//   [0, 8)            u64 N = byte length of the JSON header (including its space padding)
//   [8, 8 + N)        UTF-8 JSON object, padded with spaces (0x20) so that 8 + N is a multiple of 8
//                     { "__metadata__": { "key": "value", ... },          (optional, string -> string)
//                       "layers.0.bias":   { "dtype": "F32", "shape": [32], "data_offsets": [0, 128] },
//                       "layers.0.weight": { "dtype": "F32", "shape": [32, 784], "data_offsets": [128, 100480] }, ... }
//   [8 + N, end)      the byte buffer: every tensor's row-major elements, back to back, no gaps;
//                     data_offsets are [begin, end) relative to the start of this buffer.
//
// Determinism: tensors are ordered by name (ordinal), which is what the reference writer does when all tensors
// share one dtype (it sorts by alignment, then name); "__metadata__" comes first and its keys are ordinal-sorted.
// The same tensors and metadata always give the same bytes.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Experiments.ML.Packaging.SafeTensors;

/// <summary>
/// Collects named float32 tensors and string metadata and writes them as one safetensors file
/// (the format of <c>safetensors.torch.save_file</c>). Names follow PyTorch <c>state_dict</c> keys, e.g. <c>layers.0.weight</c>.
/// </summary>
public sealed class SafeTensorsWriter
{
    /// <summary>The header key the format reserves for string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    private readonly SortedDictionary<string, (float[] Data, long[] Shape)> _tensors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Adds a float32 tensor. The data is copied; its length must equal the product of <paramref name="shape"/>.</summary>
    /// <param name="name">Tensor name, e.g. <c>layers.0.weight</c>; unique, non-empty, not <c>__metadata__</c>.</param>
    /// <param name="data">Row-major elements.</param>
    /// <param name="shape">Dimensions (an empty shape is a scalar with one element).</param>
    public SafeTensorsWriter AddF32(string name, ReadOnlySpan<float> data, params long[] shape)
    {
        if (string.IsNullOrEmpty(name))
            throw new ModelPackageException("a tensor name is empty; give every tensor a name such as 'layers.0.weight'");
        if (name == MetadataKey)
            throw new ModelPackageException($"'{MetadataKey}' is reserved for metadata; rename the tensor", name);
        if (_tensors.ContainsKey(name))
            throw new ModelPackageException("the tensor name is used twice; tensor names must be unique", name);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
                throw new ModelPackageException($"shape [{string.Join(", ", shape)}] has a negative dimension", name);
            count = checked(count * d);
        }
        if (count != data.Length)
            throw new ModelPackageException(
                $"shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} values were given", name);
        _tensors.Add(name, (data.ToArray(), (long[])shape.Clone()));
        return this;
    }

    /// <summary>Adds a metadata entry (string to string), stored under <c>__metadata__</c>.</summary>
    public SafeTensorsWriter AddMetadata(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_metadata.TryAdd(key, value))
            throw new ModelPackageException("the metadata key is used twice; metadata keys must be unique", key);
        return this;
    }

    /// <summary>The serialized file.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Writes the file to a stream (from its current position).</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = BuildHeader();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        var buffer = new byte[4096 * 4];
        foreach (var (_, (data, _)) in _tensors)
        {
            // Little-endian on disk; convert element by element on a big-endian host.
            for (int start = 0; start < data.Length; start += buffer.Length / 4)
            {
                int n = Math.Min(buffer.Length / 4, data.Length - start);
                var chunk = data.AsSpan(start, n);
                if (BitConverter.IsLittleEndian)
                    MemoryMarshal.AsBytes(chunk).CopyTo(buffer);
                else
                    for (int i = 0; i < n; i++)
                        BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), chunk[i]);
                stream.Write(buffer, 0, 4 * n);
            }
        }
    }

    /// <summary>Writes the file to <paramref name="path"/> through a temp file and a rename.</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    private byte[] BuildHeader()
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (_metadata.Count > 0)
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in _metadata)
                    writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, (data, shape)) in _tensors)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafeTensorsDType.F32.Name());
                writer.WriteStartArray("shape");
                foreach (var d in shape)
                    writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += 4L * data.Length;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        // Pad with spaces so the byte buffer starts 8-byte aligned, as the reference writer does.
        int padding = (int)((8 - (8 + json.Length) % 8) % 8);
        for (int i = 0; i < padding; i++)
            json.WriteByte((byte)' ');
        return json.ToArray();
    }
}
