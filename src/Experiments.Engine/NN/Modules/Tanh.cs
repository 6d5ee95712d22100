// Tanh: tanh as a parameter-free module; Forward calls the primitive on Tensor (shapes: any -> same).

namespace Experiments.Engine.NN;

/// <summary>tanh(x) (PyTorch's <c>torch.nn.Tanh</c>).</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}
