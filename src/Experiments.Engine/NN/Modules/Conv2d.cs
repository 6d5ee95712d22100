// Conv2d: a 2-D convolution layer (PyTorch's nn.Conv2d, dilation 1, groups 1, zero padding).
using System.Globalization;
using Experiments.Engine.Random;

namespace Experiments.Engine.NN;

/// <summary>
/// y = conv2d(x, W) + b, (N, Cin, H, W) → (N, Cout, Ho, Wo), Ho = (H + 2·Ph − Kh) / Sh + 1 (PyTorch's <c>torch.nn.Conv2d</c>).
/// Weight (Cout, Cin, Kh, Kw), bias (Cout). Initialised as PyTorch: weight kaiming_uniform(a = √5), bias
/// U(−1/√fan_in, 1/√fan_in) with fan_in = Cin·Kh·Kw, drawn from <c>random</c>.
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>Creates the layer with a square kernel, stride and padding (use the run's init stream).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, RandomStream random, int stride = 1, int padding = 0, bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), random, (stride, stride), (padding, padding), bias)
    {
    }

    /// <summary>Creates the layer with (H, W) kernel, stride and padding (PyTorch's tuple arguments).</summary>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, RandomStream random, (int H, int W) stride, (int H, int W) padding, bool bias = true)
    {
        ConvArguments.Check("Conv2d", inChannels, outChannels, kernelSize, stride, padding);
        ArgumentNullException.ThrowIfNull(random);
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        Weight = RegisterParameter("weight", new Parameter(outChannels, inChannels, kernelSize.H, kernelSize.W))!;
        Bias = RegisterParameter("bias", bias ? new Parameter(outChannels) : null);
        Init.DefaultLayerInit(Weight, Bias, random);
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public (int H, int W) KernelSize { get; }
    public (int H, int W) Stride { get; }
    public (int H, int W) Padding { get; }

    /// <summary>Weight, shape (Cout, Cin, Kh, Kw).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias, shape (Cout), or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding);

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture,
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize.H}, {KernelSize.W}), stride=({Stride.H}, {Stride.W})")
        + (Padding == (0, 0) ? "" : string.Create(CultureInfo.InvariantCulture, $", padding=({Padding.H}, {Padding.W})"))
        + (Bias is null ? ", bias=False" : "");
}
