// SafeTensorsFile: a safetensors file read into memory and validated by SafeTensorsReader; hands out tensors by name.
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Experiments.ML.Packaging.SafeTensors;

/// <summary>A validated safetensors file: metadata, tensor entries (in buffer order) and their data.</summary>
public sealed class SafeTensorsFile
{
    private readonly byte[] _bytes;
    private readonly long _bufferStart;
    private readonly Dictionary<string, SafeTensorInfo> _byName;

    internal SafeTensorsFile(byte[] bytes, long bufferStart, IReadOnlyList<SafeTensorInfo> tensors,
        IReadOnlyDictionary<string, string> metadata, string? source)
    {
        _bytes = bytes;
        _bufferStart = bufferStart;
        Tensors = tensors;
        Metadata = metadata;
        Source = source;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Where the file came from (path), when known; used in error messages.</summary>
    public string? Source { get; }

    /// <summary>The <c>__metadata__</c> entries (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in the order their data appears in the buffer.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors { get; }

    /// <summary>Byte length of the JSON header (the u64 at the start of the file), padding included.</summary>
    public long HeaderLength => _bufferStart - 8;

    /// <summary>Whether a tensor with this name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The entry of a tensor; throws <see cref="ModelPackageException"/> listing the names present if it is missing.</summary>
    public SafeTensorInfo this[string name] => _byName.TryGetValue(name, out var info)
        ? info
        : throw new ModelPackageException(
            $"no tensor with this name; the file holds: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}", name, Source);

    /// <summary>The raw little-endian bytes of a tensor.</summary>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        var info = this[name];
        return _bytes.AsSpan((int)(_bufferStart + info.Begin), (int)(info.End - info.Begin));
    }

    /// <summary>The elements of an F32 tensor, row-major. Other dtypes are refused with a message naming the dtype.</summary>
    public float[] ReadF32(string name)
    {
        var info = this[name];
        if (info.DType != SafeTensorsDType.F32)
            throw new ModelPackageException(
                $"expected dtype F32 but the tensor is {info.DType.Name()}; only F32 tensors can be read as float32 " +
                "(save the tensor as torch.float32)", name, Source);
        var bytes = GetBytes(name);
        var result = new float[bytes.Length / 4];
        if (BitConverter.IsLittleEndian)
            bytes.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        else
            for (int i = 0; i < result.Length; i++)
                result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        return result;
    }
}
