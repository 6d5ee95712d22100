// Fan and gain computations shared by every initialiser and every layer (Linear now, Conv later).
//
// Transcribed from torch.nn.init._calculate_fan_in_and_fan_out and torch.nn.init.calculate_gain
// (https://pytorch.org/docs/stable/nn.init.html):
//   weight (Out, In, k...):  fan_in = In·Πk,  fan_out = Out·Πk
namespace Experiments.Engine.NN;

/// <summary>Which fan Kaiming initialisation scales by (PyTorch's <c>mode='fan_in'|'fan_out'</c>).</summary>
public enum FanMode
{
    /// <summary>Preserves the variance of activations in the forward pass (PyTorch's default).</summary>
    FanIn,

    /// <summary>Preserves the variance of gradients in the backward pass.</summary>
    FanOut,
}

/// <summary>The nonlinearity a gain is computed for (PyTorch's <c>calculate_gain</c> names).</summary>
public enum Nonlinearity
{
    Linear,
    Conv1d,
    Conv2d,
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Selu,
}

public static partial class Init
{
    /// <summary>
    /// (fan_in, fan_out) of a weight of shape (Out, In, k...) (PyTorch's <c>_calculate_fan_in_and_fan_out</c>):
    /// fan_in = In·Πk, fan_out = Out·Πk. Needs at least 2 dimensions.
    /// </summary>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(ReadOnlySpan<int> shape)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions; got shape {Tensor.FormatShape(shape)}.");
        int receptiveField = 1;
        for (int d = 2; d < shape.Length; d++) receptiveField *= shape[d];
        return (shape[1] * receptiveField, shape[0] * receptiveField);
    }

    /// <summary>The fan selected by <paramref name="mode"/>.</summary>
    public static int CalculateFan(ReadOnlySpan<int> shape, FanMode mode)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(shape);
        return mode == FanMode.FanIn ? fanIn : fanOut;
    }

    /// <summary>
    /// The recommended gain for a nonlinearity (PyTorch's <c>calculate_gain</c>): 1 for linear/conv/sigmoid,
    /// 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leaky relu (slope defaults to 0.01), 3/4 for selu.
    /// </summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double? param = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Conv1d or Nonlinearity.Conv2d or Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3.0,
        Nonlinearity.Relu => Math.Sqrt(2.0),
        Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1.0 + Math.Pow(param ?? 0.01, 2))),
        Nonlinearity.Selu => 3.0 / 4.0,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
    };
}
