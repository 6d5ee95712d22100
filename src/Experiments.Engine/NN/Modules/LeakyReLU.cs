// LeakyReLU: leaky ReLU as a parameter-free module; Forward calls the primitive on Tensor (shapes: any -> same).
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>x if x &gt; 0 else slope·x (PyTorch's <c>torch.nn.LeakyReLU</c>, negative_slope = 0.01).</summary>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    public float NegativeSlope { get; } = float.IsFinite(negativeSlope) ? negativeSlope
        : throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The negative slope must be finite.");

    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);

    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"negative_slope={NegativeSlope}");
}
