// Every name the registries (and so the schema) accept binds to the typed options it names, and the remaining
// small error classes (quoted booleans, per-channel counts, matrix axes that are not lists) are located.
using Experiments.ML.Training;
using Experiments.ML.Transforms;
using static Experiments.Pipelines.Tests.Definitions.DefinitionTestKit;

namespace Experiments.Pipelines.Tests.Definitions;

public sealed class RegistryCoverageTests
{
    [Theory]
    [InlineData("sgd", OptimizerKind.Sgd)]
    [InlineData("momentum", OptimizerKind.Momentum)]
    [InlineData("nesterov", OptimizerKind.Nesterov)]
    [InlineData("rmsprop", OptimizerKind.RMSprop)]
    [InlineData("adam", OptimizerKind.Adam)]
    [InlineData("adamw", OptimizerKind.AdamW)]
    [InlineData("nadam", OptimizerKind.NAdam)]
    [InlineData("adagrad", OptimizerKind.Adagrad)]
    public void Every_optimizer_name_binds(string name, OptimizerKind kind) =>
        Assert.Equal(kind, Plan(Minimal + $"\ndefaults: {{optimizer: {name}}}\n").Runs[0].Options.Optimizer.Kind);

    [Theory]
    [InlineData("random", InitKind.Normal)]
    [InlineData("xavier", InitKind.XavierUniform)]
    [InlineData("kaiming_normal", InitKind.KaimingNormal)]
    [InlineData("default", InitKind.Default)]
    public void Init_names_and_aliases_bind(string name, InitKind kind) =>
        Assert.Equal(kind, Plan(Minimal + $"\ndefaults: {{init: {name}}}\n").Runs[0].Options.Init.Kind);

    [Fact]
    public void Scheduler_keys_bind_per_kind()
    {
        var step = Plan(Minimal + "\ndefaults: {scheduler: {kind: multistep, milestones: [2, 4], gamma: 0.5}}\n").Runs[0].Options.Scheduler;
        Assert.Equal(new SchedulerOptions { Kind = SchedulerKind.MultiStep, Milestones = [2, 4], Gamma = 0.5 }, step);
        var cosine = Plan(Minimal + "\ndefaults: {scheduler: {kind: cosine, t_max: 5, eta_min: 0.0001}}\n").Runs[0].Options.Scheduler;
        Assert.Equal(new SchedulerOptions { Kind = SchedulerKind.Cosine, TMax = 5, MinLearningRate = 1e-4 }, cosine);
        var e = Single(Minimal + "\ndefaults: {scheduler: {kind: step, milestones: [2]}}\n");
        Assert.Contains("'milestones' does not apply to scheduler 'step'", e.Message);
    }

    [Theory]
    [InlineData("random_horizontal_flip", typeof(RandomHorizontalFlipOptions))]
    [InlineData("random_vertical_flip", typeof(RandomVerticalFlipOptions))]
    [InlineData("random_rotation", typeof(RandomRotationOptions))]
    [InlineData("random_affine", typeof(RandomAffineOptions))]
    [InlineData("random_crop", typeof(RandomCropOptions))]
    [InlineData("random_erasing", typeof(RandomErasingOptions))]
    [InlineData("elastic_distortion", typeof(ElasticDistortionOptions))]
    public void Bare_augmentation_kinds_bind_to_the_records_defaults(string kind, Type type)
    {
        var step = Assert.Single(Plan(Minimal + $"\naugmentation: [{kind}]\n").Augmentation);
        Assert.Equal(Activator.CreateInstance(type), step);
    }

    [Fact]
    public void Augmentation_parameters_bind_in_every_written_form()
    {
        var steps = Plan(Minimal + """

            augmentation:
              - {kind: random_affine, degrees: [-5, 15], translate: [0.1, 0.2], scale: [0.9, 1.1], shear: [1, 2, 3, 4], interpolation: bilinear, fill: 0.5}
              - {kind: random_crop, size: [24, 20], padding: 2}
              - {kind: color_jitter, contrast: [0.5, 1.5]}
            """).Augmentation;
        Assert.Equal(new RandomAffineOptions
        {
            Degrees = new(-5, 15), Translate = (0.1, 0.2), Scale = new(0.9, 1.1), ShearX = new(1, 2), ShearY = new(3, 4),
            Interpolation = Interpolation.Bilinear, Fill = 0.5,
        }, steps[0]);
        Assert.Equal(new RandomCropOptions { Height = 24, Width = 20, Padding = 2 }, steps[1]);
        Assert.Equal(new ColorJitterOptions { Contrast = new(0.5, 1.5) }, steps[2]);
    }

    [Fact]
    public void A_color_jitter_without_parameters_is_reported_at_its_kind()
    {
        var e = Single(Minimal + "\naugmentation: [color_jitter]\n");
        Assert.Equal((5, 16, "augmentation[0].brightness"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains("at least one of brightness, contrast", e.Message);
    }

    [Fact]
    public void Small_error_classes_are_located()
    {
        var quoted = Single(Minimal + "\ndefaults: {optimizer: {kind: rmsprop, centered: \"true\"}}\n");
        Assert.Equal((5, 49), (quoted.Line, quoted.Column));
        Assert.Contains("expected true or false; found the quoted string \"true\"", quoted.Message);

        var channels = Single(Minimal + "\npreprocessing: {normalize: {mean: [0.1, 0.2], std: 0.3}}\n");
        Assert.Equal((5, 35, "preprocessing.normalize.mean"), (channels.Line, channels.Column, channels.KeyPath));
        Assert.Equal("expected 1 value(s), one per channel; found 2.", channels.Message);

        var axis = Single("name: t\ndataset: {name: mnist}\nmatrix: {model: [cnn1d], lr: 0.01}\n");
        Assert.Equal((3, 30, "matrix.lr"), (axis.Line, axis.Column, axis.KeyPath));
        Assert.Contains("expected a non-empty list of lr values", axis.Message);

        var empty = Single("name: t\ndataset: {name: mnist}\nruns: []\n");
        Assert.Equal((3, 7, "runs"), (empty.Line, empty.Column, empty.KeyPath));
    }
}
