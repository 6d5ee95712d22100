// Autograd: the recording switch (no-grad scopes) and the helpers ops use to record themselves and to
// accumulate input gradients. The graph walk lives in Tensor.Autograd.cs; see GradNode.cs for how to add an op.
using System.Numerics.Tensors;

namespace Experiments.Engine;

/// <summary>
/// Reverse-mode automatic differentiation controls (PyTorch's <c>torch.autograd</c> and <c>torch.no_grad</c>).
/// </summary>
public static class Autograd
{
    [ThreadStatic] private static int _noGradDepth;

    /// <summary>True when ops on this thread record their graph (PyTorch's <c>torch.is_grad_enabled()</c>).</summary>
    public static bool IsGradEnabled => _noGradDepth == 0;

    /// <summary>
    /// A scope in which ops record nothing and results never require grad, for evaluation:
    /// <c>using (Autograd.NoGrad()) { ... }</c> (PyTorch's <c>with torch.no_grad():</c>). Scopes nest; per thread.
    /// </summary>
    public static NoGradScope NoGrad()
    {
        _noGradDepth++;
        return new NoGradScope(true);
    }

    /// <summary>True when recording is on and at least one of <paramref name="inputs"/> requires grad.</summary>
    public static bool NeedsGrad(params ReadOnlySpan<Tensor?> inputs)
    {
        if (_noGradDepth != 0) return false;
        foreach (var x in inputs)
            if (x is not null && x.RequiresGrad) return true;
        return false;
    }

    /// <summary>
    /// Records <paramref name="output"/> as computed by op <paramref name="name"/> from <paramref name="inputs"/>
    /// when recording is on and any input requires grad; <paramref name="backward"/> receives the output's
    /// gradient and adds each input's gradient into <see cref="GradSink"/>. Does nothing otherwise.
    /// </summary>
    public static void Record(Tensor output, string name, Tensor[] inputs, Action<Tensor> backward)
    {
        if (!NeedsGrad(inputs)) return;
        output.AttachGradFn(new GradNode(name, inputs, backward));
    }

    /// <summary>
    /// The gradient buffer of <paramref name="input"/> that a backward function adds into (allocated as zeros on
    /// first use). Only call it for inputs with <see cref="Tensor.RequiresGrad"/>.
    /// </summary>
    public static Span<float> GradSink(Tensor input)
    {
        if (!input.RequiresGrad)
            throw new InvalidOperationException($"GradSink was asked for a tensor that does not require grad ({input}); check input.RequiresGrad in the backward function first.");
        return input.EnsureGrad().Data;
    }

    /// <summary>Adds <paramref name="gradient"/> element-wise into <paramref name="input"/>'s gradient, if it requires grad.</summary>
    public static void AccumulateInto(Tensor input, ReadOnlySpan<float> gradient)
    {
        if (!input.RequiresGrad) return;
        Span<float> sink = GradSink(input);
        if (sink.Length != gradient.Length)
            throw new InvalidOperationException($"Gradient of {gradient.Length} elements does not match the tensor {input.ShapeString} ({sink.Length} elements).");
        TensorPrimitives.Add(sink, gradient, sink);
    }

    /// <summary>Ends a <see cref="NoGrad"/> scope when disposed.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        private readonly bool _active;

        internal NoGradScope(bool active) => _active = active;

        /// <summary>Restores recording (if no outer scope is still open).</summary>
        public void Dispose()
        {
            if (_active && _noGradDepth > 0) _noGradDepth--;
        }
    }
}
