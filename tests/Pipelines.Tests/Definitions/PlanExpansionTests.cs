// Expansion: matrices, seeds, run overrides over defaults, the activation override and the resolved YAML.
using Experiments.ML.Models;
using Experiments.ML.Training;
using Experiments.Pipelines.Definitions;
using static Experiments.Pipelines.Tests.Definitions.DefinitionTestKit;

namespace Experiments.Pipelines.Tests.Definitions;

public sealed class PlanExpansionTests
{
    [Fact]
    public void Matrix_expands_every_combination_in_axis_order_with_generated_names()
    {
        var plan = Plan("""
            name: t
            dataset: {name: fashion-mnist}
            defaults: {optimizer: {kind: adam, lr: 0.1}, batch_size: 8}
            matrix:
              model: [mlp-32-32, {kind: mlp, hidden: [16]}]
              optimizer: [sgd, adam]
              lr: [0.01, 0.001]
              batch_size: [32]
            """);
        Assert.Equal(
        [
            "mlp-32-32.sgd.lr0.01.b32", "mlp-32-32.sgd.lr0.001.b32", "mlp-32-32.adam.lr0.01.b32", "mlp-32-32.adam.lr0.001.b32",
            "mlp-16.sgd.lr0.01.b32", "mlp-16.sgd.lr0.001.b32", "mlp-16.adam.lr0.01.b32", "mlp-16.adam.lr0.001.b32",
        ], plan.Runs.Select(r => r.Name));
        Assert.Equal([0.01, 0.001, 0.01, 0.001, 0.01, 0.001, 0.01, 0.001], plan.Runs.Select(r => r.Options.Optimizer.LearningRate));
        Assert.All(plan.Runs, r => Assert.Equal(32, r.Options.BatchSize));
        Assert.Equal(["mlp-32-32", "mlp-32-32", "mlp-32-32", "mlp-32-32", "inline", "inline", "inline", "inline"], plan.Runs.Select(r => r.ModelLabel));
        Assert.Equal(784 * 16 + 16 + 16 * 10 + 10, plan.Runs[^1].ParameterCount);
        Assert.Equal(["model", "optimizer", "lr"], plan.Runs[0].DifferingSettings.Where(k => k is "model" or "optimizer" or "lr" or "batch_size"));
    }

    [Fact]
    public void Seeds_repeat_every_run_with_a_suffix_and_the_seed()
    {
        var plan = Plan(Minimal + "\n  - {model: cnn1d, name: c}\nseeds: [1, 7]\n");
        Assert.Equal(["mlp-32-32.s1", "mlp-32-32.s7", "c.s1", "c.s7"], plan.Runs.Select(r => r.Name));
        Assert.Equal([1ul, 7ul, 1ul, 7ul], plan.Runs.Select(r => r.Seed));
        Assert.Equal([1ul, 7ul, 1ul, 7ul], plan.Runs.Select(r => r.Options.Seed));
        Assert.Contains("seed", plan.Runs[0].DifferingSettings);

        var errors = Errors(Minimal + "\n    seed: 3\nseeds: [1, 1]\n");
        Assert.Equal(2, errors.Count);
        Assert.Equal((5, 5, "runs[0].seed"), (errors[0].Line, errors[0].Column, errors[0].KeyPath));
        Assert.Contains("remove one of them", errors[0].Message);
        Assert.Equal((6, 12, "seeds[1]"), (errors[1].Line, errors[1].Column, errors[1].KeyPath));
        Assert.Contains("duplicate seed 1", errors[1].Message);
    }

    [Fact]
    public void Run_keys_overlay_defaults_key_by_key_and_activation_replaces_hidden_activations()
    {
        var plan = Plan("""
            name: t
            dataset: {name: fashion-mnist, validation_split: 0.2}
            defaults:
              epochs: 3
              optimizer: {kind: rmsprop, lr: 0.01}
              early_stopping: {monitor: val_accuracy, patience: 2}
            runs:
              - model: cnn-s3
                activation: tanh
                optimizer: {lr: 0.05, alpha: 0.9, centered: true}
                early_stopping: false
              - model: mlp-50-50
                optimizer: sgd
                epochs: 5
            """);
        var cnn = plan.Runs[0];
        Assert.Equal(new OptimizerOptions { Kind = OptimizerKind.RMSprop, LearningRate = 0.05, Alpha = 0.9, Centered = true }, cnn.Options.Optimizer);
        Assert.Null(cnn.Options.EarlyStopping);
        Assert.Equal(0.2, cnn.Options.ValidationFraction);
        var spec = (Conv2dSpec)cnn.Architecture;
        Assert.All(spec.Blocks, b => Assert.Equal(ActivationKind.Tanh, b.Activation));
        Assert.Equal(ActivationKind.Tanh, spec.Head.Activation);
        Assert.Equal(21_840, cnn.ParameterCount);
        var mlp = plan.Runs[1];
        Assert.Equal((OptimizerKind.Sgd, 0.01, 5), (mlp.Options.Optimizer.Kind, mlp.Options.Optimizer.LearningRate, mlp.Options.Epochs));
        Assert.Equal(new EarlyStoppingOptions { Monitor = "val_accuracy", Patience = 2 }, mlp.Options.EarlyStopping);
    }

