// Sequential: runs child modules in order (PyTorch's nn.Sequential); children are named "0", "1", ...
//
// It is also where buffer reuse learns which tensors nobody else sees: the output of an inner layer is visible only
// to the next layer (unless a forward hook watches either of them), so once the chain of views made from it ends,
// its storage owner is marked graph-internal. With gradients on, Backward() recycles it after its node ran; in a
// no-grad forward it is recycled as soon as the next layer's output exists. The Sequential's input and result, and
// any tensor the result is a view of, are never touched. See README.md, "Buffer reuse".
namespace Experiments.Engine.NN;

/// <summary>A chain of modules applied in order; state keys are <c>0.weight</c>, <c>1.bias</c>, ... (PyTorch's <c>torch.nn.Sequential</c>).</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    /// <summary>Creates the chain from <paramref name="layers"/>, named by position.</summary>
    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers) Append(layer);
    }

    /// <summary>Adds a layer at the end, named by its position.</summary>
    public Sequential Append(Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>The number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    public Module this[int index] => _layers[index];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        Tensor? chain = null;        // the first tensor of the current run of views (null: the run started at input)
        bool watched = false;        // a hooked layer saw a tensor of the current run
        bool noGrad = !Autograd.IsGradEnabled;
        foreach (var layer in _layers)
        {
            var y = layer.Call(x);
            watched |= layer.HasForwardHooks;
            if (!y.SharesStorageWith(x))
            {
                // x's run of views ends here: only this Sequential's layers saw it.
                if (chain is not null && !watched)
                {
                    chain.MarkGraphInternal();
                    if (noGrad) chain.TryRecycle();
                }
                chain = y;
                watched = layer.HasForwardHooks;
            }
            x = y;
        }
        return x;
    }
}
