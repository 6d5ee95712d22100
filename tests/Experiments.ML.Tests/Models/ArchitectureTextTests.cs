// One-line architecture descriptions of the presets: what plans, summaries and reports print.
using Experiments.ML.Models;

namespace Experiments.ML.Tests.Models;

public sealed class ArchitectureTextTests
{
    [Theory]
    [InlineData("mlp-32-32", "mlp 784-32-32-10, relu")]
    [InlineData("cnn-s3", "conv2d: conv10 k5 relu max2 → conv20 k5 relu max2 → fc 50 relu → fc 10")]
    public void Presets_read_as_their_layers(string preset, string expected) =>
        Assert.Equal(expected, ArchitectureText.Describe(ModelPresets.Get(preset).Spec));

    [Fact]
    public void Every_preset_has_a_description_naming_its_kind()
    {
        foreach (string name in ModelPresets.Names)
            Assert.StartsWith(ModelPresets.Get(name).Spec.Kind, ArchitectureText.Describe(ModelPresets.Get(name).Spec));
    }

    [Fact]
    public void Mlp_options_appear()
    {
        var spec = new MlpSpec { Hidden = [64, 64, 64], Activations = [ActivationKind.LeakyReLU], Dropout = 0.2, BatchNorm = true };
        Assert.Equal("mlp 784-64-64-64-10, leaky_relu, batchnorm, dropout 0.2", ArchitectureText.Describe(spec));
    }
}