    [Fact]
    public void Rmsprop_only_keys_in_defaults_are_errors_when_a_run_switches_to_sgd()
    {
        var e = Single(Minimal.Replace("- model: mlp-32-32", "- {model: mlp-32-32, optimizer: sgd}") + "\ndefaults: {optimizer: {kind: rmsprop, alpha: 0.9}}\n");
        Assert.Equal((5, 39, "defaults.optimizer.alpha"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains("'alpha' does not apply to optimizer 'sgd'", e.Message);
    }

    [Fact]
    public void Inline_conv_specs_bind_every_key()
    {
        var plan = Plan("""
            name: t
            dataset: {name: mnist}
            runs:
              - name: tiny
                model:
                  kind: conv1d
                  input: flat
                  blocks:
                    - {out_channels: 4, kernel: 5, stride: 2, padding: 2, bias: false, batch_norm: true, activation: gelu, pool: max, pool_size: 4, dropout: 0.1}
                  head: {hidden: [8], activation: sigmoid, dropout: 0.2}
            """);
        var spec = Assert.IsType<Conv1dSpec>(plan.Runs[0].Architecture);
        Assert.Equal(Conv1dInputLayout.Flat, spec.Input);
        Assert.Equal(new ConvBlockSpec { OutChannels = 4, Kernel = 5, Stride = 2, Padding = 2, Bias = false, BatchNorm = true, Activation = ActivationKind.GELU, Pool = PoolKind.Max, PoolSize = 4, Dropout = 0.1 }, spec.Blocks[0]);
        Assert.Equal(new HeadSpec { Hidden = [8], Activation = ActivationKind.Sigmoid, Dropout = 0.2 }, spec.Head);
        Assert.Equal(ModelFactory.CountParameters(spec, InputShape.Mnist, 10), plan.Runs[0].ParameterCount);
        Assert.Equal("mnist", plan.DatasetName);
    }

    [Fact]
    public void Resolved_yaml_reads_back_to_the_same_plan()
    {
        var definition = PipelineLoader.Find("mlp-vs-cnn", PipelinesDirectory);
        var plan = PipelineLoader.Expand(definition, new PipelineOverrides { Set = ["defaults.optimizer.lr=0.005", "description=\"a: b # c\""] });
        var again = Plan(plan.ResolvedYaml);
        Assert.Equal(plan.Runs.Select(r => (r.Name, r.Options, r.Architecture, r.ParameterCount)), again.Runs.Select(r => (r.Name, r.Options, r.Architecture, r.ParameterCount)));
        Assert.Equal("a: b # c", again.Description);
        Assert.Equal(plan.Augmentation, again.Augmentation);
        Assert.Equal(plan.Input, again.Input);
        Assert.Contains("lr: 0.005", plan.ResolvedYaml);
    }

    [Fact]
    public void Validation_monitors_need_a_validation_split()
    {
        var e = Single(Minimal.Replace("{name: fashion-mnist}", "{name: fashion-mnist, validation_split: 0}") + "\n  - {model: cnn1d, early_stopping: {monitor: train_loss}}\n  - {model: cnn-s3, scheduler: plateau}\ndefaults: {early_stopping: {monitor: val_loss}}\n");
        Assert.Equal((2, 50, "dataset.validation_split"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains("run(s) mlp-32-32, cnn-s3 monitor a val_ metric", e.Message);
    }

    [Fact]
    public void Yaml_syntax_errors_empty_files_and_second_documents_are_located()
    {
        var syntax = Single("name: t\ndataset: {name: fashion-mnist\n");
        Assert.Equal("t.yaml", syntax.File);
        Assert.Contains("not valid YAML", syntax.Message);

        var empty = Single("");
        Assert.Contains("the definition is empty", empty.Message);

        var two = Errors(Minimal + "\n---\nname: u\n");
        Assert.Contains(two, e => e.Line == 5 && e.Message.Contains("second YAML document"));
    }
}
