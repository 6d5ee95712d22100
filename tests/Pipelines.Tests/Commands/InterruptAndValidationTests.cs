// Ctrl+C semantics (stop after the current batch, keep the checkpoint, write the partial report, skip the rest),
// and the verbs that check definitions without training: validate, run --dry-run, list.
using System.Text.Json;
using Experiments.ML.Training;
using Experiments.Pipelines.Commands;
using Experiments.Pipelines.Definitions;
using Experiments.Pipelines.Progress;
using Experiments.Pipelines.Running;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Experiments.Pipelines.Tests.Commands;

[Collection(TrainingCollection.Name)]
public sealed class InterruptAndValidationTests
{
    /// <summary>Cancels the invocation when the first run reports its 5th batch, as a Ctrl+C would.</summary>
    private sealed class CancelAtBatch(CancellationTokenSource source, int batch) : IRunProgress, ITrainingProgress
    {
        public List<string> Ended { get; } = [];
        public ITrainingProgress BeginRun(string runName, int index, int total) => this;
        public void Evaluating(string runName) { }
        public void EndRun(string runName, bool succeeded, string summary) => Ended.Add(runName);
        public void OnEpochStart(int epoch, int epochs, int batches) { }
        public void OnBatchEnd(in BatchProgress progress)
        {
            if (progress.Batch == batch) source.Cancel();
        }
        public void OnEpochEnd(EpochRecord record) { }
    }

    [Fact]
    public async Task Cancelling_stops_the_current_run_after_its_batch_writes_its_partial_report_and_skips_the_rest()
    {
        string output = CliRunner.TempFolder("interrupt");
        try
        {
            var plan = PipelineCommands.LoadPlan("mlp-vs-cnn-lenet", new PipelineOverrides { Epochs = 2 });
            using var source = new CancellationTokenSource();
            var progress = new CancelAtBatch(source, batch: 5);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Ansi = AnsiSupport.No });
            var result = await PipelineRunner.RunAsync(plan, new RunSettings(output, output, null, NullLogger.Instance), progress, console, source.Token);

            Assert.True(result.Interrupted);
            Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
            Assert.Single(result.Outcomes);
            Assert.Equal([plan.Runs[0].Name], progress.Ended);
            string folder = Directory.GetDirectories(output).Single();
            using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "report.json")));
            var history = report.RootElement.GetProperty("history");
            Assert.Equal("Cancelled", history.GetProperty("stopReason").GetString());
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "checkpoints")));
            Assert.True(File.Exists(Path.Combine(folder, "model.zip")));
            Assert.True(File.Exists(Path.Combine(output, "comparison.json")));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Validate_accepts_every_shipped_definition()
    {
        var (code, output, error) = await CliRunner.Run("validate", "mlp-vs-cnn", "fashion-mlp", "mlp-vs-cnn-lenet", "compact-cnn");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains(": ok (")));
    }

    [Fact]
    public async Task Validate_reports_a_bad_file_with_its_position_and_exit_code_2()
    {
        string file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "name: bad\ndataset:\n  name: fashion-mnist\nruns:\n  - model: mlp-32-33\n");
        try
        {
            var (code, _, error) = await CliRunner.Run("validate", file);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains($"{file}:5:", error);
            Assert.Contains("mlp-32-32", error); // the did-you-mean
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_with_overrides_and_trains_nothing()
    {
        string output = CliRunner.TempFolder("dry");
        var (code, stdout, error) = await CliRunner.Run("mlp-vs-cnn", "--dry-run", "--epochs", "2", "--set", "defaults.batch_size=50", "--output", output);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("mlp-32-32.adam.leaky_relu", stdout);
        Assert.Contains("26,506", stdout);
        Assert.Matches(@"cnn-s3\.sgd\s+cnn-s3\s+21,840\s+sgd\s+0\.01\s+relu\s+2\s+50", stdout);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_bad_override_is_bad_input_naming_the_key()
    {
        var (code, _, error) = await CliRunner.Run("mlp-vs-cnn", "--dry-run", "--set", "defaults.optimizer.lr=fast");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("defaults.optimizer.lr", error);
    }

    [Fact]
    public async Task List_shows_the_shipped_pipelines()
    {
        var (code, output, _) = await CliRunner.Run("list");
        Assert.Equal(ExitCodes.Ok, code);
        foreach (string name in new[] { "mlp-vs-cnn", "fashion-mlp", "mlp-vs-cnn-lenet", "compact-cnn" })
            Assert.Contains(name, output);
    }

    [Fact]
    public async Task Unknown_pipeline_suggests_the_closest_name()
    {
        var (code, _, error) = await CliRunner.Run("mlp-vs-ccn", "--dry-run");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("mlp-vs-cnn", error);
    }
}
