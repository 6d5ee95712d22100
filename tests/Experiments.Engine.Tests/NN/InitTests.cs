// Initialisers: fan and gain formulas as torch.nn.init, bounds and spreads of the draws, reproducibility.
using Experiments.Engine.NN;
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.NN;

public class InitTests
{
    [Fact]
    public void Fans_AreComputedAsPyTorch_ForLinearAndConvShapes()
    {
        Assert.Equal((784, 32), Init.CalculateFanInAndFanOut([32, 784]));
        Assert.Equal((250, 500), Init.CalculateFanInAndFanOut([20, 10, 5, 5]));   // conv2d (Out, In, kH, kW)
        Assert.Equal((84, 96), Init.CalculateFanInAndFanOut([32, 28, 3]));        // conv1d (Out, In, k)
        var e = Assert.Throws<ArgumentException>(() => Init.CalculateFanInAndFanOut([5]));
        Assert.Contains("fewer than 2 dimensions", e.Message);
    }

    [Fact]
    public void Gains_AreThoseOfCalculateGain()
    {
        Assert.Equal(1.0, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(1.0, Init.CalculateGain(Nonlinearity.Sigmoid));
        Assert.Equal(5.0 / 3.0, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2.0), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(Math.Sqrt(2.0 / (1 + 0.01 * 0.01)), Init.CalculateGain(Nonlinearity.LeakyRelu));
        Assert.Equal(Math.Sqrt(2.0 / 6.0), Init.CalculateGain(Nonlinearity.LeakyRelu, Math.Sqrt(5)), 12); // Linear's a = √5
        Assert.Equal(0.75, Init.CalculateGain(Nonlinearity.Selu));
    }

    [Fact]
    public void UniformInitialisers_StayInTheirBound_AndFillIt()
    {
        var random = new RandomStream(5);
        var w = Tensor.Zeros(64, 100);
        CheckBound(Init.KaimingUniform(w, random, a: Math.Sqrt(5)), 1.0 / Math.Sqrt(100));  // PyTorch's Linear default
        CheckBound(Init.KaimingUniform(w, random, nonlinearity: Nonlinearity.Relu), Math.Sqrt(2.0) * Math.Sqrt(3.0 / 100));
        CheckBound(Init.KaimingUniform(w, random, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu), Math.Sqrt(2.0) * Math.Sqrt(3.0 / 64));
        CheckBound(Init.XavierUniform(w, random), Math.Sqrt(6.0 / 164));
        CheckBound(Init.Uniform(w, random, -0.3, 0.3), 0.3);
    }

    [Fact]
    public void NormalInitialisers_HaveTheirStandardDeviation()
    {
        var random = new RandomStream(6);
        var w = Tensor.Zeros(200, 300);
        CheckStd(Init.KaimingNormal(w, random, nonlinearity: Nonlinearity.Relu), Math.Sqrt(2.0 / 300));
        CheckStd(Init.XavierNormal(w, random, gain: 2.0), 2.0 * Math.Sqrt(2.0 / 500));
        CheckStd(Init.Normal(w, random, 0, 0.02), 0.02);
    }

    [Fact]
    public void Constant_Zeros_Ones()
    {
        var w = Tensor.Zeros(3, 3);
        Assert.All(Init.Constant(w, 0.25f).ToArray(), v => Assert.Equal(0.25f, v));
        Assert.All(Init.Ones(w).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(Init.Zeros(w).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void LinearInit_IsReproducibleFromTheStream_AndDiffersAcrossSeeds()
    {
        var a = new Linear(30, 20, new RandomStream(9));
        var b = new Linear(30, 20, new RandomStream(9));
        var c = new Linear(30, 20, new RandomStream(10));
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
        Assert.Equal(a.Bias!.ToArray(), b.Bias!.ToArray());
        Assert.NotEqual(a.Weight.ToArray(), c.Weight.ToArray());
    }

    private static void CheckBound(Tensor t, double bound)
    {
        float[] v = t.ToArray();
        Assert.All(v, x => Assert.InRange(x, -bound, bound));
        // 6,400 uniform draws reach within 2% of both ends.
        Assert.True(v.Max() > 0.98 * bound && v.Min() < -0.98 * bound, $"draws span [{v.Min()}, {v.Max()}], expected close to ±{bound}");
    }

    private static void CheckStd(Tensor t, double std)
    {
        float[] v = t.ToArray();
        double mean = v.Average(x => (double)x);
        double sd = Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
        // 60,000 draws: the sample std is within ~0.3% of the true one; 2% leaves a wide margin.
        Assert.InRange(sd, 0.98 * std, 1.02 * std);
        Assert.InRange(mean, -0.02 * std, 0.02 * std);
    }
}
