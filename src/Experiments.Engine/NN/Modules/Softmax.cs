// Softmax: softmax along a dimension as a parameter-free module; Forward calls the primitive on Tensor (shapes: any -> same).
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>Softmax along <c>dim</c> (PyTorch's <c>torch.nn.Softmax(dim)</c>; here dim defaults to the last).</summary>
public sealed class Softmax(int dim = -1) : Module
{
    public int Dim { get; } = dim;

    public override Tensor Forward(Tensor input) => input.Softmax(Dim);

    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"dim={Dim}");
}
