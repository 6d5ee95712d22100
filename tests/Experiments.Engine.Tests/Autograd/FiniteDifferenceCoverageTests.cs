// Finite-difference gradient checks that complete issue 3's op list, next to FiniteDifferenceTests (element ops,
// losses) and Layers/GradientCheckTests (conv, pooling, batch norm 1-D/eval, dropout): batch norm on (N, C) and
// (N, C, H, W) in training mode (functional and module), conv without bias, max pooling without padding, flatten,
// reductions over a dimension, softmax/log-softmax over other dimensions, GELU over its curved range, cross-entropy
// with and without label smoothing, MSE against one-hot targets, and whole conv stacks end to end.
//
// "float64" here: the engine is float32-only (no double twin of the kernels to check), so, as Testing/GradCheck.cs
// explains, the forward passes run the real float32 kernels and everything around them — the loss Σ y·G, the
// difference quotient over the step actually taken after rounding x ± h to float — is done in double. Unless a
// test says otherwise it uses GradCheck's budget (h = 1e-2, atol 2e-3, rtol 1e-2).
using Experiments.Engine.NN;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Autograd;

public class FiniteDifferenceCoverageTests
{
    private static Tensor Randn(ulong seed, params int[] shape) => Tensor.Normal(new RandomStream(seed), 0f, 1f, shape);

    private static Tensor Scaled(ulong seed, float std, params int[] shape) => Tensor.Normal(new RandomStream(seed), 0f, std, shape);

    // A shuffled ramp spaced 0.1 > 2h apart: no ±h perturbation reorders two values, so pooling maxima never move.
    private static Tensor Distinct(ulong seed, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        int[] order = new RandomStream(seed).Permutation(t.Length);
        for (int i = 0; i < t.Length; i++) t.Data[i] = 0.1f * order[i] - 0.05f * t.Length;
        return t;
    }

    [Fact]
    public void BatchNorm2d_Training_FunctionalWithRunningStats() => GradCheck.Check("batch_norm 2d training",
        t => Functional.BatchNorm(t[0], Tensor.Zeros(3), Tensor.Ones(3), t[1], t[2], training: true),
        [Randn(40, 3, 3, 4, 5), Randn(41, 3), Randn(42, 3)]);

    [Fact]
    public void BatchNorm1d_Training_OnFeatures() => GradCheck.Check("batch_norm 1d training (N, C)",
        t => Functional.BatchNorm(t[0], Tensor.Zeros(4), Tensor.Ones(4), t[1], t[2], training: true),
        [Randn(43, 6, 4), Randn(44, 4), Randn(45, 4)]);

    [Fact]
    public void BatchNorm_Training_WithoutAffineOrRunningStats() => GradCheck.Check("batch_norm training, no affine",
        t => Functional.BatchNorm(t[0], null, null, training: true), [Randn(46, 5, 2, 3)]);

    [Fact]
    public void BatchNorm2d_Module_Training_AllParameters()
    {
        var bn = new BatchNorm2d(2);
        bn.Weight!.Data[0] = 1.3f; bn.Bias!.Data[1] = -0.4f;    // away from the ones/zeros init, so γ and β matter
        Assert.True(bn.IsTraining);
        GradCheck.Check("BatchNorm2d module (training)", t => bn.Call(t[0]), [Randn(47, 3, 2, 3, 3), bn.Weight, bn.Bias]);
    }

    [Fact]
    public void BatchNorm1d_Module_Training_OnSequences()
    {
        var bn = new BatchNorm1d(3);
        GradCheck.Check("BatchNorm1d module (training, N C L)", t => bn.Call(t[0]), [Randn(48, 4, 3, 5), bn.Weight!, bn.Bias!]);
    }

    [Fact]
    public void Conv2d_NoBias_Padding() => GradCheck.Check("conv2d no bias, padding 2",
        t => Functional.Conv2d(t[0], t[1], null, stride: 1, padding: 2), [Randn(49, 2, 2, 5, 4), Scaled(50, 0.4f, 3, 2, 3, 3)]);

    [Fact]
    public void Conv1d_Stride3_Padding2_NoBias() => GradCheck.Check("conv1d stride 3 padding 2",
        t => Functional.Conv1d(t[0], t[1], null, stride: 3, padding: 2), [Randn(51, 2, 3, 11), Scaled(52, 0.4f, 2, 3, 4)]);

    [Fact]
    public void MaxPool2d_NoPadding_OddSize() => GradCheck.Check("max_pool2d 2x2 on 5x7",
        t => Functional.MaxPool2d(t[0], 2), [Distinct(53, 2, 2, 5, 7)]);

    [Fact]
    public void MaxPool1d_NoPadding_OddLength() => GradCheck.Check("max_pool1d 2 on 9",
        t => Functional.MaxPool1d(t[0], 2), [Distinct(54, 2, 3, 9)]);

    [Fact]
    public void AvgPool2d_Stride1() => GradCheck.Check("avg_pool2d 2 stride 1",
        t => Functional.AvgPool2d(t[0], 2, stride: 1), [Randn(55, 2, 3, 3, 4)]);

