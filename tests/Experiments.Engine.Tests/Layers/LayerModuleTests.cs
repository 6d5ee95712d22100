// Layer modules: parameter counts equal PyTorch's, summaries, printouts, argument errors, batch-norm buffers
// and modes, dropout behaviour and reproducibility.
using Experiments.Engine.NN;
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.Layers;

[Collection(nameof(Experiments.Engine.Tests.NN.ThreadCountCollection))] // changes Parallelism.MaxThreads
public class LayerModuleTests
{
    [Fact]
    public void CnnS3_Conv10k5_Conv20k5_Fc320_50_10_Has21840Parameters_AsPyTorch() =>
        Assert.Equal(21_840, LayerModels.CnnS3(new RandomStream(1)).ParameterCount());

    [Fact]
    public void CnnS4_Conv6k3p1_Conv12k3p1_Dropout_Fc588_24_10_Has15106Parameters_AsPyTorch() =>
        Assert.Equal(15_106, LayerModels.CnnS4(new RandomStream(1), new RandomStream(2)).ParameterCount());

    [Fact]
    public void Cnn1d_Conv32k3p1_Conv64k3p1_Fc448_64_10_Has38314Parameters_AsPyTorch() =>
        Assert.Equal(38_314, LayerModels.Cnn1d(new RandomStream(1)).ParameterCount());

    [Fact]
    public void Summary_OfCnnS3_ListsShapesAndCounts_LikeTorchsummary()
    {
        var summary = LayerModels.CnnS3(new RandomStream(1)).Summary(1, 28, 28);
        string[] expected =
        [
            "Conv2d-1 [-1, 10, 24, 24] 260", "MaxPool2d-2 [-1, 10, 12, 12] 0", "ReLU-3 [-1, 10, 12, 12] 0",
            "Conv2d-4 [-1, 20, 8, 8] 5020", "MaxPool2d-5 [-1, 20, 4, 4] 0", "ReLU-6 [-1, 20, 4, 4] 0",
            "Flatten-7 [-1, 320] 0", "Linear-8 [-1, 50] 16050", "ReLU-9 [-1, 50] 0", "Linear-10 [-1, 10] 510",
        ];
        Assert.Equal(expected, summary.Rows.Select(r => $"{r.Layer} {Tensor.FormatShape(r.OutputShape)} {r.ParameterCount}").ToArray());
        Assert.Equal(21_840, summary.TotalParameters);
    }

    [Fact]
    public void Summary_OfCnn1d_And_BatchNormDropoutModel_RunsInEvalWithoutTouchingState()
    {
        Assert.Equal([-1, 64, 7], LayerModels.Cnn1d(new RandomStream(1)).Summary(28, 28).Rows[^5].OutputShape);

        var random = new RandomStream(2);
        var bn = new BatchNorm2d(4);
        var model = new Sequential(new Conv2d(1, 4, 3, random, padding: 1), bn, new ReLU(), new Dropout(new RandomStream(3)),
            new AvgPool2d(2), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(4, 3, random));
        var summary = model.Summary(1, 9, 9);
        Assert.Equal(["Conv2d-1", "BatchNorm2d-2", "ReLU-3", "Dropout-4", "AvgPool2d-5", "AdaptiveAvgPool2d-6", "Flatten-7", "Linear-8"], summary.Rows.Select(r => r.Layer).ToArray());
        Assert.Equal([-1, 4, 1, 1], summary.Rows[5].OutputShape);
        Assert.Equal(40 + 8 + 15, summary.TotalParameters);
        Assert.Equal(0f, bn.NumBatchesTracked!.Item());
        Assert.True(model.IsTraining);
    }

