// LogSoftmax: log-softmax along a dimension as a parameter-free module; Forward calls the primitive on Tensor (shapes: any -> same).
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>Log-softmax along <c>dim</c> (PyTorch's <c>torch.nn.LogSoftmax(dim)</c>; here dim defaults to the last).</summary>
public sealed class LogSoftmax(int dim = -1) : Module
{
    public int Dim { get; } = dim;

    public override Tensor Forward(Tensor input) => input.LogSoftmax(Dim);

    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"dim={Dim}");
}
