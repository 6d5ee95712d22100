// Loss and op argument errors: one clear message with expected vs found.
using Experiments.Engine.NN;

namespace Experiments.Engine.Tests.NN;

public class LossArgumentTests
{
    [Fact]
    public void CrossEntropy_TargetOutOfRange_NamesTheSampleAndRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss().Forward(Tensor.Zeros(2, 3), [0, 3]));
        Assert.Contains("target 1 is 3", e.Message);
        Assert.Contains("[0, 3)", e.Message);
    }

    [Fact]
    public void CrossEntropy_TargetCountMismatch_SaysBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new CrossEntropyLoss().Forward(Tensor.Zeros(4, 3), [0, 1]));
        Assert.Contains("2 targets for a batch of 4", e.Message);
    }

    [Fact]
    public void CrossEntropy_NeedsRank2_AndValidSmoothing()
    {
        Assert.Throws<ArgumentException>(() => new NLLLoss().Forward(Tensor.Zeros(2, 3, 4), [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: 1.5f));
    }

    [Fact]
    public void Mse_ShapeMismatch_NamesShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new MSELoss().Forward(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));
        Assert.Contains("[2, 3] and [3, 2]", e.Message);
    }

    [Fact]
    public void CrossEntropy_OfUniformLogits_IsLogC_WithZeroGradientSum()
    {
        var x = Tensor.Zeros(3, 10).RequireGrad();
        var loss = new CrossEntropyLoss().Forward(x, [1, 2, 3]);
        Assert.Equal(Math.Log(10), loss.Item(), 5);
        loss.Backward();
        for (int i = 0; i < 3; i++)
            Assert.Equal(0.0, Enumerable.Range(0, 10).Sum(j => (double)x.Grad![i, j]), 6);
    }

    [Fact]
    public void MatMul_And_Linear_ShapeErrors_NameShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("[2, 3]·[4, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 3), Tensor.Zeros(5)));
        Assert.Contains("bias must be (4)", e.Message);
    }
}
