// Init: in-place initialisers (PyTorch's torch.nn.init), drawing from an explicit RandomStream.
//
// Formulas from https://pytorch.org/docs/stable/nn.init.html:
//   uniform(a, b);  normal(mean, std);  constant(v)
//   xavier_uniform: bound = gain·√(6 / (fan_in + fan_out));   xavier_normal: std = gain·√(2 / (fan_in + fan_out))
//   kaiming_uniform: bound = gain·√(3 / fan);                 kaiming_normal: std = gain / √fan
// Values are drawn in row-major order, so the same stream gives the same tensor. They are not PyTorch's
// values (different generator); goldens pass weights explicitly.
using Experiments.Engine.Random;

namespace Experiments.Engine.NN;

/// <summary>Weight initialisers (PyTorch's <c>torch.nn.init</c>); each fills the tensor in place and returns it.</summary>
public static partial class Init
{
    /// <summary>U(<paramref name="low"/>, <paramref name="high"/>) (PyTorch's <c>uniform_</c>, defaults 0 and 1).</summary>
    public static Tensor Uniform(Tensor tensor, RandomStream random, double low = 0.0, double high = 1.0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!(low <= high) || double.IsInfinity(low) || double.IsInfinity(high))
            throw new ArgumentOutOfRangeException(nameof(high), $"Uniform init needs finite bounds with low <= high; got [{low}, {high}).");
        Span<float> data = tensor.Data;
        for (int i = 0; i < data.Length; i++) data[i] = (float)random.NextUniform(low, high);
        return tensor;
    }

    /// <summary>N(<paramref name="mean"/>, <paramref name="std"/>²) (PyTorch's <c>normal_</c>, defaults 0 and 1).</summary>
    public static Tensor Normal(Tensor tensor, RandomStream random, double mean = 0.0, double std = 1.0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        if (!(std >= 0) || double.IsInfinity(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, "Normal init needs a finite, non-negative standard deviation.");
        Span<float> data = tensor.Data;
        for (int i = 0; i < data.Length; i++) data[i] = (float)random.NextNormal(mean, std);
        return tensor;
    }

    /// <summary>Every element = <paramref name="value"/> (PyTorch's <c>constant_</c>).</summary>
    public static Tensor Constant(Tensor tensor, float value) => tensor.Fill(value);

    /// <summary>Zeros (PyTorch's <c>zeros_</c>).</summary>
    public static Tensor Zeros(Tensor tensor) => tensor.Fill(0f);

    /// <summary>Ones (PyTorch's <c>ones_</c>).</summary>
    public static Tensor Ones(Tensor tensor) => tensor.Fill(1f);

    /// <summary>Glorot/Xavier uniform: U(−b, b), b = gain·√(6 / (fan_in + fan_out)) (PyTorch's <c>xavier_uniform_</c>).</summary>
    public static Tensor XavierUniform(Tensor tensor, RandomStream random, double gain = 1.0)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor.Shape);
        double bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(tensor, random, -bound, bound);
    }

    /// <summary>Glorot/Xavier normal: N(0, std²), std = gain·√(2 / (fan_in + fan_out)) (PyTorch's <c>xavier_normal_</c>).</summary>
    public static Tensor XavierNormal(Tensor tensor, RandomStream random, double gain = 1.0)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor.Shape);
        return Normal(tensor, random, 0.0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>
    /// He/Kaiming uniform: U(−b, b), b = gain·√(3 / fan), gain = CalculateGain(nonlinearity, a)
    /// (PyTorch's <c>kaiming_uniform_</c>; defaults a = 0, fan_in, leaky_relu).
    /// </summary>
    public static Tensor KaimingUniform(Tensor tensor, RandomStream random, double a = 0.0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
    {
        int fan = CalculateFan(tensor.Shape, mode);
        if (fan == 0)
            throw new ArgumentException($"Kaiming init of a tensor of shape {tensor.ShapeString} has fan 0 (an empty dimension); initialise it with a constant instead.", nameof(tensor));
        double bound = CalculateGain(nonlinearity, a) * Math.Sqrt(3.0 / fan);
        return Uniform(tensor, random, -bound, bound);
    }

    /// <summary>
    /// He/Kaiming normal: N(0, std²), std = gain / √fan (PyTorch's <c>kaiming_normal_</c>; defaults a = 0, fan_in, leaky_relu).
    /// </summary>
    public static Tensor KaimingNormal(Tensor tensor, RandomStream random, double a = 0.0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
    {
        int fan = CalculateFan(tensor.Shape, mode);
        if (fan == 0)
            throw new ArgumentException($"Kaiming init of a tensor of shape {tensor.ShapeString} has fan 0 (an empty dimension); initialise it with a constant instead.", nameof(tensor));
        return Normal(tensor, random, 0.0, CalculateGain(nonlinearity, a) / Math.Sqrt(fan));
    }

    /// <summary>
    /// PyTorch's default for Linear and Conv layers (<c>reset_parameters</c>): weight kaiming_uniform with a = √5
    /// (i.e. U(−1/√fan_in, 1/√fan_in)), then bias U(−1/√fan_in, 1/√fan_in) (0 bound when fan_in is 0).
    /// </summary>
    public static void DefaultLayerInit(Tensor weight, Tensor? bias, RandomStream random)
    {
        int fanIn = CalculateFanInAndFanOut(weight.Shape).FanIn;
        if (fanIn > 0) KaimingUniform(weight, random, a: Math.Sqrt(5.0));
        if (bias is not null)
        {
            double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0.0;
            Uniform(bias, random, -bound, bound);
        }
    }
}
