// Parameter: a tensor that a Module owns and an optimizer updates (PyTorch's nn.Parameter).
namespace Experiments.Engine.NN;

/// <summary>
/// A leaf tensor that requires grad by default and is registered by a <see cref="Module"/>
/// (PyTorch's <c>torch.nn.Parameter</c>). It shares storage with the tensor it was made from.
/// </summary>
public sealed class Parameter : Tensor
{
    /// <summary>Wraps <paramref name="data"/>'s storage (no copy) as a parameter.</summary>
    public Parameter(Tensor data, bool requiresGrad = true)
        : base(data ?? throw new ArgumentNullException(nameof(data)))
    {
        RequiresGrad = requiresGrad;
    }

    /// <summary>A parameter of zeros with the given shape (initialise it with <c>Init</c>).</summary>
    public Parameter(params int[] shape)
        : this(Zeros(shape))
    {
    }
}
