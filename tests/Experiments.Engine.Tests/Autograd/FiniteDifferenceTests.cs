// Finite-difference gradient checks of every differentiable op, loss and a module stack, at small sizes
// (see Testing/GradCheck.cs for the method and its tolerance budget).
using Experiments.Engine.NN;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Autograd;

public class FiniteDifferenceTests
{
    private static Tensor Randn(ulong seed, params int[] shape) => Tensor.Normal(new RandomStream(seed), 0f, 1f, shape);

    // Normal values kept at least 0.05 away from 0 (the relu/leaky relu kink).
    private static Tensor AwayFromZero(ulong seed, params int[] shape)
    {
        var t = Randn(seed, shape);
        Span<float> d = t.Data;
        for (int i = 0; i < d.Length; i++)
            if (MathF.Abs(d[i]) < 0.05f) d[i] = d[i] < 0 ? d[i] - 0.05f : d[i] + 0.05f;
        return t;
    }

    [Fact] public void MatMul() => GradCheck.Check("matmul", t => Tensor.MatMul(t[0], t[1]), [Randn(1, 3, 5), Randn(2, 5, 4)]);

    [Fact] public void Linear() => GradCheck.Check("linear", t => Functional.Linear(t[0], t[1], t[2]), [Randn(1, 4, 6), Randn(2, 3, 6), Randn(3, 3)]);

    [Fact] public void Relu() => GradCheck.Check("relu", t => t[0].Relu(), [AwayFromZero(4, 3, 7)]);

    [Fact] public void LeakyRelu() => GradCheck.Check("leaky_relu", t => t[0].LeakyRelu(), [AwayFromZero(5, 3, 7)]);

    [Fact] public void Tanh() => GradCheck.Check("tanh", t => t[0].Tanh(), [Randn(6, 2, 9)]);

    [Fact] public void Sigmoid() => GradCheck.Check("sigmoid", t => t[0].Sigmoid(), [Randn(7, 2, 9)]);

    [Fact] public void Gelu() => GradCheck.Check("gelu", t => t[0].Gelu(), [Randn(8, 2, 9)]);

    [Fact] public void Softmax() => GradCheck.Check("softmax", t => t[0].Softmax(1), [Randn(9, 3, 4, 2)]);

    [Fact] public void LogSoftmax() => GradCheck.Check("log_softmax", t => t[0].LogSoftmax(-1), [Randn(10, 3, 5)]);

    [Fact] public void BroadcastAdd() => GradCheck.Check("add", t => t[0] + t[1], [Randn(11, 2, 3, 4), Randn(12, 3, 1)]);

    [Fact] public void BroadcastMul() => GradCheck.Check("mul", t => t[0] * t[1], [Randn(13, 2, 3, 4), Randn(14, 4)]);

    [Fact] public void SumAndMean() => GradCheck.Check("sum/mean", t => t[0].Sum(1) * t[0].Mean(), [Randn(15, 3, 4)]);

    [Fact] public void Reshape() => GradCheck.Check("reshape", t => t[0].Reshape(6, 2) * t[1], [Randn(16, 3, 4), Randn(17, 6, 2)]);

    [Fact] public void CrossEntropy_WithLabelSmoothing() =>
        GradCheck.Check("cross_entropy", t => Functional.CrossEntropy(t[0], [2, 0, 4], labelSmoothing: 0.1f), [Randn(18, 3, 5)]);

    [Fact] public void Nll() => GradCheck.Check("nll", t => Functional.NllLoss(t[0].LogSoftmax(1), [1, 3]), [Randn(19, 2, 4)]);

    [Fact] public void Mse() => GradCheck.Check("mse", t => Functional.MseLoss(t[0], t[1]), [Randn(20, 3, 4), Randn(21, 3, 4)]);

    [Fact]
    public void ModuleStack_AllParameters()
    {
        var init = new RandomStream(22);
        var model = new Sequential(new Linear(5, 4, init), new Tanh(), new Linear(4, 3, init), new GELU());
        var parameters = model.Parameters().Cast<Tensor>().ToArray();
        GradCheck.Check("Linear-Tanh-Linear-GELU", t => model.Forward(t[0]), [Randn(23, 2, 5), .. parameters]);
    }

    [Fact]
    public void CustomOp_RecordedAsDocumented_PassesWithRightBackward_FailsWithWrongOne()
    {
        // The pattern from GradNode.cs: forward eagerly, Record a backward that adds into the grad sink.
        static Tensor Square(Tensor x, float backwardFactor)
        {
            var y = Tensor.Zeros(x.ShapeArray());
            for (int i = 0; i < x.Length; i++) y.Data[i] = x.Data[i] * x.Data[i];
            Engine.Autograd.Record(y, "Square", [x], gy =>
            {
                if (!x.RequiresGrad) return;
                Span<float> gx = Engine.Autograd.GradSink(x);
                for (int i = 0; i < x.Length; i++) gx[i] += backwardFactor * x.Data[i] * gy.Data[i];
            });
            return y;
        }

        GradCheck.Check("square", t => Square(t[0], 2f), [Randn(30, 2, 3)]);
        var e = Assert.ThrowsAny<Exception>(() => GradCheck.Check("square with a wrong backward", t => Square(t[0], 2.1f), [Randn(30, 2, 3)]));
        Assert.Contains("finite differences vs autograd", e.Message);
    }
}
