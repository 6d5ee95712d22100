// Command-line overrides: --set key.path=value and the typed options, with errors located in the argument.
using Experiments.ML.Training;
using Experiments.Pipelines.Definitions;
using static Experiments.Pipelines.Tests.Definitions.DefinitionTestKit;

namespace Experiments.Pipelines.Tests.Definitions;

public sealed class OverrideTests
{
    private static PipelineDefinition MlpVsCnn => PipelineLoader.Find("mlp-vs-cnn", PipelinesDirectory);

    [Fact]
    public void Set_changes_defaults_runs_datasets_and_augmentation()
    {
        var plan = PipelineLoader.Expand(MlpVsCnn, new PipelineOverrides
        {
            Set = ["defaults.optimizer.lr=0.001", "dataset.name=mnist", "augmentation[1].degrees=[-5, 5]", "defaults.scheduler={kind: step, step_size: 2}"],
        });
        Assert.All(plan.Runs, r => Assert.Equal(0.001, r.Options.Optimizer.LearningRate));
        Assert.All(plan.Runs, r => Assert.Equal(new SchedulerOptions { Kind = SchedulerKind.Step, StepSize = 2 }, r.Options.Scheduler));
        Assert.Equal("mnist", plan.DatasetName);
        Assert.Equal(new Experiments.ML.Transforms.ValueRange(-5, 5), ((Experiments.ML.Transforms.RandomRotationOptions)plan.Augmentation[1]).Degrees);

        var lenet = PipelineLoader.Expand(PipelineLoader.Find("mlp-vs-cnn-lenet", PipelinesDirectory), new PipelineOverrides { Set = ["runs[0].epochs=2"] });
        Assert.Equal([2, 10, 10], lenet.Runs.Select(r => r.Options.Epochs));
    }

    [Fact]
    public void Typed_overrides_replace_every_runs_value()
    {
        var plan = PipelineLoader.Expand(PipelineLoader.Find("mlp-vs-cnn-lenet", PipelinesDirectory), new PipelineOverrides
        {
            Epochs = 1, Seed = 9, Threads = 2, Dataset = "kmnist", DataDir = "/data/k mnist",
            Set = ["runs[1].epochs=4"],
        });
        Assert.All(plan.Runs, r => Assert.Equal((1, 9ul, (int?)2), (r.Options.Epochs, r.Seed, r.Options.Threads)));
        Assert.Equal(("kmnist", "/data/k mnist"), (plan.DatasetName, plan.DatasetFolder));
        var resolved = Plan(plan.ResolvedYaml);
        Assert.Equal(plan.Runs.Select(r => r.Options), resolved.Runs.Select(r => r.Options));
        Assert.Equal(("kmnist", "/data/k mnist"), (resolved.DatasetName, resolved.DatasetFolder));

        var seeded = Plan(Minimal + "\nseeds: [1, 2, 3]\n", new PipelineOverrides { Seed = 5 });
        Assert.Equal(("mlp-32-32", 5ul), (Assert.Single(seeded.Runs).Name, seeded.Runs[0].Seed));
    }

    [Fact]
    public void Bad_set_keys_are_located_in_the_argument_with_a_suggestion()
    {
        var e = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Expand(MlpVsCnn, new PipelineOverrides
        {
            Set = ["defaults.epochs=3", "defaults.optimizr.lr=0.1"],
        }));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("--set", 2, 10, "defaults.optimizr"), (error.File, error.Line, error.Column, error.KeyPath));
        Assert.Contains("Did you mean 'optimizer'?", error.Message);
        Assert.StartsWith("--set:2:10: defaults.optimizr: unknown key 'optimizr'", error.ToString());
    }

    [Fact]
    public void Bad_set_values_and_indices_are_located()
    {
        var e = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Expand(MlpVsCnn, new PipelineOverrides
        {
            Set = ["defaults.batch_size=many", "runs[0].epochs=2", "defaults.epochs"],
        }));
        Assert.Equal(3, e.Errors.Count);
        Assert.Equal(("--set", 1, 21, "defaults.batch_size"), (e.Errors[0].File, e.Errors[0].Line, e.Errors[0].Column, e.Errors[0].KeyPath));
        Assert.Equal("expected an integer ≥ 1; found 'many'.", e.Errors[0].Message);
        Assert.Equal((2, 1), (e.Errors[1].Line, e.Errors[1].Column));
        Assert.Contains("'runs' is not in the definition", e.Errors[1].Message);
        Assert.Equal((3, 1), (e.Errors[2].Line, e.Errors[2].Column));
        Assert.Contains("expected key.path=value", e.Errors[2].Message);

        var index = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Expand(PipelineLoader.Find("compact-cnn", PipelinesDirectory), new PipelineOverrides { Set = ["runs[5].epochs=2"] }));
        Assert.Contains("no item [5]: 'runs' is a list of 2 (indices 0 to 1)", index.Message);
    }

    [Fact]
    public void Bad_typed_overrides_name_the_option()
    {
        var e = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Expand(MlpVsCnn, new PipelineOverrides { Epochs = 0, Dataset = "fashion_mnist" }));
        Assert.Equal(2, e.Errors.Count);
        Assert.Contains(e.Errors, x => x.ToString() == "--epochs: defaults.epochs: expected an integer ≥ 1; found 0.");
        Assert.Contains(e.Errors, x => x.File == "--dataset" && x.Message.Contains("Did you mean 'fashion-mnist'?"));
    }
}
