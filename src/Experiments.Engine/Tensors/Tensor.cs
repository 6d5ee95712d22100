// Tensor: a float32, contiguous, row-major array of up to 4 dimensions, stored on a managed float[].
//
// Shapes follow PyTorch's conventions: (N, C, H, W) for images, (N, C, L) for sequences, (N, F) for
// features. A tensor is a window (offset, shape) onto a storage array; Reshape/Flatten/View/Detach return
// views that share the storage, as in PyTorch. Users never dispose tensors: the GC owns the arrays.
// This file holds the fields, the shape and element access; the other Tensor.*.cs files hold creation,
// autograd state and the ops.
using System.Runtime.CompilerServices;
using System.Text;

namespace Experiments.Engine;

/// <summary>
/// A float32, contiguous tensor of rank 0..4 (PyTorch's <c>torch.Tensor</c>, CPU, float32 only).
/// Views (<see cref="Reshape"/>, <see cref="Flatten"/>, <see cref="Detach"/>) share storage with their source.
/// </summary>
public partial class Tensor
{
    /// <summary>The largest rank a tensor may have (N, C, H, W).</summary>
    public const int MaxRank = 4;

    private readonly float[] _storage;
    private readonly int _offset;
    private readonly int[] _shape;

    /// <summary>Creates a tensor over <paramref name="storage"/>[offset .. offset + numel) (no copy).</summary>
    internal Tensor(float[] storage, int offset, int[] shape)
    {
        int length = CheckShape(shape);
        if (offset < 0 || (long)offset + length > storage.Length)
            throw new ArgumentException($"A tensor of shape {FormatShape(shape)} ({length} elements) at offset {offset} does not fit a storage of {storage.Length} elements.");
        _storage = storage;
        _offset = offset;
        _shape = shape;
        Length = length;
    }

    /// <summary>Creates a tensor that shares <paramref name="source"/>'s storage and shape (used by <c>Parameter</c>).</summary>
    protected Tensor(Tensor source)
        : this(source._storage, source._offset, (int[])source._shape.Clone())
    {
    }

    /// <summary>The dimensions, outermost first (PyTorch's <c>shape</c>).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of dimensions (PyTorch's <c>dim()</c>).</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (PyTorch's <c>numel()</c>).</summary>
    public int Length { get; }

    /// <summary>The elements in row-major order. Writing through this span changes the tensor (and its views).</summary>
    public Span<float> Data
    {
        get
        {
            if ((_base ?? this)._recycled) CheckNotRecycled();
            return _storage.AsSpan(_offset, Length);
        }
    }

    /// <summary>The backing array and the offset of element 0 in it, for kernels.</summary>
    internal float[] Storage
    {
        get
        {
            if ((_base ?? this)._recycled) CheckNotRecycled();
            return _storage;
        }
    }

    /// <summary>Offset of element 0 in <see cref="Storage"/>.</summary>
    internal int Offset => _offset;

    /// <summary>Size of dimension <paramref name="dim"/>; negative values count from the end as in PyTorch.</summary>
    public int Size(int dim) => _shape[NormalizeDim(dim)];

    /// <summary>A copy of the shape.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    /// <summary>True when the two tensors have equal shapes.</summary>
    public bool SameShape(Tensor other) => Shape.SequenceEqual(other.Shape);

    /// <summary>True when both tensors are windows onto the same storage array.</summary>
    public bool SharesStorageWith(Tensor other) => ReferenceEquals(_storage, other._storage);

