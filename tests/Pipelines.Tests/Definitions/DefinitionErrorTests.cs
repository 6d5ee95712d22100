// Every class of definition error, with its exact position, key path, expected vs found and suggestion.
using Experiments.Pipelines.Definitions;
using static Experiments.Pipelines.Tests.Definitions.DefinitionTestKit;

namespace Experiments.Pipelines.Tests.Definitions;

public sealed class DefinitionErrorTests
{
    [Fact]
    public void Unknown_key_is_located_and_suggests_the_closest_name()
    {
        var e = Single(Minimal + "\ndefaults:\n  epocs: 3\n");
        Assert.Equal(("t.yaml", 6, 3, "defaults.epocs"), (e.File, e.Line, e.Column, e.KeyPath));
        Assert.Contains("unknown key 'epocs'", e.Message);
        Assert.Contains("Did you mean 'epochs'?", e.Message);
        Assert.StartsWith("t.yaml:6:3: defaults.epocs: unknown key", e.ToString());
    }

    [Fact]
    public void Wrong_types_say_expected_and_found()
    {
        var errors = Errors(Minimal + "\ndefaults:\n  epochs: six\n  optimizer: {lr: \"0.01\"}\n");
        Assert.Equal(2, errors.Count);
        Assert.Equal((6, 11, "defaults.epochs"), (errors[0].Line, errors[0].Column, errors[0].KeyPath));
        Assert.Equal("expected an integer ≥ 1; found 'six'.", errors[0].Message);
        Assert.Equal((7, 19, "defaults.optimizer.lr"), (errors[1].Line, errors[1].Column, errors[1].KeyPath));
        Assert.Contains("found the quoted string \"0.01\" (remove the quotes", errors[1].Message);
    }

    [Fact]
    public void Out_of_range_values_quote_the_range()
    {
        var e = Single(Minimal + "\ndefaults:\n  batch_size: 0\n");
        Assert.Equal((6, 15), (e.Line, e.Column));
        Assert.Equal("expected an integer ≥ 1; found 0.", e.Message);
        var split = Single(Minimal.Replace("{name: fashion-mnist}", "{name: fashion-mnist, validation_split: 1.5}"));
        Assert.Equal((2, 50, "dataset.validation_split"), (split.Line, split.Column, split.KeyPath));
        Assert.Equal("expected a number in [0, 1); found 1.5.", split.Message);
    }

