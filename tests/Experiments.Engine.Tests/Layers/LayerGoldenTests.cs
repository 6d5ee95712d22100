// Golden tests of convolution, pooling, batch norm and small CNNs against PyTorch
// (Goldens/data/{conv,pooling,batchnorm,cnn_modules}.json, written by Goldens/generate_layer_goldens.py).
using System.Text.Json;
using Experiments.Engine.NN;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Goldens;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Layers;

public class ConvGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("conv");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = GoldenFile.Load("conv")[name];
        GoldenRunner.Check(c, t => c.Op switch
        {
            "conv2d" => Functional.Conv2d(t["x"], t["weight"], t.GetValueOrDefault("bias"), (c.Int("stride_h"), c.Int("stride_w")), (c.Int("pad_h"), c.Int("pad_w"))),
            "conv1d" => Functional.Conv1d(t["x"], t["weight"], t.GetValueOrDefault("bias"), c.Int("stride"), c.Int("padding")),
            var op => throw new NotSupportedException(op),
        });
    }
}

public class PoolingGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("pooling");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = GoldenFile.Load("pooling")[name];
        GoldenRunner.Check(c, t => c.Op switch
        {
            "max_pool2d" => Functional.MaxPool2d(t["x"], (c.Int("kernel_h"), c.Int("kernel_w")), (c.Int("stride_h"), c.Int("stride_w")), (c.Int("pad_h"), c.Int("pad_w"))),
            "max_pool1d" => Functional.MaxPool1d(t["x"], c.Int("kernel"), c.Int("stride"), c.Int("padding")),
            "avg_pool2d" => Functional.AvgPool2d(t["x"], (c.Int("kernel_h"), c.Int("kernel_w")), (c.Int("stride_h"), c.Int("stride_w")), (c.Int("pad_h"), c.Int("pad_w")), c.Bool("count_include_pad")),
            "adaptive_avg_pool2d" => Functional.AdaptiveAvgPool2d(t["x"], (c.Int("out_h"), c.Int("out_w"))),
            var op => throw new NotSupportedException(op),
        });
    }
}

public class BatchNormGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("batchnorm");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch_OutputGradientsAndRunningStatistics(string name)
    {
        var c = GoldenFile.Load("batchnorm")[name];
        int features = c.Int("num_features");
        Module bn = c.Op.StartsWith("batchnorm1d", StringComparison.Ordinal) ? new BatchNorm1d(features) : new BatchNorm2d(features);
        bn.Train(c.Op.EndsWith("_train", StringComparison.Ordinal));
        GoldenRunner.CheckModule(c, bn);
        LayerGoldens.CheckBuffersAfter(c, bn);
    }
}

public class CnnModuleGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("cnn_modules");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch_ThroughSequentialAndStateDict(string name)
    {
        var c = GoldenFile.Load("cnn_modules")[name];
        var random = new RandomStream(7);
        Module model = c.Op switch
        {
            "cnn_s4_without_dropout" => LayerModels.CnnS4(random),
            "cnn_s3" => LayerModels.CnnS3(random),
            "cnn_bn_gap" => new Sequential(
                new Conv2d(1, 4, 3, random, stride: 2, padding: 1), new BatchNorm2d(4), new ReLU(),
                new Conv2d(4, 8, 3, random, padding: 1), new BatchNorm2d(8), new ReLU(), new AvgPool2d(2),
                new Conv2d(8, 8, 3, random, padding: 1), new ReLU(), new AdaptiveAvgPool2d(1),
                new Flatten(), new Linear(8, 10, random)),
            "cnn1d" => new Cnn1dModel(random),
            var op => throw new NotSupportedException(op),
        };
        model.Train(!name.EndsWith("_eval", StringComparison.Ordinal));
        GoldenRunner.CheckModule(c, model);
        LayerGoldens.CheckBuffersAfter(c, model);
    }

    /// <summary>The golden script's Cnn1d: a module whose child is named "features" (keys features.0.weight, ...).</summary>
    private sealed class Cnn1dModel : Module
    {
        private readonly Sequential _features;

        public Cnn1dModel(RandomStream random) => _features = RegisterModule("features", LayerModels.Cnn1d(random));

        public override Tensor Forward(Tensor input) => _features.Call(input);
    }
}

/// <summary>Reads the layer goldens' extra key "buffers_after" (see generate_layer_goldens.py).</summary>
internal static class LayerGoldens
{
    public static void CheckBuffersAfter(GoldenCase golden, Module model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenFile.Folder, golden.Family + ".json")));
        var entry = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == golden.Name);
        var buffers = model.NamedBuffers().ToDictionary(b => b.Name, b => b.Buffer);
        var expectedAll = entry.GetProperty("buffers_after").EnumerateObject().ToList();
        Assert.Equal(expectedAll.Select(e => e.Name).Order(), buffers.Keys.Order());
        foreach (var expected in expectedAll)
        {
            int[] shape = expected.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            float[] data = expected.Value.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            TensorAssert.Close(shape, data, buffers[expected.Name], GoldenRunner.ForwardAtol, GoldenRunner.ForwardRtol, $"{golden} buffer {expected.Name} after forward");
        }
    }
}
