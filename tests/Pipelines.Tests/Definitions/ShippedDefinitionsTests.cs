// The shipped definitions in pipelines/: each loads, validates and expands to the runs issue 5 describes.
using Experiments.ML.Models;
using Experiments.ML.Training;
using Experiments.ML.Transforms;
using Experiments.Pipelines.Definitions;
using static Experiments.Pipelines.Tests.Definitions.DefinitionTestKit;

namespace Experiments.Pipelines.Tests.Definitions;

public sealed class ShippedDefinitionsTests
{
    [Fact]
    public void The_four_shipped_definitions_are_listed_and_each_has_the_schema_comment()
    {
        Assert.Equal(["compact-cnn", "fashion-mlp", "mlp-vs-cnn", "mlp-vs-cnn-lenet"], PipelineLoader.ListNames(PipelinesDirectory));
        foreach (var name in PipelineLoader.ListNames(PipelinesDirectory))
        {
            var text = File.ReadAllText(Path.Combine(PipelinesDirectory, name + ".yaml"));
            Assert.StartsWith("# yaml-language-server: $schema=schema/pipeline.schema.json\n", text);
            Assert.Equal(name, PipelineLoader.Find(name, PipelinesDirectory).Name);
        }
    }

    [Fact]
    public void Mlp_vs_cnn_expands_to_15_runs_with_readable_names_and_reference_parameter_counts()
    {
        var plan = PipelineLoader.Expand(PipelineLoader.Find("mlp-vs-cnn", PipelinesDirectory));
        string[] expected =
        [
            "mlp-32-32.adam.leaky_relu", "mlp-32-32.adam.relu", "mlp-32-32.adam.tanh",
            "mlp-32-32.rmsprop.leaky_relu", "mlp-32-32.rmsprop.relu", "mlp-32-32.rmsprop.tanh",
            "mlp-32-32.sgd.leaky_relu", "mlp-32-32.sgd.relu", "mlp-32-32.sgd.tanh",
            "cnn1d.adam", "cnn1d.rmsprop", "cnn1d.sgd", "cnn-s3.adam", "cnn-s3.rmsprop", "cnn-s3.sgd",
        ];
        Assert.Equal(expected, plan.Runs.Select(r => r.Name));
        Assert.All(plan.Runs.Take(9), r => Assert.Equal(26_506, r.ParameterCount));
        Assert.All(plan.Runs.Skip(9).Take(3), r => Assert.Equal(38_314, r.ParameterCount));
        Assert.All(plan.Runs.Skip(12), r => Assert.Equal(21_840, r.ParameterCount));
        Assert.All(plan.Runs, r =>
        {
            Assert.Equal((6, 100, 0.01, 42ul), (r.Options.Epochs, r.Options.BatchSize, r.Options.Optimizer.LearningRate, r.Seed));
            Assert.Equal(0.1, r.Options.ValidationFraction);
        });
        Assert.Equal([OptimizerKind.Adam, OptimizerKind.RMSprop, OptimizerKind.Sgd], plan.Runs.Skip(9).Take(3).Select(r => r.Options.Optimizer.Kind));
        Assert.Equal([ActivationKind.Tanh], ((MlpSpec)plan.Runs[2].Architecture).Activations);
        Assert.Equal("fashion-mnist", plan.DatasetName);
        Assert.Equal([0.2860], plan.Input.Mean);
        Assert.Equal(["random_horizontal_flip", "random_rotation", "color_jitter"], plan.Augmentation.Select(a => a.Name));
        Assert.Equal(ValueRange.Symmetric(10), ((RandomRotationOptions)plan.Augmentation[1]).Degrees);
        Assert.Equal(new ValueRange(0.8, 1.2), ((ColorJitterOptions)plan.Augmentation[2]).Brightness);
        Assert.Equal(["model", "architecture", "activation", "optimizer"], plan.Runs[0].DifferingSettings.Take(4));
        Assert.DoesNotContain("lr", plan.Runs[0].DifferingSettings);
        Assert.Equal("leaky_relu", plan.Runs[0].Settings["activation"]);
    }

