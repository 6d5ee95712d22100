// Unit tests of OnnxExporter that need no runtime: the graph's contract (input, outputs, preprocessing constants,
// metadata), deterministic bytes, eval-mode export of a network left untouched, BatchNorm folding arithmetic, and
// one clear exception for each kind of bad input.
using System.Text.Json;
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.Engine.Random;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.Interop;
using Experiments.ML.Packaging.Onnx;

namespace Experiments.ML.Tests.Packaging.Interop;

public sealed class OnnxExporterTests
{
    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private static Network Preset(string name) => ExportedModels.Build(ModelPresets.Get(name).Spec);

    [Fact]
    public void Graph_TakesRawImage_AndReturnsScoreAndPredictedLabel_WithSchemaConstants()
    {
        var schema = new InputSchema { Mean = [0.2860], Std = [0.3530] };
        var model = OnnxModelReader.Read(OnnxExporter.Export(Preset("cnn-s3"), schema, Digits));
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, Assert.Single(model.OpsetImports).Version);
        var input = Assert.Single(model.Graph.Inputs);
        Assert.Equal(("Image", OnnxElementType.Float, "N,784"), (input.Name, input.ElementType, string.Join(",", input.Shape!)));
        Assert.Equal(new[] { "Score", "PredictedLabel" }, model.Graph.Outputs.Select(o => o.Name));
        Assert.Equal("N,10", string.Join(",", model.Graph.Outputs[0].Shape!));
        Assert.Equal(OnnxElementType.Int64, model.Graph.Outputs[1].ElementType);
        var init = model.Graph.Initializers.ToDictionary(t => t.Name);
        Assert.Equal([255f], init["input.pixel_divisor"].ToFloats());   // pixel_scale 1/255: divide, as ToTensor does
        Assert.False(init.ContainsKey("input.pixel_scale"));
        Assert.Equal([0.2860f], init["input.mean"].ToFloats());
        Assert.Equal([0.3530f], init["input.std"].ToFloats());
        Assert.Equal([0L, 1, 28, 28], init["input.shape"].ToInt64s());
        // Weights keep their state-dict names and values.
        var network = Preset("cnn-s3");
        Assert.Equal(network.StateDict()["layers.0.weight"].Data.ToArray(), init["layers.0.weight"].ToFloats());
        Assert.Equal(["Div", "Sub", "Div", "Reshape", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Softmax", "ArgMax"],
            model.Graph.Nodes.Select(n => n.OpType));
        var argMax = model.Graph.Nodes[^1];
        Assert.Equal(["Score"], argMax.Inputs);
        Assert.Equal([1L, 0L], argMax.Attributes.Select(a => a.IntValue));
    }

    [Fact]
    public void PerChannelSchema_ExpandsMeanAndStdPerInputElement()
    {
        var schema = new InputSchema { Shape = new InputShape(3, 4, 4), PixelScale = 1.0 / 255, Mean = [0.1, 0.2, 0.3], Std = [0.5, 0.25, 2] };
        var network = new Network(new Sequential(new Flatten(), new Linear(48, 3, new RandomStream(1))));
        var init = OnnxModelReader.Read(OnnxExporter.Export(network, schema, ["a", "b", "c"])).Graph.Initializers.ToDictionary(t => t.Name);
        float[] mean = [.. Enumerable.Repeat(0.1f, 16), .. Enumerable.Repeat(0.2f, 16), .. Enumerable.Repeat(0.3f, 16)];
        Assert.Equal(mean, init["input.mean"].ToFloats());
        Assert.Equal(new long[] { 48 }, init["input.std"].Dims);
        Assert.Equal(2f, init["input.std"].ToFloats()[47]);
        Assert.Equal([0L, 3, 4, 4], init["input.shape"].ToInt64s());
    }

