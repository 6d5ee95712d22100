// Linear: a fully connected layer (PyTorch's nn.Linear).
using System.Globalization;
using Experiments.Engine.Random;

namespace Experiments.Engine.NN;

/// <summary>
/// y = x·Wᵀ + b, (*, In) → (*, Out) (PyTorch's <c>torch.nn.Linear</c>). Weight (Out, In), bias (Out).
/// Initialised as PyTorch: weight kaiming_uniform(a = √5), bias U(−1/√In, 1/√In), drawn from <c>random</c>.
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer and initialises it from <paramref name="random"/> (use the run's init stream).</summary>
    public Linear(int inFeatures, int outFeatures, RandomStream random, bool bias = true)
    {
        if (inFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(inFeatures), inFeatures, "Linear needs at least one input feature.");
        if (outFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(outFeatures), outFeatures, "Linear needs at least one output feature.");
        ArgumentNullException.ThrowIfNull(random);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", new Parameter(outFeatures, inFeatures))!;
        Bias = RegisterParameter("bias", bias ? new Parameter(outFeatures) : null);
        Init.DefaultLayerInit(Weight, Bias, random);
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }

    /// <summary>Weight, shape (Out, In).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias, shape (Out), or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")}");
}
