// GELU: exact GELU as a parameter-free module; Forward calls the primitive on Tensor (shapes: any -> same).

namespace Experiments.Engine.NN;

/// <summary>x·Φ(x), exact erf form (PyTorch's <c>torch.nn.GELU</c>, approximate='none').</summary>
public sealed class GELU : Module
{
    public override Tensor Forward(Tensor input) => input.Gelu();
}
