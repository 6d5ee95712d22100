// Conv1d: a 1-D convolution layer (PyTorch's nn.Conv1d, dilation 1, groups 1, zero padding).
using System.Globalization;
using Experiments.Engine.Random;

namespace Experiments.Engine.NN;

/// <summary>
/// y = conv1d(x, W) + b, (N, Cin, L) → (N, Cout, Lo), Lo = (L + 2·P − K) / S + 1 (PyTorch's <c>torch.nn.Conv1d</c>).
/// Weight (Cout, Cin, K), bias (Cout). Initialised as PyTorch: weight kaiming_uniform(a = √5), bias
/// U(−1/√fan_in, 1/√fan_in) with fan_in = Cin·K, drawn from <c>random</c>.
/// </summary>
public sealed class Conv1d : Module
{
    /// <summary>Creates the layer and initialises it from <paramref name="random"/> (use the run's init stream).</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, RandomStream random, int stride = 1, int padding = 0, bool bias = true)
    {
        ConvArguments.Check("Conv1d", inChannels, outChannels, (1, kernelSize), (1, stride), (0, padding));
        ArgumentNullException.ThrowIfNull(random);
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        Weight = RegisterParameter("weight", new Parameter(outChannels, inChannels, kernelSize))!;
        Bias = RegisterParameter("bias", bias ? new Parameter(outChannels) : null);
        Init.DefaultLayerInit(Weight, Bias, random);
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int KernelSize { get; }
    public int Stride { get; }
    public int Padding { get; }

    /// <summary>Weight, shape (Cout, Cin, K).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias, shape (Cout), or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Conv1d(input, Weight, Bias, Stride, Padding);

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture,
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize},), stride=({Stride},)")
        + (Padding == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", padding=({Padding},)"))
        + (Bias is null ? ", bias=False" : "");
}
