// Element-wise activations with their backward: relu, leaky_relu, tanh, sigmoid, gelu (exact erf form).
//
// Shapes: any -> same. Forward uses TensorPrimitives where it has the op; backward kernels are in
// Kernels/Simd/ActivationKernels.cs (scalar twins in Kernels/Reference). tanh and sigmoid differentiate
// through their output y (1 − y², y(1 − y)); relu, leaky relu and gelu through their input x.
using System.Numerics.Tensors;
using Experiments.Engine.Kernels;
using Experiments.Engine.Kernels.Simd;

namespace Experiments.Engine;

public partial class Tensor
{
    /// <summary>max(x, 0) (PyTorch's <c>relu</c>).</summary>
    public Tensor Relu()
    {
        var y = RentLike();
        ActivationKernels.Relu(Data, y.Data);
        Autograd.Record(y, "Relu", [this], g =>
        {
            if (RequiresGrad) ActivationKernels.ReluBackward(Data, g.Data, Autograd.GradSink(this));
        });
        return y;
    }

    /// <summary>x if x &gt; 0 else slope·x (PyTorch's <c>leaky_relu</c>, default negative_slope 0.01).</summary>
    public Tensor LeakyRelu(float negativeSlope = 0.01f)
    {
        var y = RentLike();
        ActivationKernels.LeakyRelu(Data, y.Data, negativeSlope);
        Autograd.Record(y, "LeakyRelu", [this], g =>
        {
            if (RequiresGrad) ActivationKernels.LeakyReluBackward(Data, g.Data, Autograd.GradSink(this), negativeSlope);
        });
        return y;
    }

    /// <summary>tanh(x) (PyTorch's <c>tanh</c>).</summary>
    public Tensor Tanh()
    {
        var y = RentLike();
        TensorPrimitives.Tanh(Data, y.Data);
        Autograd.Record(y, "Tanh", [this], g =>
        {
            if (RequiresGrad) ActivationKernels.TanhBackward(y.Data, g.Data, Autograd.GradSink(this));
        });
        return y;
    }

    /// <summary>1 / (1 + e^−x) (PyTorch's <c>sigmoid</c>).</summary>
    public Tensor Sigmoid()
    {
        var y = RentLike();
        TensorPrimitives.Sigmoid(Data, y.Data);
        Autograd.Record(y, "Sigmoid", [this], g =>
        {
            if (RequiresGrad) ActivationKernels.SigmoidBackward(y.Data, g.Data, Autograd.GradSink(this));
        });
        return y;
    }

    /// <summary>
    /// x·Φ(x) with Φ the standard normal CDF, i.e. ½x(1 + erf(x/√2)) (PyTorch's <c>gelu</c>, approximate='none').
    /// Computed in double per element: GELU is not on the hot path of the models here.
    /// </summary>
    public Tensor Gelu()
    {
        var y = RentLike();
        Span<float> x = Data, yd = y.Data;
        for (int i = 0; i < x.Length; i++)
            yd[i] = (float)(x[i] * SpecialFunctions.NormalCdf(x[i]));
        Autograd.Record(y, "Gelu", [this], g =>
        {
            if (!RequiresGrad) return;
            // d/dx x·Φ(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)
            Span<float> gx = Autograd.GradSink(this);
            ReadOnlySpan<float> xs = Data, gy = g.Data;
            for (int i = 0; i < xs.Length; i++)
            {
                double v = xs[i];
                double dydx = SpecialFunctions.NormalCdf(v) + v * Math.Exp(-0.5 * v * v) * 0.39894228040143267794;
                gx[i] += (float)(gy[i] * dydx);
            }
        });
        return y;
    }
}
