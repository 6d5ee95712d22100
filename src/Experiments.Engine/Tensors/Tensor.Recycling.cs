// Buffer reuse on the tensor side: which tensors own a pooled array, which are graph-internal intermediates whose
// array may go back to BufferPool, and the guard that makes a recycled tensor fail loudly instead of reading
// another step's values.
//
// Lifetime rules (README.md, "Buffer reuse"): an op output rents its array from BufferPool and OWNS it (views made
// from it by Reshape/Flatten/Narrow/Detach share it and point back to the owner). The array returns to the pool only
// when the owner is (1) marked graph-internal — Sequential marks the outputs of its inner layers that nobody outside
// can see (no forward hooks, not the Sequential's result, not a view of it) — and (2) no longer needed: after
// Backward ran its node (without retainGraph), or, in a no-grad forward, once the next layer's output exists.
// RetainValues() opts a tensor out. Reading a recycled tensor (or a view of it) throws and says so.
namespace Experiments.Engine;

public partial class Tensor
{
    private readonly Tensor? _base;          // the tensor whose storage this view shares (the owner), or null
    private bool _ownsPooledStorage;         // _storage came from BufferPool.RentFloats for this tensor
    private bool _graphInternal;             // an intermediate nobody outside the graph can reach
    private bool _retainValues;              // opted out of recycling
    private bool _recycled;                  // _storage went back to the pool: the values are gone
    private bool _gradPooled;                // _grad was rented by EnsureGrad (intermediate gradient)

    /// <summary>A view over <paramref name="owner"/>'s storage (recycling state is the owner's).</summary>
    private Tensor(Tensor owner, int offset, int[] shape)
        : this(owner._storage, offset, shape)
    {
        _base = owner._base ?? owner;
    }

    /// <summary>
    /// True when this tensor's storage went back to <see cref="BufferPool"/> after its graph was done with it (only
    /// graph-internal intermediates of a <c>Sequential</c> are recycled). Its values can no longer be read.
    /// </summary>
    public bool IsRecycled => (_base ?? this)._recycled;

    /// <summary>
    /// Keeps this tensor's values (and those of the tensor it is a view of) out of buffer reuse: call it on an
    /// intermediate you hold on to past <c>Backward()</c> or past the next layer of a no-grad forward.
    /// </summary>
    public Tensor RetainValues()
    {
        Tensor owner = _base ?? this;
        if (owner._recycled)
            throw new InvalidOperationException($"RetainValues() was called on a tensor {ShapeString} whose storage was already recycled. Call it right after the forward pass that produced the tensor, before Backward().");
        owner._retainValues = true;
        return this;
    }

    /// <summary>An op output over a pooled array (this tensor owns it); zeroed when <paramref name="clear"/>. Takes ownership of <paramref name="shape"/>.</summary>
    internal static Tensor Rent(bool clear, int[] shape)
    {
        int length = CheckShape(shape);
        float[] storage = BufferPool.RentFloats(length);
        if (clear) Array.Clear(storage);
        return new Tensor(storage, 0, shape) { _ownsPooledStorage = true };
    }

    /// <summary>A pooled op output with this tensor's shape (see <see cref="Rent(bool, int[])"/>).</summary>
    internal Tensor RentLike(bool clear = false) => Rent(clear, (int[])_shape.Clone());

    /// <summary>Same as <see cref="Rent(bool, int[])"/> for an explicit shape list.</summary>
    internal static Tensor RentShape(bool clear, params int[] shape) => Rent(clear, shape);

    /// <summary>A view with the given offset and shape that shares this tensor's storage and recycling state.</summary>
    internal Tensor ViewOf(int offset, int[] shape) => new(this, offset, shape);

    /// <summary>Marks the storage owner of this tensor as a graph-internal intermediate (Sequential does this).</summary>
    internal void MarkGraphInternal()
    {
        Tensor owner = _base ?? this;
        if (owner._ownsPooledStorage) owner._graphInternal = true;
    }

    /// <summary>Returns the storage to the pool when this tensor owns it, is graph-internal and not retained.</summary>
    internal void TryRecycle()
    {
        if (!_ownsPooledStorage || !_graphInternal || _retainValues || _recycled) return;
        _recycled = true;
        BufferPool.Return(_storage);
    }

    /// <summary>Drops the gradient; a gradient EnsureGrad rented goes back to the pool.</summary>
    internal void ReleaseGrad()
    {
        if (_grad is { } g && _gradPooled)
        {
            g._recycled = true;
            BufferPool.Return(g._storage);
        }
        _grad = null;
        _gradPooled = false;
    }

    private void CheckNotRecycled()
    {
        if (IsRecycled)
            throw new InvalidOperationException($"This tensor {ShapeString} is an intermediate of a Sequential whose storage was recycled after Backward() (or after the next layer in a no-grad forward). Call RetainValues() on it right after the forward pass to keep it, or read the values before Backward().");
    }
}