    /// <summary>The value of a one-element tensor (PyTorch's <c>item()</c>).</summary>
    public float Item()
    {
        if (Length != 1)
            throw new InvalidOperationException($"Item() needs a tensor with exactly one element; this one has shape {ShapeString} ({Length} elements). Reduce it first, e.g. with Sum() or Mean().");
        return _storage[_offset];
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public float[] ToArray() => Data.ToArray();

    /// <summary>Element at (i) of a 1-D tensor.</summary>
    [IndexerName("Element")]
    public float this[int i]
    {
        get => _storage[_offset + Index(i)];
        set => _storage[_offset + Index(i)] = value;
    }

    /// <summary>Element at (i, j) of a 2-D tensor.</summary>
    [IndexerName("Element")]
    public float this[int i, int j]
    {
        get => _storage[_offset + Index(i, j)];
        set => _storage[_offset + Index(i, j)] = value;
    }

    /// <summary>Element at (i, j, k) of a 3-D tensor.</summary>
    [IndexerName("Element")]
    public float this[int i, int j, int k]
    {
        get => _storage[_offset + Index(i, j, k)];
        set => _storage[_offset + Index(i, j, k)] = value;
    }

    /// <summary>Element at (i, j, k, l) of a 4-D tensor.</summary>
    [IndexerName("Element")]
    public float this[int i, int j, int k, int l]
    {
        get => _storage[_offset + Index(i, j, k, l)];
        set => _storage[_offset + Index(i, j, k, l)] = value;
    }

    /// <summary>The shape as PyTorch prints it, e.g. <c>[64, 1, 28, 28]</c>.</summary>
    public string ShapeString => FormatShape(_shape);

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Tensor").Append(ShapeString);
        if (RequiresGrad) text.Append(", requires_grad");
        if (GradFn is { } node) text.Append(", grad_fn=").Append(node.Name);
        if (IsRecycled) text.Append(", recycled");
        else if (Length <= 8)
        {
            text.Append(" {");
            for (int i = 0; i < Length; i++)
                text.Append(i == 0 ? "" : ", ").Append(Data[i].ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
            text.Append('}');
        }
        return text.ToString();
    }

    /// <summary>Writes <paramref name="value"/> to every element (in place, not recorded by autograd).</summary>
    public Tensor Fill(float value)
    {
        Data.Fill(value);
        return this;
    }

    /// <summary>Copies <paramref name="source"/>'s elements into this tensor (same shape; in place, not recorded by autograd).</summary>
    public Tensor CopyFrom(Tensor source)
    {
        if (!SameShape(source))
            throw new ArgumentException($"CopyFrom needs equal shapes: this tensor is {ShapeString}, the source is {source.ShapeString}.", nameof(source));
        source.Data.CopyTo(Data);
        return this;
    }

    /// <summary>A new tensor with a copy of the elements (no autograd history, PyTorch's <c>detach().clone()</c>).</summary>
    public Tensor Clone() => new(Data.ToArray(), 0, ShapeArray());

    internal int NormalizeDim(int dim)
    {
        int d = dim < 0 ? dim + Rank : dim;
        if (d < 0 || d >= Rank)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"Dimension out of range for a tensor of shape {ShapeString} (expected -{Rank}..{Rank - 1}).");
        return d;
    }

    /// <summary>Checks a shape (rank 0..4, no negative sizes) and returns its element count.</summary>
    internal static int CheckShape(ReadOnlySpan<int> shape)
    {
        if (shape.Length > MaxRank)
            throw new ArgumentException($"Tensors have at most {MaxRank} dimensions; got shape {FormatShape(shape)} ({shape.Length} dimensions).");
        long length = 1;
        foreach (int size in shape)
        {
            if (size < 0)
                throw new ArgumentException($"Tensor sizes must be non-negative; got shape {FormatShape(shape)}.");
            length *= size;
            if (length > Array.MaxLength)
                throw new ArgumentException($"A tensor of shape {FormatShape(shape)} has more elements than one array can hold ({Array.MaxLength}).");
        }
        return (int)length;
    }

    /// <summary>Formats a shape like PyTorch: <c>[2, 3]</c>.</summary>
    public static string FormatShape(ReadOnlySpan<int> shape)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
            text.Append(i == 0 ? "" : ", ").Append(shape[i]);
        return text.Append(']').ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(int i)
    {
        CheckRank(1);
        CheckIndex(0, i);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(int i, int j)
    {
        CheckRank(2);
        CheckIndex(0, i); CheckIndex(1, j);
        return i * _shape[1] + j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(int i, int j, int k)
    {
        CheckRank(3);
        CheckIndex(0, i); CheckIndex(1, j); CheckIndex(2, k);
        return (i * _shape[1] + j) * _shape[2] + k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(int i, int j, int k, int l)
    {
        CheckRank(4);
        CheckIndex(0, i); CheckIndex(1, j); CheckIndex(2, k); CheckIndex(3, l);
        return ((i * _shape[1] + j) * _shape[2] + k) * _shape[3] + l;
    }

    private void CheckRank(int rank)
    {
        if (Rank != rank)
            throw new InvalidOperationException($"This indexer takes {rank} indices but the tensor has shape {ShapeString} ({Rank} dimensions).");
    }

    private void CheckIndex(int dim, int index)
    {
        if ((uint)index >= (uint)_shape[dim])
            throw new IndexOutOfRangeException($"Index {index} is out of range for dimension {dim} of size {_shape[dim]} (tensor shape {ShapeString}).");
    }
}
