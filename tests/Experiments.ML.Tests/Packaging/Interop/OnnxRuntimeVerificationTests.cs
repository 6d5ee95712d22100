// Real-runtime verification of OnnxExporter on every preset and on extra nets covering every layer type:
// Debian's python3-onnx (checker with full_check, strict shape inference) accepts every exported model, and
// onnxruntime-node (tests/onnxruntime) reproduces our engine's eval-mode probabilities on 1,000 MNIST test images:
// identical arg max everywhere and max |Δp| ≤ 1e-4.
using System.Text;
using System.Text.Json;
using Experiments.ML.Models;
using Experiments.ML.Packaging.Interop;
using Xunit.Abstractions;

namespace Experiments.ML.Tests.Packaging.Interop;

public sealed class OnnxRuntimeVerificationTests(ExportedModels models, ITestOutputHelper output) : IClassFixture<ExportedModels>
{
    [Fact]
    public void Fixture_CoversEveryPresetAndEveryLayerTypeTheFactoryBuilds()
    {
        var names = models.All.Select(m => m.Name).ToHashSet();
        Assert.All(ModelPresets.Names, p => Assert.Contains(p, names));
        var types = models.All.SelectMany(m => m.Network.NamedModules().Select(x => x.Module.TypeName)).ToHashSet();
        string[] expected = ["Linear", "Conv1d", "Conv2d", "BatchNorm1d", "BatchNorm2d", "MaxPool1d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
            "Flatten", "Unflatten", "Dropout", "ReLU", "LeakyReLU", "Tanh", "Sigmoid", "GELU", "Softmax", "LogSoftmax"];
        Assert.All(expected, t => Assert.Contains(t, types));
    }

    [Fact]
    public void EveryExportedModel_PassesOnnxFullCheckAndStrictShapeInference()
    {
        using var report = JsonDocument.Parse(PythonScript.Run("Interop/check_exported.py", [.. models.All.Select(m => m.Path)]));
        foreach (var model in models.All)
        {
            Assert.True(report.RootElement.TryGetProperty(model.Name, out var r), $"{model.Name}: missing from the checker's report");
            Assert.Equal(OnnxExporter.IrVersion, r.GetProperty("ir_version").GetInt64());
            Assert.Equal(OnnxExporter.OpsetVersion, r.GetProperty("opset").GetProperty("").GetInt64());
            Assert.Equal("[\"N\",784]", r.GetProperty("inputs").GetProperty("Image").GetProperty("shape").GetRawText());
            var inferred = r.GetProperty("inferred");
            // Shape inference derives the declared outputs from the graph itself: Score float (N, 10), PredictedLabel int64 (N).
            Assert.True(inferred.GetProperty("Score").GetProperty("elem_type").GetInt32() == 1, $"{model.Name}: Score is not float");
            Assert.Equal("[\"N\",10]", inferred.GetProperty("Score").GetProperty("shape").GetRawText());
            Assert.True(inferred.GetProperty("PredictedLabel").GetProperty("elem_type").GetInt32() == 7, $"{model.Name}: PredictedLabel is not int64");
            Assert.Equal("[\"N\"]", inferred.GetProperty("PredictedLabel").GetProperty("shape").GetRawText());
            var ops = r.GetProperty("op_types").EnumerateArray().Select(e => e.GetString()).ToArray();
            Assert.DoesNotContain("Dropout", ops);
            var hasBatchNorm = model.Network.NamedModules().Any(m => m.Module is Engine.NN.BatchNormBase);
            Assert.True(ops.Contains("BatchNormalization") == (hasBatchNorm && model.BatchNorm == BatchNormExport.Operator),
                $"{model.Name}: BatchNormalization nodes present = {ops.Contains("BatchNormalization")}, ops: {string.Join(" ", ops)}");
            Assert.Equal(JsonSerializer.Serialize(ExportedModels.ClassNames),
                r.GetProperty("metadata").GetProperty(OnnxExporter.ClassNamesKey).GetString());
        }
    }

    [Fact]
    public void OnnxRuntimeNode_MatchesEngineProbabilities_OnThousandMnistTestImages()
    {
        var outputs = OnnxRuntimeNode.Run([.. models.All.Select(m => m.Path)], models.RawPixels, ExportedModels.Images, 784, models.WorkDir);
        var failures = new StringBuilder();
        var summary = new StringBuilder();
        foreach (var model in models.All)
        {
            Assert.True(outputs.TryGetValue(model.Name, out var ort), $"{model.Name}: no output from onnxruntime-node");
            Assert.Equal(ExportedModels.Images * ExportedModels.Classes, ort!.Score.Length);
            Assert.Equal(ExportedModels.Images, ort.PredictedLabel.Length);
            var expected = model.EngineProbabilities;
            double maxDiff = 0;
            int worst = -1, labelMismatches = 0, firstMismatch = -1;
            var spread = 0.0;
            for (int i = 0; i < ExportedModels.Images; i++)
            {
                var row = expected.AsSpan(i * ExportedModels.Classes, ExportedModels.Classes);
                for (int k = 0; k < ExportedModels.Classes; k++)
                {
                    var d = Math.Abs(row[k] - ort.Score[i * ExportedModels.Classes + k]);
                    if (d > maxDiff || double.IsNaN(d)) (maxDiff, worst) = (double.IsNaN(d) ? double.PositiveInfinity : d, i);
                }
                int engineLabel = ArgMax(row);
                if (engineLabel != ort.PredictedLabel[i] || ArgMax(ort.Score.AsSpan(i * ExportedModels.Classes, ExportedModels.Classes)) != ort.PredictedLabel[i])
                {
                    labelMismatches++;
                    if (firstMismatch < 0) firstMismatch = i;
                }
                spread += row[engineLabel] - Min(row);
            }
            spread /= ExportedModels.Images;
            var correct = Enumerable.Range(0, ExportedModels.Images).Count(i => ort.PredictedLabel[i] == models.Labels[i]);
            summary.AppendLine($"{model.Name}: max |Δp| {maxDiff:E2}, label mismatches {labelMismatches}, mean top-minus-min prob {spread:F4}, accuracy {correct}/{ExportedModels.Images}");
            if (maxDiff > 1e-4 || labelMismatches > 0)
                failures.AppendLine($"{model.Name}: max |Δp| = {maxDiff:E3} at image {worst} (limit 1e-4); {labelMismatches} arg max mismatches, first at image {firstMismatch}");
            if (model.Name.StartsWith("trained-"))
                Assert.True(correct > 300, $"{model.Name}: {correct}/{ExportedModels.Images} correct; chance is ~100, so the briefly trained net did not learn and does not stand for a trained model");
            // The comparison means something only if the probabilities are not flat.
            Assert.True(spread > 1e-3, $"{model.Name}: engine probabilities are nearly uniform (mean spread {spread:E2}); the comparison would be vacuous");
        }
        output.WriteLine(summary.ToString());
        Assert.True(failures.Length == 0, $"onnxruntime-node differs from the engine:\n{failures}\nall models:\n{summary}");
        var version = outputs.Values.First().Report;
        Assert.True(version.GetProperty("outputs").GetProperty("Score").GetProperty("type").GetString() == "float32");
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
        return best;
    }

    private static float Min(ReadOnlySpan<float> row)
    {
        var min = row[0];
        foreach (var v in row) min = Math.Min(min, v);
        return min;
    }
}
