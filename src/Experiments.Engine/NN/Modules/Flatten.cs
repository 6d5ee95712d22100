// Flatten: merges dimensions startDim..endDim (PyTorch's nn.Flatten, defaults 1 and -1): (N, C, H, W) -> (N, C·H·W).
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>Flattens dims <c>startDim..endDim</c> into one, as a view (PyTorch's <c>torch.nn.Flatten</c>, start_dim = 1).</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    public int StartDim { get; } = startDim;
    public int EndDim { get; } = endDim;

    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"start_dim={StartDim}, end_dim={EndDim}");
}