    [Fact]
    public void Missing_required_keys_are_reported_at_the_mapping()
    {
        var errors = Errors("name: t\nruns:\n  - {epochs: 2}\n");
        Assert.Contains(errors, e => e.Line == 1 && e.Column == 1 && e.Message.StartsWith("missing required key 'dataset'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 3, Column: 5, KeyPath: "runs[0]" } && e.Message.StartsWith("missing required key 'model'", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_keys_point_at_the_second_and_name_the_first()
    {
        var e = Single(Minimal + "\ndefaults:\n  epochs: 2\n  epochs: 3\n");
        Assert.Equal((7, 3, "defaults.epochs"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains("duplicate key 'epochs' (first written at line 6, column 3)", e.Message);
    }

    [Theory]
    [InlineData("yes", "true")]
    [InlineData("no", "false")]
    [InlineData("on", "true")]
    [InlineData("off", "false")]
    public void Yaml11_booleans_are_errors_that_explain_themselves(string written, string fix)
    {
        var e = Single(Minimal + $"\ndefaults:\n  optimizer: {{kind: rmsprop, centered: {written}}}\n");
        Assert.Equal((6, 40, "defaults.optimizer.centered"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains($"found '{written}'", e.Message);
        Assert.Contains("YAML 1.1", e.Message);
        Assert.Contains($"write {fix}", e.Message);
    }

    [Fact]
    public void Anchors_aliases_merge_keys_and_tags_are_rejected()
    {
        var errors = Errors("""
            name: t
            dataset: {name: fashion-mnist}
            defaults: &base
              epochs: 2
            runs:
              - model: mlp-32-32
                <<: *base
              - model: !custom cnn1d
            """);
        Assert.True(errors.Count >= 4, string.Join("\n", errors));
        Assert.Contains(errors, e => e is { Line: 3, Column: 11 } && e.Message.Contains("anchor '&base'"));
        Assert.Contains(errors, e => e is { Line: 7, Column: 5 } && e.Message.Contains("merge key '<<'"));
        Assert.Contains(errors, e => e is { Line: 7, Column: 9 } && e.Message.Contains("alias '*base'"));
        Assert.Contains(errors, e => e is { Line: 8, Column: 12 } && e.Message.Contains("tag '!custom'"));
    }

    [Fact]
    public void Size_and_depth_are_capped()
    {
        var big = Minimal + "\ndescription: \"" + new string('x', PipelineLoader.MaxFileBytes) + "\"\n";
        var size = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Parse(big, "big.yaml"));
        Assert.Contains("capped at 1,048,576 bytes", size.Message);

        var deep = Minimal + "\ndescription: " + new string('[', 40) + new string(']', 40) + "\n";
        var e = Single(deep);
        Assert.Equal("t.yaml", e.File);
        Assert.Contains("nesting deeper than 32", e.Message);
    }

    [Fact]
    public void Unknown_names_suggest_presets_optimizers_and_datasets()
    {
        var errors = Errors("""
            name: t
            dataset: {name: fashion-mnsit}
            defaults: {optimizer: adamm}
            runs:
              - model: mlp-32-23
            """);
        Assert.Equal(3, errors.Count);
        Assert.Equal((2, 17, "dataset.name"), (errors[0].Line, errors[0].Column, errors[0].KeyPath));
        Assert.Contains("Did you mean 'fashion-mnist'?", errors[0].Message);
        Assert.Equal((3, 23), (errors[1].Line, errors[1].Column));
        Assert.Contains("Did you mean 'adam'?", errors[1].Message);
        Assert.Equal((5, 12, "runs[0].model"), (errors[2].Line, errors[2].Column, errors[2].KeyPath));
        Assert.Contains("Did you mean 'mlp-32-32'?", errors[2].Message);
    }

    [Fact]
    public void Keys_that_do_not_apply_to_the_chosen_kind_are_errors()
    {
        var e = Single(Minimal + "\ndefaults:\n  optimizer: {kind: sgd, betas: [0.9, 0.99]}\n");
        Assert.Equal((6, 26, "defaults.optimizer.betas"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains("'betas' does not apply to optimizer 'sgd'", e.Message);
    }

    [Fact]
    public void Duplicate_run_names_are_errors()
    {
        var e = Single("""
            name: t
            dataset: {name: fashion-mnist}
            runs:
              - model: cnn1d
              - {model: mlp-32-32, epochs: 2}
              - model: cnn1d
            """);
        Assert.Equal((6, 12), (e.Line, e.Column));
        Assert.Contains("duplicate run name 'cnn1d' (also produced at line 4, column 12)", e.Message);
        Assert.Contains("Add 'name:'", e.Message);
    }

    [Fact]
    public void Augmentation_errors_from_the_options_records_are_located()
    {
        var e = Single(Minimal + "\naugmentation:\n  - {kind: random_rotation, degrees: 10}\n  - {kind: color_jitter, brightness: 0.2, saturation: 0.3}\n");
        Assert.Equal((7, 55, "augmentation[1].saturation"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains("1 channel (grayscale)", e.Message);

        var kind = Single(Minimal + "\naugmentation:\n  - {kind: random_rotate}\n");
        Assert.Equal((6, 12), (kind.Line, kind.Column));
        Assert.Contains("Did you mean 'random_rotation'?", kind.Message);
    }

    [Fact]
    public void All_errors_are_collected_in_one_pass_in_file_order()
    {
        var errors = Errors("""
            name: Bad_Name
            dataset: {name: fashion-mnist, validation_split: -1}
            defaults: {epochs: 0, batch_size: 1.5, loss: hinge}
            runs:
              - model: {kind: mlp, hidden: [64, 0]}
            """);
        Assert.Equal(6, errors.Count);
        Assert.Equal([1, 2, 3, 3, 3, 5], errors.Select(e => e.Line));
        Assert.Equal(errors.OrderBy(e => e.Line).ThenBy(e => e.Column), errors);
    }

    [Fact]
    public void Architectures_that_do_not_fit_the_input_are_reported_at_the_model()
    {
        var e = Single("""
            name: t
            dataset: {name: fashion-mnist}
            runs:
              - model: {kind: conv2d, blocks: [{out_channels: 8, kernel: 40}]}
            """);
        Assert.Equal((4, 12, "runs[0].model"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains("does not fit 1×28×28 images", e.Message);
    }
}
