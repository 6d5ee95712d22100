// The verbs that read a finished run: summary, evaluate, predict, export-onnx and compare, on the model.zip of a
// one-epoch fashion-mlp run trained once for the class. Their numbers must agree with the run's own report.
using System.Text.Json;
using Experiments.ML.Packaging;
using Experiments.Pipelines.Commands;

namespace Experiments.Pipelines.Tests.Commands;

public sealed class TrainedRunFixture : IAsyncLifetime
{
    public string Output { get; } = CliRunner.TempFolder("fashion-mlp-verbs");

    public string RunFolder => Directory.GetDirectories(Output).Single();

    public string ModelZip => Path.Combine(RunFolder, "model.zip");

    public async Task InitializeAsync()
    {
        var (code, stdout, stderr) = await CliRunner.Run("fashion-mlp", "--epochs", "1", "--output", Output, "--no-progress");
        if (code != ExitCodes.Ok) throw new InvalidOperationException($"training the fixture run failed ({code}):\n{stdout}\n{stderr}");
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Output)) Directory.Delete(Output, recursive: true);
        return Task.CompletedTask;
    }
}

[Collection(TrainingCollection.Name)]
public sealed class ModelVerbTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    private const string TestImages = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    private const string TestLabels = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";

    private double ReportedAccuracy()
    {
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(run.RunFolder, "report.json")));
        return report.RootElement.GetProperty("testMetrics").GetProperty("microAccuracy").GetDouble();
    }

    [Fact]
    public async Task Summary_of_a_model_zip_shows_architecture_layers_and_entries()
    {
        var (code, output, error) = await CliRunner.Run("summary", run.ModelZip);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("architecture: mlp 784-64-64-64-10, relu", output);
        Assert.Contains("layers.1", output);
        Assert.Contains("total parameters: 59,210", output);
        Assert.Contains("model.onnx", output);
        Assert.Contains("T-shirt/top", output);
    }

    [Fact]
    public async Task Summary_of_a_pipeline_prints_its_plan()
    {
        var (code, output, _) = await CliRunner.Run("summary", "mlp-vs-cnn");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("cnn-s3.sgd", output);
        Assert.Contains("21,840", output);
    }

    [Fact]
    public async Task Evaluate_reproduces_the_accuracy_in_the_run_report()
    {
        var (code, output, error) = await CliRunner.Run("evaluate", run.ModelZip);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("(the data it was trained on)", output);
        Assert.Matches($@"MicroAccuracy\s+\S\s+{ReportedAccuracy():F4}\s", output);
    }

    [Fact]
    public async Task Predict_over_the_test_file_gives_the_reported_accuracy_and_one_image_gives_its_top_classes()
    {
        var (code, output, error) = await CliRunner.Run("predict", run.ModelZip, TestImages, "--labels", TestLabels);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("10000 images classified", output);
        Assert.Contains($"({(int)Math.Round(ReportedAccuracy() * 10000)}/10000)", output);

        (code, output, error) = await CliRunner.Run("predict", run.ModelZip, TestImages, "--index", "1");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.StartsWith("image 1: ", output);
        Assert.Equal(4, output.Trim().Split('\n').Length);

        (code, _, error) = await CliRunner.Run("predict", run.ModelZip, TestImages, "--index", "10000");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("0..9999", error);
    }

    [Fact]
    public async Task Export_onnx_writes_the_graph_the_package_carries()
    {
        string file = Path.Combine(run.Output, "exported.onnx");
        var (code, output, error) = await CliRunner.Run("export-onnx", run.ModelZip, "-o", file);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("input:   Image Float [N, 784]", output);
        Assert.Equal(ModelPackage.Load(run.ModelZip).ReadEntry("model.onnx"), File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Compare_reads_the_run_folder_and_writes_the_comparison_elsewhere()
    {
        string destination = Path.Combine(run.Output, "..", Path.GetFileName(run.Output) + "-comparison");
        try
        {
            var (code, output, error) = await CliRunner.Run("compare", run.Output, "-o", destination);
            Assert.True(code == ExitCodes.Ok, error);
            Assert.Contains("Compared 1 runs", output);
            Assert.True(File.Exists(Path.Combine(destination, "comparison.html")));
        }
        finally
        {
            if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        }
    }

    [Fact]
    public async Task A_corrupt_model_zip_is_bad_input_naming_the_file()
    {
        string bad = Path.Combine(run.Output, "corrupt.zip");
        File.WriteAllBytes(bad, [1, 2, 3, 4]);
        var (code, _, error) = await CliRunner.Run("summary", bad);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("corrupt.zip", error);
    }
}
