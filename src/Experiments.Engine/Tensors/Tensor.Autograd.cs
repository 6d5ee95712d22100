// The autograd state of a tensor (RequiresGrad, Grad, GradFn) and the reverse-mode graph walk (Backward).
//
// Semantics follow PyTorch: Backward() ADDS into .Grad of leaf tensors (accumulate-then-zero: optimizers or
// ZeroGrad clear it); gradients of intermediate tensors are freed after use unless RetainGrad() was called;
// the graph is freed after a pass unless retainGraph is true.
namespace Experiments.Engine;

public partial class Tensor
{
    private bool _requiresGrad;
    private bool _retainsGrad;
    private Tensor? _grad;

    /// <summary>
    /// Whether gradients flow to this tensor. Settable on leaves only (tensors no op produced);
    /// results of ops require grad when any input does and recording is on.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null)
                throw new InvalidOperationException($"RequiresGrad can only be changed on leaf tensors; this tensor was computed by {GradFn.Name}. Use Detach() to get a leaf that shares its values.");
            _requiresGrad = value;
        }
    }

    /// <summary>The op that produced this tensor, or null for leaves (PyTorch's <c>grad_fn</c>).</summary>
    public GradNode? GradFn { get; private set; }

    /// <summary>True when no recorded op produced this tensor (PyTorch's <c>is_leaf</c>).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>
    /// The accumulated gradient (PyTorch's <c>.grad</c>): null until a Backward pass reaches this tensor; each
    /// pass adds to it. Intermediate tensors keep theirs only after <see cref="RetainGrad"/>.
    /// </summary>
    public Tensor? Grad
    {
        get => _grad;
        set
        {
            if (value is not null && !SameShape(value))
                throw new ArgumentException($"A gradient must have the tensor's shape {ShapeString}; got {value.ShapeString}.", nameof(value));
            _grad = value;
            _gradPooled = false;
        }
    }

    /// <summary>Keeps this intermediate tensor's gradient after Backward (PyTorch's <c>retain_grad()</c>).</summary>
    public Tensor RetainGrad()
    {
        _retainsGrad = true;
        return this;
    }

    /// <summary>Sets the gradient to zeros in place (keeping the buffer), if there is one.</summary>
    public void ZeroGrad() => _grad?.Data.Clear();

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (PyTorch's <c>requires_grad_()</c>).</summary>
    public Tensor RequireGrad(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    internal void AttachGradFn(GradNode node)
    {
        GradFn = node;
        _requiresGrad = true;
    }

    // Leaves (parameters) keep a gradient buffer for good; an intermediate's gradient lives for one Backward pass,
    // so it is rented from the pool and returned by ReleaseGrad.
    internal Tensor EnsureGrad()
    {
        if (_grad is { } g) return g;
        if (GradFn is null) return _grad = Zeros(_shape);
        _gradPooled = true;
        return _grad = Rent(clear: true, (int[])_shape.Clone());
    }

    /// <summary>
    /// Computes gradients of this tensor with respect to every leaf that requires grad, adding them into their
    /// <see cref="Grad"/> (PyTorch's <c>backward()</c>). Without <paramref name="gradient"/> the tensor must hold one
    /// element (a loss); otherwise <paramref name="gradient"/> is dL/d(this), same shape.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!RequiresGrad)
            throw new InvalidOperationException($"Backward() was called on a tensor that does not require grad ({this}). Set RequiresGrad on the parameters (or use Parameter) and make sure the loss was not computed inside Autograd.NoGrad().");
        if (gradient is null && Length != 1)
            throw new InvalidOperationException($"Backward() without a gradient needs a one-element tensor (a loss); this one has shape {ShapeString}. Reduce it (Sum/Mean) or pass the gradient.");
        if (gradient is not null && !SameShape(gradient))
            throw new ArgumentException($"The gradient passed to Backward must have the tensor's shape {ShapeString}; got {gradient.ShapeString}.", nameof(gradient));

        var walk = TakeWalk();
        try
        {
            List<Tensor> order = TopologicalOrder(walk);
            if (gradient is null) EnsureGrad().Data[0] += 1f;
            else Autograd.AccumulateInto(this, gradient.Data);

            using (Autograd.NoGrad())
            {
                for (int i = order.Count - 1; i >= 0; i--)
                {
                    Tensor t = order[i];
                    GradNode? node = t.GradFn;
                    if (node is null) continue;
                    if (t._grad is { } g) node.RunBackward(g); // a released node throws the "second time" error
                    if (!t._retainsGrad) t.ReleaseGrad();
                    if (!retainGraph)
                    {
                        node.Release();
                        // Every consumer of t ran before it (reverse topological order) and t's own node just ran:
                        // nothing in this graph reads t again, so a graph-internal t can give its storage back.
                        t.TryRecycle();
                    }
                }
            }
        }
        finally
        {
            ReturnWalk(walk);
        }
    }

    // The graph walk's collections, kept per thread so a Backward pass allocates none in steady state.
    private sealed class Walk
    {
        public readonly List<Tensor> Order = [];
        public readonly HashSet<Tensor> Visited = new(ReferenceEqualityComparer.Instance);
        public readonly Stack<(Tensor Tensor, int NextInput)> Stack = new();
    }

    [ThreadStatic] private static Walk? _cachedWalk;

    private static Walk TakeWalk()
    {
        Walk walk = _cachedWalk ?? new Walk();
        _cachedWalk = null;                 // a nested Backward (from a backward function) gets its own
        return walk;
    }

    private static void ReturnWalk(Walk walk)
    {
        walk.Order.Clear();
        walk.Visited.Clear();
        walk.Stack.Clear();
        _cachedWalk = walk;
    }

    // Post-order depth-first walk over tensors that require grad, iterative so deep graphs cannot overflow
    // the stack. Reversed, it lists every tensor after all the tensors computed from it.
    private List<Tensor> TopologicalOrder(Walk walk)
    {
        var (order, visited, stack) = (walk.Order, walk.Visited, walk.Stack);
        visited.Add(this);
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            ReadOnlySpan<Tensor> inputs = t.GradFn is { IsReleased: false } node ? node.Inputs : default;
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                Tensor input = inputs[next];
                if (input.RequiresGrad && visited.Add(input))
                    stack.Push((input, 0));
            }
            else
            {
                order.Add(t);
            }
        }
        return order;
    }
}