    [Fact]
    public void Metadata_HoldsClassNamesVersionAndInputContract_ThenExtraKeys()
    {
        string[] names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle \"boot\", é"];
        var bytes = OnnxExporter.Export(Preset("mlp-32-32"), new InputSchema(), names,
            new OnnxExportOptions { Metadata = [new("experiments.preset", "mlp-32-32")] });
        Assert.Equal(names, OnnxExporter.ReadClassNames(bytes));
        var metadata = OnnxModelReader.Read(bytes).MetadataProps;
        Assert.Equal([OnnxExporter.ClassNamesKey, OnnxExporter.VersionKey, OnnxExporter.InputKey, "experiments.preset"], metadata.Select(m => m.Key));
        Assert.Equal(OnnxExporter.LibraryVersion, metadata[1].Value);
        Assert.StartsWith("0.1.0", OnnxExporter.LibraryVersion);
        using var input = JsonDocument.Parse(metadata[2].Value);
        Assert.Equal("[1,28,28]", input.RootElement.GetProperty("shape").GetRawText());
        Assert.Equal(1 / 255.0, input.RootElement.GetProperty("pixel_scale").GetDouble());
    }

    [Fact]
    public void Export_IsDeterministic_IgnoresTrainingMode_AndLeavesTheNetworkUntouched()
    {
        var network = Preset("compact-bn-gap");
        var before = network.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Data.ToArray());
        Assert.True(network.IsTraining);
        var first = OnnxExporter.Export(network, ExportedModels.Schema, Digits);
        Assert.True(network.IsTraining, "Export must not switch the network's mode");
        network.Eval();
        Assert.Equal(first, OnnxExporter.Export(network, ExportedModels.Schema, Digits));
        Assert.Equal(first, OnnxExporter.Export(Preset("compact-bn-gap"), ExportedModels.Schema, Digits));
        foreach (var (key, value) in network.StateDict())
            Assert.Equal(before[key], value.Data.ToArray());
    }

    [Fact]
    public void FoldedBatchNorm_ScalesWeightsAndShiftsBias_AsTheFormulaSays()
    {
        var conv = new Conv2d(1, 2, 3, new RandomStream(3), bias: true);
        var bn = new BatchNorm2d(2);
        bn.RunningMean!.Data[0] = 0.5f; bn.RunningMean.Data[1] = -1f;
        bn.RunningVar!.Data[0] = 4f; bn.RunningVar.Data[1] = 0.25f;
        bn.Weight!.Data[0] = 2f; bn.Weight.Data[1] = 0.5f;
        bn.Bias!.Data[0] = 0.1f; bn.Bias.Data[1] = -0.2f;
        var network = new Network(new Sequential(conv, bn, new AdaptiveAvgPool2d(1), new Flatten()));
        var schema = new InputSchema { Shape = new InputShape(1, 5, 5) };
        var model = OnnxModelReader.Read(OnnxExporter.Export(network, schema, ["a", "b"], new OnnxExportOptions { BatchNorm = BatchNormExport.Folded }));
        Assert.DoesNotContain(model.Graph.Nodes, n => n.OpType == "BatchNormalization");
        var init = model.Graph.Initializers.ToDictionary(t => t.Name);
        var w = init["layers.0.weight.bn_folded"].ToFloats();
        var b = init["layers.0.bias.bn_folded"].ToFloats();
        for (int o = 0; o < 2; o++)
        {
            double scale = bn.Weight.Data[o] / Math.Sqrt(bn.RunningVar.Data[o] + 1e-5);
            for (int k = 0; k < 9; k++) Assert.Equal((float)(conv.Weight.Data[o * 9 + k] * scale), w[o * 9 + k]);
            Assert.Equal((float)(((double)conv.Bias!.Data[o] - bn.RunningMean.Data[o]) * scale + bn.Bias.Data[o]), b[o]);
        }
        // Operator mode keeps the statistics under their state-dict names.
        var op = OnnxModelReader.Read(OnnxExporter.Export(network, schema, ["a", "b"])).Graph;
        Assert.Equal([4f, 0.25f], op.Initializers.Single(t => t.Name == "layers.1.running_var").ToFloats());
        Assert.Equal(1e-5f, op.Nodes.Single(n => n.OpType == "BatchNormalization").Attributes.Single(a => a.Name == "epsilon").FloatValue);
    }

    [Fact]
    public void NetworkEndingInSoftmax_IsNotSoftmaxedTwice()
    {
        var network = new Network(new Sequential(new Flatten(), new Linear(784, 2, new RandomStream(2)), new Softmax(-1)));
        var ops = OnnxModelReader.Read(OnnxExporter.Export(network, new InputSchema(), ["a", "b"])).Graph.Nodes.Select(n => n.OpType).ToArray();
        Assert.Single(ops, "Softmax");
        Assert.Contains("Identity", ops);
    }

    private sealed class Square : Module
    {
        public override Tensor Forward(Tensor input) => input * input;
    }

    public static TheoryData<string, Func<byte[]>, string, string> BadInputs => new()
    {
        { "unsupported layer", () => OnnxExporter.Export(new Network(new Sequential(new Flatten(), new Square(), new Linear(784, 2, new RandomStream(1)))), new InputSchema(), ["a", "b"]),
            "layers.1", "layer 'layers.1' is a Square, which the ONNX exporter does not support" },
        { "class count", () => OnnxExporter.Export(Preset("mlp-32-32"), new InputSchema(), ["a", "b", "c"]),
            OnnxExporter.ClassNamesKey, "produces 10 outputs per sample but 3 class names were given" },
        { "schema channels", () => OnnxExporter.Export(Preset("mlp-32-32"), new InputSchema { Mean = [0.1, 0.2] }, Digits),
            OnnxExporter.InputKey, "one mean and one std per channel (1); found 2 mean and 1 std" },
        { "schema std", () => OnnxExporter.Export(Preset("mlp-32-32"), new InputSchema { Std = [0] }, Digits),
            OnnxExporter.InputKey, "std[0]: expected a positive finite value; found 0" },
        { "shape mismatch", () => OnnxExporter.Export(Preset("mlp-32-32"), new InputSchema { Shape = new InputShape(1, 14, 14) }, Digits),
            "layers.1", "layer 'layers.1' (Linear) expects input (N, 784); it receives (N, 196)" },
        { "uneven adaptive pool", () => OnnxExporter.Export(new Network(new Sequential(new Conv2d(1, 2, 3, new RandomStream(1)), new AdaptiveAvgPool2d(3), new Flatten())),
                new InputSchema(), Enumerable.Range(0, 18).Select(i => $"c{i}").ToArray()),
            "layers.1", "receives 26×26, which does not divide evenly" },
        { "untracked batch norm", () => OnnxExporter.Export(new Network(new Sequential(new Flatten(), new BatchNorm1d(784, trackRunningStats: false), new Linear(784, 2, new RandomStream(1)))),
                new InputSchema(), ["a", "b"]),
            "layers.1", "does not track running statistics" },
        { "no classifier", () => OnnxExporter.Export(new Network(new Sequential(new Conv2d(1, 2, 3, new RandomStream(1)))), new InputSchema(), ["a", "b"]),
            "layers", "ends with per-sample shape [2, 26, 26]" },
        { "reserved metadata", () => OnnxExporter.Export(Preset("mlp-32-32"), new InputSchema(), Digits, new OnnxExportOptions { Metadata = [new(OnnxExporter.VersionKey, "x")] }),
            OnnxExporter.VersionKey, "written by the exporter itself" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInput_FailsWithOneClearException(string problem, Func<byte[]> export, string entry, string fragment)
    {
        var ex = Assert.Throws<ModelPackageException>(() => export());
        Assert.True(ex.EntryName == entry, $"{problem}: entry '{ex.EntryName}', expected '{entry}'; message: {ex.Message}");
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void ReadClassNames_NamesTheMissingKey()
    {
        var foreign = new TinyClassifierModel().Bytes;
        var ex = Assert.Throws<ModelPackageException>(() => OnnxExporter.ReadClassNames(foreign));
        Assert.Equal(OnnxExporter.ClassNamesKey, ex.EntryName);
        Assert.Contains("experiments.model", ex.Message);
    }

    private sealed class TinyClassifierModel
    {
        public byte[] Bytes { get; } = new Onnx.TinyClassifier(seed: 1).ToOnnx().ToBytes();
    }
}
