// IdxReadOptions: what a caller of IdxReader can ask for: a size cap and the element type and rank it expects.
namespace Experiments.ML.Data.Idx;

/// <summary>
/// Options for <see cref="IdxReader"/>. All checks happen on the header, before the payload is allocated.
/// </summary>
public sealed record IdxReadOptions
{
    /// <summary>Default cap on the decoded payload: 1 GiB (Fashion-MNIST train images are 47 MB).</summary>
    public const long DefaultMaxPayloadBytes = 1L << 30;

    /// <summary>Largest payload (element count times element size, in bytes) the reader will allocate.</summary>
    public long MaxPayloadBytes { get; init; } = DefaultMaxPayloadBytes;

    /// <summary>When set, a file of any other element type is rejected.</summary>
    public IdxElementType? ExpectedElementType { get; init; }

    /// <summary>When set, a file with any other number of dimensions is rejected.</summary>
    public int? ExpectedRank { get; init; }

    /// <summary>What the caller expects, in words, for messages ("a 3-D u8 image file"). Optional.</summary>
    public string? ExpectedDescription { get; init; }

    /// <summary>Shared default instance.</summary>
    public static IdxReadOptions Default { get; } = new();
}
