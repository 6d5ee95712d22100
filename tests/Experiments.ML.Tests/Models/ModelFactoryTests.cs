using Experiments.Engine;
using Experiments.Engine.Random;
using Experiments.ML.Models;
using Experiments.ML.Training;
using Xunit;

namespace Experiments.ML.Tests.Models;

public sealed class ModelFactoryTests
{
    // Counts from PyTorch (sum(p.numel())) for the same layer stacks; the first three are the reference counts.
    [Theory]
    [InlineData("mlp-32-32", 26_506)]
    [InlineData("cnn-s3", 21_840)]
    [InlineData("cnn-s4-model2", 15_106)]
    [InlineData("mlp-120-84", 105_214)]
    [InlineData("mlp-50-50", 42_310)]
    [InlineData("cnn1d", 38_314)]
    [InlineData("cnn-s4-model1", 26_698)]
    public void Preset_parameter_counts_equal_pytorch(string name, long expected) =>
        Assert.Equal(expected, ModelFactory.CountParameters(ModelPresets.Get(name).Spec, InputShape.Mnist, 10));

    [Theory]
    [InlineData("compact-bn-gap", 14_498)]
    [InlineData("compact-bn-wide", 18_266)]
    public void Compact_presets_stay_under_twenty_thousand_parameters(string name, long expected)
    {
        var count = ModelFactory.CountParameters(ModelPresets.Get(name).Spec, InputShape.Mnist, 10);
        Assert.Equal(expected, count);
        Assert.True(count is > 5_000 and < 20_000, $"{name} has {count} parameters");
    }

    [Fact]
    public void Every_preset_maps_a_batch_of_images_to_one_logit_per_class()
    {
        foreach (var preset in ModelPresets.List)
        {
            var network = ModelFactory.Create(preset.Spec, InputShape.Mnist, 10, new RandomStreams(7));
            network.Eval();
            using var _ = Autograd.NoGrad();
            var output = network.Call(Tensor.Zeros(3, 1, 28, 28));
            Assert.True(output.Shape.SequenceEqual(new[] { 3, 10 }), $"{preset.Name}: output {output.ShapeString}");
        }
    }

    [Fact]
    public void State_dict_keys_read_like_pytorch_sequential_layers()
    {
        var network = ModelFactory.Create(ModelPresets.Get("mlp-32-32").Spec, InputShape.Mnist, 10, new RandomStreams(1));
        var names = network.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["layers.1.weight", "layers.1.bias", "layers.3.weight", "layers.3.bias", "layers.5.weight", "layers.5.bias"], names);
    }

    [Fact]
    public void Same_seed_gives_identical_weights_and_another_seed_does_not()
    {
        var spec = ModelPresets.Get("cnn-s3").Spec;
        float[] Weights(ulong seed) => ModelFactory.Create(spec, InputShape.Mnist, 10, new RandomStreams(seed))
            .Parameters().SelectMany(p => p.ToArray()).ToArray();
        Assert.Equal(Weights(5), Weights(5));
        Assert.NotEqual(Weights(5), Weights(6));
    }

    [Theory]
    [InlineData(InitKind.XavierUniform)]
    [InlineData(InitKind.Normal)]
    [InlineData(InitKind.KaimingNormal)]
    public void Custom_init_replaces_default_weights_and_zeroes_biases(InitKind kind)
    {
        var spec = new MlpSpec { Hidden = [64] };
        var baseline = ModelFactory.Create(spec, InputShape.Mnist, 10, new RandomStreams(3));
        var custom = ModelFactory.Create(spec, InputShape.Mnist, 10, new RandomStreams(3), new InitOptions { Kind = kind });
        var (w0, w1) = (baseline.NamedParameters().First().Parameter.ToArray(), custom.NamedParameters().First().Parameter.ToArray());
        Assert.NotEqual(w0, w1);
        Assert.All(custom.NamedParameters().Where(p => p.Name.EndsWith(".bias", StringComparison.Ordinal)), p => Assert.All(p.Parameter.ToArray(), v => Assert.Equal(0f, v)));
        if (kind == InitKind.Normal)
        {
            var std = Math.Sqrt(w1.Select(v => (double)v * v).Average());
            Assert.InRange(std, 0.009, 0.011);
        }
    }

    [Fact]
    public void A_kernel_too_large_for_the_remaining_size_names_the_block()
    {
        var spec = new Conv2dSpec
        {
            Blocks = [new ConvBlockSpec { OutChannels = 4, Kernel = 5, Pool = PoolKind.Max }, new ConvBlockSpec { OutChannels = 4, Kernel = 5, Pool = PoolKind.Max }, new ConvBlockSpec { OutChannels = 4, Kernel = 5 }],
        };
        var error = Assert.Throws<ArchitectureException>(() => ModelFactory.Create(spec, InputShape.Mnist, 10, new RandomStreams(1)));
        Assert.Equal("blocks[2].kernel", error.Path);
        Assert.Contains("input height here is 4", error.Message);
    }

    [Fact]
    public void Activation_count_must_be_one_or_one_per_layer()
    {
        var spec = new MlpSpec { Hidden = [8, 8, 8], Activations = [ActivationKind.ReLU, ActivationKind.Tanh] };
        var error = Assert.Throws<ArchitectureException>(() => ModelFactory.Create(spec, InputShape.Mnist, 10, new RandomStreams(1)));
        Assert.Equal("activations", error.Path);
        Assert.Contains("one per hidden layer (3); found 2", error.Message);
    }

    [Fact]
    public void Unknown_preset_suggests_the_closest_name()
    {
        var error = Assert.Throws<ArchitectureException>(() => ModelPresets.Get("cnn-s33"));
        Assert.Contains("did you mean 'cnn-s3'", error.Message);
    }

    [Fact]
    public void Final_linear_off_needs_one_channel_per_class()
    {
        var spec = new Conv2dSpec { Blocks = [new ConvBlockSpec { OutChannels = 12, Kernel = 3 }], Head = new HeadSpec { GlobalAvgPool = true, FinalLinear = false } };
        var error = Assert.Throws<ArchitectureException>(() => ModelFactory.Create(spec, InputShape.Mnist, 10, new RandomStreams(1)));
        Assert.Contains("produces 12", error.Message);
        var ok = spec with { Blocks = [new ConvBlockSpec { OutChannels = 10, Kernel = 3 }] };
        Assert.Equal(100, ModelFactory.CountParameters(ok, InputShape.Mnist, 10));
    }
}