    [Fact]
    public void Printouts_FollowPyTorch()
    {
        var r = new RandomStream(1);
        Assert.Equal("Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1))", new Conv2d(1, 10, 5, r).ToString());
        Assert.Equal("Conv2d(3, 4, kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), bias=False)", new Conv2d(3, 4, (3, 2), r, (2, 1), (1, 0), bias: false).ToString());
        Assert.Equal("Conv1d(28, 32, kernel_size=(3,), stride=(1,), padding=(1,))", new Conv1d(28, 32, 3, r, padding: 1).ToString());
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).ToString());
        Assert.Equal("MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool1d(2).ToString());
        Assert.Equal("AvgPool2d(kernel_size=3, stride=2, padding=1)", new AvgPool2d(3, 2, 1).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).ToString());
        Assert.Equal("BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm2d(8).ToString());
        Assert.Equal("Dropout(p=0.25, inplace=False)", new Dropout(r, 0.25).ToString());
    }

    [Fact]
    public void ConvInit_IsPyTorchDefault_WeightsAndBiasWithinOneOverSqrtFanIn()
    {
        var conv = new Conv2d(6, 12, 3, new RandomStream(4));
        float bound = 1f / MathF.Sqrt(6 * 3 * 3);
        Assert.All(conv.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(conv.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(conv.Weight.ToArray().Max() > 0.8f * bound, "weights should fill the range U(-b, b)");
        var again = new Conv2d(6, 12, 3, new RandomStream(4));
        Assert.Equal(conv.Weight.ToArray(), again.Weight.ToArray());
    }

    [Fact]
    public void BadArguments_AreRejected_QuotingTheValue()
    {
        var r = new RandomStream(1);
        Assert.Contains("0", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(0, 4, 3, r)).Message);
        Assert.Contains("(0, 0)", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(1, 4, 3, r, stride: 0)).Message);
        Assert.Contains("(-1, -1)", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(1, 4, 3, r, padding: -1)).Message);
        Assert.Contains("padding (2, 2) for kernel (3, 3)", Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool2d(3, padding: 2)).Message);
        Assert.Contains("1.5", Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(r, 1.5)).Message);
        Assert.Contains("-3", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(-3)).Message);

        var conv = new Conv2d(3, 4, 3, r);
        Assert.Contains("has 2 channels", Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros(1, 2, 5, 5))).Message);
        Assert.Contains("[3, 5, 5]", Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros(3, 5, 5))).Message);
        Assert.Contains("larger than the padded input", Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros(1, 3, 2, 5))).Message);
        Assert.Contains("got 4D input", Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(2, 3, 4, 4))).Message);
        Assert.Contains("Expected more than 1 value per channel", Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(1, 3))).Message);
    }

    [Fact]
    public void FunctionalForms_RejectBadWindows_BeforeComputingShapes()
    {
        var x = Tensor.Zeros(1, 1, 5, 5);
        var w = Tensor.Zeros(1, 1, 3, 3);
        Assert.Contains("(0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Conv2d(x, w, null, (0, 1), (0, 0))).Message);
        Assert.Contains("(-1, 0)", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Conv2d(x, w, null, (1, 1), (-1, 0))).Message);
        Assert.Contains("(1, 0)", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Conv1d(Tensor.Zeros(1, 1, 5), Tensor.Zeros(1, 1, 3), stride: 0)).Message);
        Assert.Contains("(0, 0)", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.MaxPool2d(x, 2, stride: 0)).Message);
        Assert.Contains("(1, 0)", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.MaxPool1d(Tensor.Zeros(1, 1, 5), 2, stride: 0)).Message);
        Assert.Contains("(0, 0)", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.AvgPool2d(x, 2, stride: 0)).Message);
    }

    [Fact]
    public void Conv2dAndPooling_AcceptAnEmptyBatch_AsPyTorch()
    {
        var r = new RandomStream(1);
        var x = Tensor.Zeros(0, 3, 8, 8).RequireGrad();
        var y = new Sequential(new Conv2d(3, 4, 3, r, padding: 1), new MaxPool2d(2), new AvgPool2d(2)).Call(x);
        Assert.Equal([0, 4, 2, 2], y.ShapeArray());
        y.Sum().Backward();
        Assert.Equal([0, 3, 8, 8], x.Grad!.ShapeArray());
    }

    [Fact]
    public void BatchNorm_StateDict_HasPyTorchKeys_AndDefaults()
    {
        var bn = new BatchNorm2d(3);
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], bn.StateDict().Keys.ToArray());
        Assert.Equal([1f, 1f, 1f], bn.Weight!.ToArray());
        Assert.Equal([0f, 0f, 0f], bn.Bias!.ToArray());
        Assert.Equal([0f, 0f, 0f], bn.RunningMean!.ToArray());
        Assert.Equal([1f, 1f, 1f], bn.RunningVar!.ToArray());
        Assert.Equal(2, new BatchNorm1d(3).ParameterCount() / 3);
    }

    [Fact]
    public void BatchNorm_Training_UpdatesRunningStats_WithMomentumAndUnbiasedVariance_EvalUsesThem()
    {
        var bn = new BatchNorm1d(1);
        var x = Tensor.FromArray([1f, 2f, 3f, 6f], 4, 1);     // mean 3, biased var 3.5, unbiased var 14/3
        var y = bn.Forward(x);
        Assert.Equal(0.1f * 3f, bn.RunningMean!.Item(), 6);
        Assert.Equal(0.9f + 0.1f * 14f / 3f, bn.RunningVar!.Item(), 6);
        Assert.Equal(1f, bn.NumBatchesTracked!.Item());
        Assert.Equal((1f - 3f) / MathF.Sqrt(3.5f + 1e-5f), y.Data[0], 5);

        bn.Eval();
        var e = bn.Forward(Tensor.FromArray([1f], 1, 1));      // a batch of one is fine in eval
        Assert.Equal((1f - 0.3f) / MathF.Sqrt(bn.RunningVar.Item() + 1e-5f), e.Item(), 5);
        Assert.Equal(1f, bn.NumBatchesTracked.Item());
    }

    [Fact]
    public void BatchNorm_WithoutMomentum_KeepsACumulativeAverage()
    {
        var bn = new BatchNorm1d(1, momentum: null);
        bn.Forward(Tensor.FromArray([0f, 2f], 2, 1));
        bn.Forward(Tensor.FromArray([4f, 6f], 2, 1));
        Assert.Equal(3f, bn.RunningMean!.Item(), 6);          // (1 + 5) / 2
    }

    [Fact]
    public void Dropout_TrainingScalesKeptValues_EvalIsIdentity_AndSameSeedGivesSameMask()
    {
        var x = Tensor.Ones(100, 50);
        var y = new Dropout(new RandomStream(7), 0.3).Forward(x);
        int kept = y.ToArray().Count(v => v != 0f);
        Assert.All(y.ToArray(), v => Assert.True(v == 0f || Math.Abs(v - 1f / 0.7f) < 1e-6, $"value {v} is neither 0 nor 1/(1-p)"));
        Assert.InRange(kept, 3300, 3700);                        // 5000 · 0.7 ± 5σ (σ ≈ 32)

        Assert.Equal(y.ToArray(), new Dropout(new RandomStream(7), 0.3).Forward(x).ToArray());
        Assert.NotEqual(y.ToArray(), new Dropout(new RandomStream(8), 0.3).Forward(x).ToArray());

        var eval = new Dropout(new RandomStream(7), 0.3);
        eval.Eval();
        Assert.Same(x, eval.Forward(x));
        Assert.All(new Dropout(new RandomStream(7), 1.0).Forward(x).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Dropout_MaskOfALargeTensor_IsTheSameForAnyThreadCount_AndKeepsAbout1MinusP()
    {
        var x = Tensor.Ones(8, 16, 28, 28);   // 100,352 elements: several parallel chunks, and an odd tail is not possible here
        float[] Mask(int threads)
        {
            int saved = Parallelism.MaxThreads;
            Parallelism.MaxThreads = threads;
            try { return new Dropout(new RandomStream(3), 0.05).Forward(x).ToArray(); }
            finally { Parallelism.MaxThreads = saved; }
        }
        var one = Mask(1);
        Assert.Equal(one, Mask(2));
        Assert.Equal(one, Mask(3));
        int dropped = one.Count(v => v == 0f);
        Assert.InRange(dropped, 5018 - 5 * 69, 5018 + 5 * 69);   // 100,352 · 0.05 ± 5σ (σ ≈ 69)
        // An odd length ends with half a pair; the mask still covers every element.
        var odd = new Dropout(new RandomStream(4), 0.5).Forward(Tensor.Ones(3, 5, 7)).ToArray();
        Assert.Equal(105, odd.Length);
        Assert.All(odd, v => Assert.True(v == 0f || v == 2f));
    }

    [Fact]
    public void MaxPool_Backward_RoutesToTheFirstMaximum_OnTies()
    {
        var x = Tensor.FromArray([5f, 5f, 5f, 5f], 1, 1, 2, 2).RequireGrad();
        Functional.MaxPool2d(x, 2).Backward(Tensor.Ones(1, 1, 1, 1));
        Assert.Equal([1f, 0f, 0f, 0f], x.Grad!.ToArray());

        var s = Tensor.FromArray([1f, 3f, 3f, 2f], 1, 1, 4).RequireGrad();
        Functional.MaxPool1d(s, 3, 1).Backward(Tensor.FromArray([10f, 20f], 1, 1, 2));
        Assert.Equal([0f, 30f, 0f, 0f], s.Grad!.ToArray());
    }
}
