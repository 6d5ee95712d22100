// SafeTensorsDType: the element types the safetensors format names in its header ("dtype"), with their sizes.
// Source: the safetensors format description (huggingface/safetensors, README "Format" and the Rust Dtype enum).
namespace Experiments.ML.Packaging.SafeTensors;

/// <summary>An element type of a safetensors tensor, as spelled in the header's <c>dtype</c> field.</summary>
public enum SafeTensorsDType
{
    /// <summary><c>BOOL</c>, one byte per element.</summary>
    Bool,
    /// <summary><c>U8</c>.</summary>
    U8,
    /// <summary><c>I8</c>.</summary>
    I8,
    /// <summary><c>F8_E5M2</c>.</summary>
    F8E5M2,
    /// <summary><c>F8_E4M3</c>.</summary>
    F8E4M3,
    /// <summary><c>I16</c>.</summary>
    I16,
    /// <summary><c>U16</c>.</summary>
    U16,
    /// <summary><c>F16</c>.</summary>
    F16,
    /// <summary><c>BF16</c>.</summary>
    BF16,
    /// <summary><c>I32</c>.</summary>
    I32,
    /// <summary><c>U32</c>.</summary>
    U32,
    /// <summary><c>F32</c> (float32, what PyTorch's <c>torch.float32</c> saves as).</summary>
    F32,
    /// <summary><c>F64</c>.</summary>
    F64,
    /// <summary><c>I64</c>.</summary>
    I64,
    /// <summary><c>U64</c>.</summary>
    U64,
}

/// <summary>Header spelling and element size of each <see cref="SafeTensorsDType"/>.</summary>
public static class SafeTensorsDTypes
{
    private static readonly (SafeTensorsDType Type, string Name, int Size)[] Table =
    [
        (SafeTensorsDType.Bool, "BOOL", 1), (SafeTensorsDType.U8, "U8", 1), (SafeTensorsDType.I8, "I8", 1),
        (SafeTensorsDType.F8E5M2, "F8_E5M2", 1), (SafeTensorsDType.F8E4M3, "F8_E4M3", 1),
        (SafeTensorsDType.I16, "I16", 2), (SafeTensorsDType.U16, "U16", 2), (SafeTensorsDType.F16, "F16", 2),
        (SafeTensorsDType.BF16, "BF16", 2), (SafeTensorsDType.I32, "I32", 4), (SafeTensorsDType.U32, "U32", 4),
        (SafeTensorsDType.F32, "F32", 4), (SafeTensorsDType.F64, "F64", 8), (SafeTensorsDType.I64, "I64", 8),
        (SafeTensorsDType.U64, "U64", 8),
    ];

    /// <summary>The header spelling, e.g. <c>F32</c>.</summary>
    public static string Name(this SafeTensorsDType type) => Table[(int)type].Name;

    /// <summary>Bytes per element.</summary>
    public static int Size(this SafeTensorsDType type) => Table[(int)type].Size;

    /// <summary>Parses a header spelling (case-sensitive, as the format defines it).</summary>
    public static bool TryParse(string name, out SafeTensorsDType type)
    {
        foreach (var entry in Table)
        {
            if (entry.Name == name)
            {
                type = entry.Type;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>All header spellings, for error messages.</summary>
    public static string KnownNames => string.Join(", ", Table.Select(e => e.Name));
}
