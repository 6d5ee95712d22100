// ReLU: max(x, 0) as a parameter-free module; Forward calls the primitive on Tensor (shapes: any -> same).

namespace Experiments.Engine.NN;

/// <summary>max(x, 0) (PyTorch's <c>torch.nn.ReLU</c>).</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}
