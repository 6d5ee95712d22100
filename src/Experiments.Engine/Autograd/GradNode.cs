// GradNode: one recorded operation in the define-by-run graph (PyTorch's grad_fn).
//
// How autograd works here (micrograd-style): every op computes its forward result eagerly and, when
// gradients are wanted, calls Autograd.Record(output, name, inputs, backward). The backward delegate is
// written right next to the forward, receives the gradient of the output (same shape as the output) and
// ADDS each input's gradient into Autograd.GradSink(input) — or calls Autograd.AccumulateInto — for the
// inputs with RequiresGrad. Tensor.Backward() visits nodes in reverse topological order, so by the time a
// node runs, its output gradient holds the sum over all consumers.
//
// Adding a primitive op (in its own file, e.g. NN/Functional/Functional.Conv2d.cs):
//
//     public static Tensor Square(Tensor x)                       // forward: (any shape) -> same shape
//     {
//         var y = Tensor.Zeros(x.ShapeArray());
//         for (int i = 0; i < x.Length; i++) y.Data[i] = x.Data[i] * x.Data[i];
//         Autograd.Record(y, "Square", [x], gy =>                // backward: dL/dx += 2x * dL/dy
//         {
//             if (!x.RequiresGrad) return;
//             Span<float> gx = Autograd.GradSink(x);
//             for (int i = 0; i < x.Length; i++) gx[i] += 2 * x.Data[i] * gy.Data[i];
//         });
//         return y;
//     }
//
// Rules: never overwrite a gradient sink (always add); read forward values captured by the closure, not
// re-computed ones, unless recomputation is cheaper and exact; add a golden case to
// tests/Experiments.Engine.Tests/Goldens/generate_goldens.py and a finite-difference check.
namespace Experiments.Engine;

/// <summary>A recorded operation: its inputs and the function that pushes the output gradient to them.</summary>
public sealed class GradNode
{
    private Tensor[]? _inputs;
    private Action<Tensor>? _backward;
    private float[]? _floatScratch0, _floatScratch1;
    private int[]? _intScratch;

    internal GradNode(string name, Tensor[] inputs, Action<Tensor> backward)
    {
        Name = name;
        _inputs = inputs;
        _backward = backward;
    }

    /// <summary>The op's name, e.g. <c>"Linear"</c> (PyTorch prints <c>AddmmBackward</c>).</summary>
    public string Name { get; }

    /// <summary>True once a Backward pass without <c>retainGraph</c> went through this node and freed it.</summary>
    public bool IsReleased => _backward is null;

    internal ReadOnlySpan<Tensor> Inputs => _inputs;

    internal void RunBackward(Tensor outputGradient)
    {
        if (_backward is null)
            throw new InvalidOperationException($"Trying to run Backward through the graph a second time (op {Name}); its buffers were freed after the first pass. Pass retainGraph: true to the first Backward() if you need to go through it twice.");
        _backward(outputGradient);
    }

    /// <summary>Takes a pooled scratch buffer the backward function reads; it goes back to <see cref="BufferPool"/> on release.</summary>
    internal void Own(float[] scratch)
    {
        if (_floatScratch0 is null) _floatScratch0 = scratch;
        else if (_floatScratch1 is null) _floatScratch1 = scratch;
        else throw new InvalidOperationException($"Op {Name} tried to attach a third scratch buffer; a node owns at most two float buffers.");
    }

    /// <summary>Takes a pooled int scratch buffer (e.g. max-pool argmax); it goes back to <see cref="BufferPool"/> on release.</summary>
    internal void Own(int[] scratch)
    {
        if (_intScratch is not null)
            throw new InvalidOperationException($"Op {Name} tried to attach a second int scratch buffer; a node owns at most one.");
        _intScratch = scratch;
    }

    internal void Release()
    {
        _backward = null;
        _inputs = null;
        if (_floatScratch0 is { } f0) BufferPool.Return(f0);
        if (_floatScratch1 is { } f1) BufferPool.Return(f1);
        if (_intScratch is { } i0) BufferPool.Return(i0);
        _floatScratch0 = _floatScratch1 = null;
        _intScratch = null;
    }
}
