// ModelKeyPayloadWriter / ModelKeyPayloadReader: the primitive encodings ML.NET component payloads use inside a
// Model.key model block (spec §3): raw little-endian i32/i64/u64, strings as i32 ids into the Model.key string
// table (interned: ids 0..n-1 in order of first use, duplicates reuse their id, -1 = null), "int array" = i32 count
// + count x i32 (a count of 0 reads back as null).
using System.Buffers.Binary;

namespace Experiments.ML.Packaging.MLNet;

/// <summary>Builds a component payload and its string table, then wraps both in a <see cref="ModelKeyFile"/>.</summary>
public sealed class ModelKeyPayloadWriter
{
    private readonly MemoryStream _block = new();
    private readonly List<string> _strings = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>Writes a raw little-endian i32.</summary>
    public ModelKeyPayloadWriter WriteInt32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        _block.Write(b);
        return this;
    }

    /// <summary>Writes a string as its i32 id in the string table (interning it on first use); null writes -1.</summary>
    public ModelKeyPayloadWriter WriteStringId(string? value)
    {
        if (value is null)
            return WriteInt32(-1);
        if (!_ids.TryGetValue(value, out var id))
        {
            id = _strings.Count;
            _strings.Add(value);
            _ids.Add(value, id);
        }
        return WriteInt32(id);
    }

    /// <summary>Writes an "int array": i32 count then the values.</summary>
    public ModelKeyPayloadWriter WriteIntArray(IReadOnlyList<int> values)
    {
        WriteInt32(values.Count);
        foreach (var v in values)
            WriteInt32(v);
        return this;
    }

    /// <summary>The finished <c>Model.key</c>.</summary>
    public ModelKeyFile ToModelKey(ModelKeyComponent component) => new(component, _block.ToArray(), _strings.ToArray());
}

/// <summary>Reads a component payload from a <see cref="ModelKeyFile"/>, checking bounds and that it ends exactly at the block end.</summary>
public sealed class ModelKeyPayloadReader
{
    private readonly ModelKeyFile _file;
    private readonly string _entryName;
    private int _position;

    public ModelKeyPayloadReader(ModelKeyFile file, string entryName)
    {
        _file = file ?? throw new ArgumentNullException(nameof(file));
        _entryName = entryName;
    }

    /// <summary>Reads a raw little-endian i32.</summary>
    public int ReadInt32()
    {
        if (_position + 4 > _file.ModelBlock.Length)
            throw new ModelPackageException($"the {_file.Component.ModelSignature} payload ends at byte {_file.ModelBlock.Length}, " +
                                            $"but another i32 was expected at byte {_position}", _entryName);
        var value = BinaryPrimitives.ReadInt32LittleEndian(_file.ModelBlock.AsSpan(_position));
        _position += 4;
        return value;
    }

    /// <summary>Reads an i32 string id and returns the string (null for -1).</summary>
    public string? ReadStringOrNull()
    {
        int id = ReadInt32();
        if (id == -1)
            return null;
        if (id < 0 || id >= _file.Strings.Count)
            throw new ModelPackageException($"string id {id} is outside the string table of {_file.Strings.Count} strings", _entryName);
        return _file.Strings[id];
    }

    /// <summary>Reads a string id that must not be null or empty.</summary>
    public string ReadNonEmptyString(string what)
    {
        var value = ReadStringOrNull();
        return string.IsNullOrEmpty(value)
            ? throw new ModelPackageException($"{what} is {(value is null ? "null" : "empty")}; it must be a non-empty string", _entryName)
            : value;
    }

    /// <summary>Reads an "int array" (null when the count is 0).</summary>
    public int[]? ReadIntArray()
    {
        int count = ReadInt32();
        if (count < 0 || count > (_file.ModelBlock.Length - _position) / 4)
            throw new ModelPackageException($"int array count {count} does not fit in the payload", _entryName);
        if (count == 0)
            return null;
        var values = new int[count];
        for (int i = 0; i < count; i++)
            values[i] = ReadInt32();
        return values;
    }

    /// <summary>Whether the whole block has been read.</summary>
    public bool AtEnd => _position == _file.ModelBlock.Length;

    /// <summary>Checks that reading stopped exactly at the end of the block (ML.NET's <c>Done()</c> check).</summary>
    public void EnsureAtEnd()
    {
        if (!AtEnd)
            throw new ModelPackageException($"the {_file.Component.ModelSignature} payload has {_file.ModelBlock.Length - _position} " +
                                            $"unread bytes after byte {_position}; the payload version does not match its content", _entryName);
    }
}
