// Every shipped definition runs end to end with --epochs 1 through the real command line and leaves the
// artifacts issue 5 promises: per run model.zip, checkpoints, report.json/.md/.html, metrics.csv and train.log;
// at the top the resolved definition, environment, dataset fingerprint and the comparison. These train on the
// full Fashion-MNIST (one epoch each), so they share one collection and run one after another.
using System.Text.Json;
using Experiments.ML.Packaging;
using Experiments.Pipelines.Commands;

namespace Experiments.Pipelines.Tests.Commands;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "training runs";
}

[Collection(TrainingCollection.Name)]
public sealed class ShippedPipelineRunTests
{
    [Theory]
    [InlineData("mlp-vs-cnn", 15)]
    [InlineData("fashion-mlp", 1)]
    [InlineData("mlp-vs-cnn-lenet", 3)]
    [InlineData("compact-cnn", 2)]
    public async Task Shipped_definition_runs_one_epoch_and_writes_every_artifact(string pipeline, int runs)
    {
        string output = CliRunner.TempFolder(pipeline);
        try
        {
            var (code, stdout, stderr) = await CliRunner.Run(pipeline, "--epochs", "1", "--output", output, "--no-progress");
            Assert.True(code == ExitCodes.Ok, $"exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");

            foreach (string file in new[] { "definition.yaml", "environment.json", "dataset.json", "comparison.json", "comparison.md", "comparison.html", "metrics.json", "params.yaml" })
                Assert.True(File.Exists(Path.Combine(output, file)), $"{file} missing in {output}");
            string[] runFolders = Directory.GetDirectories(output);
            Assert.Equal(runs, runFolders.Length);
            foreach (string folder in runFolders)
            {
                foreach (string file in new[] { "model.zip", "report.json", "report.md", "report.html", "metrics.csv", "train.log" })
                    Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing in {folder}");
                Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "checkpoints")));
                Assert.Empty(Directory.GetFiles(folder, "*.tmp-*", SearchOption.AllDirectories));
                var package = ModelPackage.Load(Path.Combine(folder, "model.zip"));
                foreach (string entry in new[] { "model.onnx", "weights.safetensors", "report.json", "Schema", "TransformerChain/Model.key", "TransformerChain/Transform_000/OnnxModel" })
                    Assert.Contains(entry, package.EntryNames);
                Assert.Contains("epoch 1/1", File.ReadAllText(Path.Combine(folder, "train.log")));
            }
            using var comparison = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "comparison.json")));
            Assert.Equal(runs, comparison.RootElement.GetProperty("runs").GetArrayLength());
            // The recorded definition is what ran: the override is merged (no other epoch count is left) and listed.
            string definition = File.ReadAllText(Path.Combine(output, "definition.yaml"));
            Assert.Contains("# Command-line overrides, applied over every run: --epochs 1", definition);
            Assert.Contains($"name: {pipeline}", definition);
            Assert.Contains("epochs: 1", definition);
            Assert.DoesNotMatch(@"epochs: (?!1\b)\d+", definition);
            Assert.Contains("test acc", stdout);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
