// Tests of the ONNX writer, builder and reader: Debian's python3-onnx checks our bytes (checker with full_check,
// strict shape inference), a numpy evaluation of the graph matches the same math in C#, and our reader decodes
// what we write.
using System.Buffers.Binary;
using System.Text.Json;
using Experiments.Engine.Random;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.Onnx;
using Google.Protobuf;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Packaging.Onnx;

public sealed class OnnxWriterTests
{
    [Fact]
    public void TinyClassifier_PassesOnnxCheckerAndStrictShapeInference_AndNumpyEvaluationMatchesCSharp()
    {
        const int n = 6;
        var classifier = new TinyClassifier(seed: 7);
        using var temp = new TempDirectory();
        var modelPath = temp.File("tiny.onnx");
        classifier.ToOnnx().Save(modelPath);
        var rng = new RandomStream(11);
        var images = new float[n * TinyClassifier.Features];
        for (int i = 0; i < images.Length; i++)
            images[i] = rng.NextInt(256);
        var inputPath = temp.File("images.f32");
        var raw = new byte[4 * images.Length];
        for (int i = 0; i < images.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), images[i]);
        File.WriteAllBytes(inputPath, raw);

        using var report = JsonDocument.Parse(PythonScript.Run("Onnx/check_onnx.py", modelPath, inputPath, n.ToString()));
        var root = report.RootElement;
        Assert.Equal(8, root.GetProperty("ir_version").GetInt64());
        Assert.Equal(17, root.GetProperty("opset").GetProperty("").GetInt64());
        Assert.Equal("Experiments", root.GetProperty("producer_name").GetString());
        Assert.Equal("tiny_classifier", root.GetProperty("graph_name").GetString());
        Assert.Equal("mlp-16", root.GetProperty("metadata").GetProperty("experiments.model").GetString());
        Assert.Equal("[\"N\",784]", root.GetProperty("inputs").GetProperty("Image").GetProperty("shape").GetRawText());
        // Shape inference agrees with the declared outputs: Score float (N, 10), PredictedLabel int64 (N).
        var inferred = root.GetProperty("inferred");
        Assert.Equal(1, inferred.GetProperty("Score").GetProperty("elem_type").GetInt32());
        Assert.Equal("[\"N\",10]", inferred.GetProperty("Score").GetProperty("shape").GetRawText());
        Assert.Equal(7, inferred.GetProperty("PredictedLabel").GetProperty("elem_type").GetInt32());
        Assert.Equal("[\"N\"]", inferred.GetProperty("PredictedLabel").GetProperty("shape").GetRawText());
        Assert.Equal("[\"N\",16]", inferred.GetProperty("activated").GetProperty("shape").GetRawText());