    [Fact]
    public void Flatten_MiddleDims() => GradCheck.Check("flatten(1, 2)",
        t => t[0].Flatten(1, 2) * t[1], [Randn(56, 2, 3, 4, 2), Randn(57, 2, 12, 2)]);

    [Fact]
    public void Flatten_Functional_FromDim1() => GradCheck.Check("flatten(1) then linear",
        t => Functional.Linear(Functional.Flatten(t[0], 1), t[1]), [Randn(58, 2, 3, 2, 2), Scaled(59, 0.5f, 4, 12)]);

    [Fact]
    public void Sum_And_Mean_OverDims() => GradCheck.Check("sum(0) and mean(2, keepDim)",
        t => t[0].Sum(0) * t[0].Mean(2, keepDim: true).Sum(0), [Randn(60, 3, 4, 5)]);

    [Fact]
    public void Sum_All() => GradCheck.Check("sum()", t => (t[0] * t[0]).Sum(), [Randn(61, 3, 5)]);

    [Fact]
    public void Softmax_LastDim_And_LogSoftmax_MiddleDim()
    {
        GradCheck.Check("softmax(-1)", t => t[0].Softmax(-1), [Randn(62, 4, 7)]);
        GradCheck.Check("log_softmax(1) of (N, C, L)", t => t[0].LogSoftmax(1), [Randn(63, 2, 5, 3)]);
    }

    [Fact]
    public void Gelu_OverItsCurvedRange() => GradCheck.Check("gelu on [-4, 4]", t => t[0].Gelu(), [Scaled(64, 2f, 3, 11)]);

    [Fact]
    public void LeakyRelu_CustomSlope()
    {
        var x = Randn(65, 4, 6);
        Span<float> d = x.Data;
        for (int i = 0; i < d.Length; i++)
            if (MathF.Abs(d[i]) < 0.05f) d[i] += d[i] < 0 ? -0.05f : 0.05f;   // keep ±h off the kink
        GradCheck.Check("leaky_relu slope 0.2", t => t[0].LeakyRelu(0.2f), [x]);
    }

    [Fact]
    public void CrossEntropy_WithoutSmoothing() =>
        GradCheck.Check("cross_entropy", t => Functional.CrossEntropy(t[0], [1, 0, 2, 2]), [Randn(66, 4, 3)]);

    [Fact]
    public void CrossEntropy_WithStrongSmoothing_OddClassCount() =>
        GradCheck.Check("cross_entropy label smoothing 0.3", t => Functional.CrossEntropy(t[0], [4, 0, 6], labelSmoothing: 0.3f), [Scaled(67, 2f, 3, 7)]);

    [Fact]
    public void CrossEntropyLoss_Module_WithSmoothing() =>
        GradCheck.Check("CrossEntropyLoss(label_smoothing 0.1)", t => new CrossEntropyLoss(labelSmoothing: 0.1f).Forward(t[0], [2, 1]), [Randn(68, 2, 5)]);

    [Fact]
    public void Mse_AgainstOneHotTargets() =>
        GradCheck.Check("mse vs one-hot", t => Functional.MseLoss(t[0], [3, 0, 1]), [Randn(69, 3, 4)]);

    [Fact]
    public void Nll_OfLogSoftmax_OddSizes() =>
        GradCheck.Check("nll(log_softmax)", t => Functional.NllLoss(t[0].LogSoftmax(1), [0, 4, 2, 4, 1]), [Randn(70, 5, 5)]);

    [Fact]
    public void Conv2dStack_Training_AllParameters()
    {
        // Conv2d → BatchNorm2d (training) → Tanh → AvgPool2d → Conv2d → Flatten → Linear → cross-entropy, every
        // parameter. Smooth activations on purpose: ReLU/max-pool kinks inside a stack cannot be kept away from ±h
        // (they are checked alone above with controlled inputs). The scalar loss keeps float32 rounding of the
        // forward at ~1e-7, far below the budget.
        var init = new RandomStream(71);
        var model = new Sequential(
            new Conv2d(1, 3, 3, init, padding: 1), new BatchNorm2d(3), new Tanh(), new AvgPool2d(2),
            new Conv2d(3, 2, 2, init), new Flatten(), new Linear(8, 3, init));
        int[] targets = [0, 2, 1];
        var parameters = model.Parameters().Cast<Tensor>().ToArray();
        Assert.Equal(8, parameters.Length);
        GradCheck.Check("conv2d stack + cross-entropy", t => Functional.CrossEntropy(model.Call(t[0]), targets), [Randn(72, 3, 1, 7, 7), .. parameters]);
    }

    [Fact]
    public void Conv1dStack_Training_AllParameters()
    {
        var init = new RandomStream(73);
        var model = new Sequential(
            new Conv1d(2, 3, 3, init, padding: 1), new BatchNorm1d(3), new Sigmoid(),
            new Conv1d(3, 2, 3, init, stride: 2), new Flatten(), new GELU(), new Linear(6, 4, init));
        int[] targets = [3, 1, 0, 1];
        var parameters = model.Parameters().Cast<Tensor>().ToArray();
        GradCheck.Check("conv1d stack + cross-entropy", t => Functional.CrossEntropy(model.Call(t[0]), targets, labelSmoothing: 0.05f), [Randn(74, 4, 2, 8), .. parameters]);
    }
}
