// Sigmoid: logistic sigmoid as a parameter-free module; Forward calls the primitive on Tensor (shapes: any -> same).

namespace Experiments.Engine.NN;

/// <summary>1 / (1 + e^−x) (PyTorch's <c>torch.nn.Sigmoid</c>).</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}