    [Fact]
    public void Fashion_mlp_is_the_3x64_relu_adam_xavier_setting()
    {
        var plan = PipelineLoader.Expand(PipelineLoader.Find("fashion-mlp", PipelinesDirectory));
        var run = Assert.Single(plan.Runs);
        Assert.Equal(("mlp-3x64-relu", "inline"), (run.Name, run.ModelLabel));
        Assert.Equal(new MlpSpec { Hidden = [64, 64, 64], Activations = [ActivationKind.ReLU] }, run.Architecture);
        Assert.Equal(784 * 64 + 64 + 2 * (64 * 64 + 64) + 64 * 10 + 10, run.ParameterCount);
        Assert.Equal(new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = 1e-3, WeightDecay = 5e-4 }, run.Options.Optimizer);
        Assert.Equal((10, 32, InitKind.XavierUniform), (run.Options.Epochs, run.Options.BatchSize, run.Options.Init.Kind));
        Assert.Equal([0.0], plan.Input.Mean);
        Assert.Equal([1.0], plan.Input.Std);
    }

    [Fact]
    public void Mlp_vs_cnn_lenet_keeps_per_run_learning_rates()
    {
        var plan = PipelineLoader.Expand(PipelineLoader.Find("mlp-vs-cnn-lenet", PipelinesDirectory));
        Assert.Equal(["mlp-120-84", "mlp-50-50", "cnn-s3"], plan.Runs.Select(r => r.Name));
        Assert.Equal([1e-3, 1e-2, 1e-3], plan.Runs.Select(r => r.Options.Optimizer.LearningRate));
        Assert.Equal([105_214L, 42_310L, 21_840L], plan.Runs.Select(r => r.ParameterCount));
        Assert.All(plan.Runs, r => Assert.Equal(OptimizerKind.Adam, r.Options.Optimizer.Kind));
    }

    [Fact]
    public void Compact_cnn_has_onecycle_flips_and_early_stopping_on_validation_accuracy_and_stays_under_20k()
    {
        var definition = PipelineLoader.Find("compact-cnn", PipelinesDirectory);
        var plan = PipelineLoader.Expand(definition);
        Assert.Equal(["compact-bn-flat", "compact-bn-flat-small"], plan.Runs.Select(r => r.Name));
        Assert.Equal([19_690L, 10_926L], plan.Runs.Select(r => r.ParameterCount));
        Assert.Equal(["random_horizontal_flip"], plan.Augmentation.Select(a => a.Name));
        Assert.All(plan.Runs, r =>
        {
            Assert.InRange(r.ParameterCount, 1, 19_999);
            Assert.Equal((15, 128, 42UL), (r.Options.Epochs, r.Options.BatchSize, r.Options.Seed));
            Assert.Equal((OptimizerKind.Adam, 0.005), (r.Options.Optimizer.Kind, r.Options.Optimizer.LearningRate));
            Assert.Equal(SchedulerKind.OneCycle, r.Options.Scheduler.Kind);
            Assert.Equal(new EarlyStoppingOptions { Monitor = "val_accuracy", Mode = "max", Patience = 5 }, r.Options.EarlyStopping);
        });
    }

    [Fact]
    public void Dry_run_table_lists_every_run_with_its_columns()
    {
        var plan = PipelineLoader.Expand(PipelineLoader.Find("mlp-vs-cnn", PipelinesDirectory), new PipelineOverrides { Epochs = 1 });
        var lines = PlanText.Format(plan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Pipeline mlp-vs-cnn: 15 runs on fashion-mnist, validation split 0.1", lines[0]);
        var header = lines.Single(l => l.StartsWith("run ", StringComparison.Ordinal));
        Assert.Equal(["run", "model", "params", "optimizer", "lr", "activation", "epochs", "batch"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = lines.Single(l => l.StartsWith("cnn1d.rmsprop ", StringComparison.Ordinal));
        Assert.Equal(["cnn1d.rmsprop", "cnn1d", "38,314", "rmsprop", "0.01", "relu", "1", "100"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Find_by_unknown_name_lists_the_pipelines_with_a_suggestion()
    {
        var e = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Find("mlp-vs-cn", PipelinesDirectory));
        Assert.Contains("Did you mean 'mlp-vs-cnn'?", e.Message);
        Assert.Contains("Known pipelines: compact-cnn, fashion-mlp, mlp-vs-cnn, mlp-vs-cnn-lenet.", e.Message);
    }
}