        var (scores, labels) = classifier.Evaluate(images, n);
        var evaluation = root.GetProperty("evaluation");
        var numpyScores = evaluation.GetProperty("Score").GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var numpyLabels = evaluation.GetProperty("PredictedLabel").GetProperty("values").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal("int64", evaluation.GetProperty("PredictedLabel").GetProperty("dtype").GetString());
        // float32 sums in a different order (BLAS vs our loop): 1e-6 absolute + 1e-5 relative covers 784-term dot products.
        AssertClose(scores, numpyScores, atol: 1e-6f, rtol: 1e-5f);
        Assert.Equal(labels, numpyLabels);
        Assert.True(labels.Distinct().Count() > 1, $"all labels equal ({labels[0]}); the check would not notice a wrong ArgMax axis");
    }

    [Fact]
    public void Builder_RefusesTwoNodesOfOneName_AsOnnxRuntimeDoes()
    {
        var builder = new OnnxModelBuilder("dup").AddInput("x", OnnxElementType.Float, 1).AddNode("Relu", ["x"], ["y"], "act", null);
        var ex = Assert.Throws<ModelPackageException>(() => builder.AddNode("Relu", ["y"], ["z"], "act", null));
        Assert.Equal("act", ex.EntryName);
        Assert.Contains("two nodes are named 'act'", ex.Message);
    }

    [Fact]
    public void EveryAttributeKind_IsWrittenWithItsTypeField_AndAcceptedByOnnx()
    {
        var tensor = OnnxTensor.FromFloats("t", [1f, 2f, 3f, 4f], 2, 2);
        var bytes = new OnnxModelBuilder("constants")
            .AddInput("x", OnnxElementType.Float, 1)
            .AddNode("Constant", [], ["c_float"], OnnxAttribute.Float("value_float", 2.5f))
            .AddNode("Constant", [], ["c_int"], OnnxAttribute.Int("value_int", -3))
            .AddNode("Constant", [], ["c_string"], OnnxAttribute.String("value_string", "héllo"))
            .AddNode("Constant", [], ["c_tensor"], OnnxAttribute.Tensor("value", tensor))
            .AddNode("Constant", [], ["c_floats"], OnnxAttribute.Floats("value_floats", 0.5f, -1.25f))
            .AddNode("Constant", [], ["c_ints"], OnnxAttribute.Ints("value_ints", 1, -2, 3000000000L))
            .AddNode("Relu", ["x"], ["y"])
            .AddOutput("y", OnnxElementType.Float, 1)
            .AddOutput("c_float", OnnxElementType.Float)
            .AddOutput("c_int", OnnxElementType.Int64)
            .AddOutput("c_tensor", OnnxElementType.Float, 2, 2)
            .AddOutput("c_floats", OnnxElementType.Float, 2)
            .AddOutput("c_ints", OnnxElementType.Int64, 3)
            .ToBytes();
        using var temp = new TempDirectory();
        var path = temp.File("constants.onnx");
        File.WriteAllBytes(path, bytes);
        using var report = JsonDocument.Parse(PythonScript.Run("Onnx/check_onnx.py", path));
        var kinds = report.RootElement.GetProperty("nodes").EnumerateArray()
            .SelectMany(node => node.GetProperty("attributes").EnumerateObject().Select(p => p.Value.GetString()))
            .ToArray();
        Assert.Equal(new[] { "FLOAT", "INT", "STRING", "TENSOR", "FLOATS", "INTS" }, kinds);
        var inferred = report.RootElement.GetProperty("inferred");
        Assert.Equal("[3]", inferred.GetProperty("c_ints").GetProperty("shape").GetRawText());
        Assert.Equal("[2,2]", inferred.GetProperty("c_tensor").GetProperty("shape").GetRawText());

        // Our reader gets the same values back.
        var attributes = OnnxModelReader.Read(bytes).Graph.Nodes.SelectMany(node => node.Attributes).ToArray();
        Assert.Equal(2.5f, attributes[0].FloatValue);
        Assert.Equal(-3, attributes[1].IntValue);
        Assert.Equal("héllo", attributes[2].StringValue);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, attributes[3].TensorValue!.ToFloats());
        Assert.Equal(new[] { 0.5f, -1.25f }, attributes[4].FloatsValue);
        Assert.Equal(new[] { 1L, -2L, 3000000000L }, attributes[5].IntsValue);
    }

    [Fact]
    public void Reader_DecodesWhatTheWriterWrote()
    {
        var classifier = new TinyClassifier(seed: 3);
        var model = OnnxModelReader.Read(classifier.ToOnnx().ToBytes());
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(new OnnxOpsetImport("", 17), Assert.Single(model.OpsetImports));
        Assert.Equal(new[] { "Div", "Sub", "Div", "Gemm", "Relu", "Gemm", "Softmax", "ArgMax" }, model.Graph.Nodes.Select(x => x.OpType));
        Assert.Equal(new[] { "normalized", "layers.0.weight", "layers.0.bias" }, model.Graph.Nodes[3].Inputs);
        Assert.Equal("Gemm_3", model.Graph.Nodes[3].Name);
        Assert.Equal(classifier.W1, model.Graph.Initializers.Single(t => t.Name == "layers.0.weight").ToFloats());
        Assert.Equal(new long[] { 16, 784 }, model.Graph.Initializers.Single(t => t.Name == "layers.0.weight").Dims);
        Assert.Empty(model.Graph.Initializers.Single(t => t.Name == "mean").Dims);
        var image = Assert.Single(model.Graph.Inputs);
        Assert.Equal(OnnxElementType.Float, image.ElementType);
        Assert.Equal(new[] { OnnxDim.Symbolic("N"), OnnxDim.Fixed(784) }, image.Shape);
        Assert.Equal(new[] { "Score", "PredictedLabel" }, model.Graph.Outputs.Select(o => o.Name));
        Assert.Equal("hidden", Assert.Single(model.Graph.ValueInfo).Name);
        Assert.Equal(new KeyValuePair<string, string>("experiments.model", "mlp-16"), model.MetadataProps[0]);
    }

    [Fact]
    public void Writer_IsDeterministic()
    {
        Assert.Equal(new TinyClassifier(5).ToOnnx().ToBytes(), new TinyClassifier(5).ToOnnx().ToBytes());
    }

    [Fact]
    public void Writer_UsesOfficialFieldNumbers_CheckedOnAHandDecodedModel()
    {
        var bytes = new OnnxModelBuilder("g").AddInput("x", OnnxElementType.Float, "N").AddNode("Relu", ["x"], ["y"])
            .AddOutput("y", OnnxElementType.Float, "N").ToBytes();
        var input = new CodedInputStream(bytes);
        var fields = new List<(int Field, WireFormat.WireType Wire)>();
        for (uint tag; (tag = input.ReadTag()) != 0; input.SkipLastField())
            fields.Add((WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag)));
        // ModelProto: ir_version=1 (varint), producer_name=2, producer_version=3, graph=7, opset_import=8.
        Assert.Equal(new[] { (1, WireFormat.WireType.Varint), (2, WireFormat.WireType.LengthDelimited), (3, WireFormat.WireType.LengthDelimited),
            (7, WireFormat.WireType.LengthDelimited), (8, WireFormat.WireType.LengthDelimited) }, fields);
        Assert.Equal(new byte[] { 0x08, 0x08 }, bytes[..2]); // tag(1, varint), ir_version 8
    }

    [Fact]
    public void Builder_RefusesUnknownInputsDuplicateNamesAndUnproducedOutputs()
    {
        var unknown = Assert.Throws<ModelPackageException>(() =>
            new OnnxModelBuilder("g").AddInput("x", OnnxElementType.Float, 1).AddNode("Relu", ["z"], ["y"]));
        Assert.Contains("reads 'z'", unknown.Message);
        var duplicate = Assert.Throws<ModelPackageException>(() =>
            new OnnxModelBuilder("g").AddInput("x", OnnxElementType.Float, 1).AddInitializer("x", [1f]));
        Assert.Contains("defined twice", duplicate.Message);
        var unproduced = Assert.Throws<ModelPackageException>(() =>
            new OnnxModelBuilder("g").AddInput("x", OnnxElementType.Float, 1).AddOutput("y", OnnxElementType.Float, 1).Build());
        Assert.Contains("not produced", unproduced.Message);
        var badData = Assert.Throws<ModelPackageException>(() => new OnnxModelBuilder("g").AddInitializer("w", new float[5], 2, 3));
        Assert.Contains("hold 6 elements but 5", badData.Message);
        Assert.Throws<ModelPackageException>(() => new OnnxModelBuilder("g").AddInput("x", OnnxElementType.Float, -1L));
    }

    [Fact]
    public void Reader_RefusesGarbage()
    {
        var ex = Assert.Throws<ModelPackageException>(() => OnnxModelReader.Read([0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01], "junk.onnx"));
        Assert.Equal("junk.onnx", ex.FilePath);
        // A well-formed protobuf that is not a model (no ir_version, no graph).
        var notModel = Assert.Throws<ModelPackageException>(() => OnnxModelReader.Read([0x12, 0x01, 0x78], "other.pb"));
        Assert.Contains("ir_version is 0", notModel.Message);
    }

    private static void AssertClose(float[] expected, float[] actual, float atol, float rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        var bad = new List<string>();
        float maxDiff = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            var diff = MathF.Abs(expected[i] - actual[i]);
            maxDiff = MathF.Max(maxDiff, diff);
            if (!(diff <= atol + rtol * MathF.Abs(actual[i])) && bad.Count < 5)
                bad.Add($"[{i}] C# {expected[i]:R} numpy {actual[i]:R}");
        }
        Assert.True(bad.Count == 0, $"first mismatches: {string.Join("; ", bad)}; max diff {maxDiff}");
    }
}
