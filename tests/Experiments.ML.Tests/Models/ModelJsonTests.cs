// ModelJson: every preset and non-default options round-trip exactly; unknown, duplicate and missing keys, wrong
// value kinds and unknown enum names fail with the JSON path.
using Experiments.ML.Models;
using Experiments.ML.Training;

namespace Experiments.ML.Tests.Models;

public sealed class ModelJsonTests
{
    public static TheoryData<string> Presets => [.. ModelPresets.Names];

    [Theory]
    [MemberData(nameof(Presets))]
    public void EveryPreset_RoundTrips(string name)
    {
        var spec = ModelPresets.Get(name).Spec;
        var json = ModelJson.Serialize(spec);
        var back = ModelJson.DeserializeArchitecture(json);
        Assert.Equal(spec, back);
        Assert.Equal(json, ModelJson.Serialize(back));
        Assert.Contains($"\"kind\": \"{spec.Kind}\"", json);
    }

    [Fact]
    public void NonDefaultArchitectures_RoundTrip()
    {
        ArchitectureSpec[] specs =
        [
            new MlpSpec { Hidden = [64, 32, 16], Activations = [ActivationKind.GELU, ActivationKind.LeakyReLU, ActivationKind.Tanh], Dropout = 0.25, BatchNorm = true },
            new MlpSpec { Hidden = [], Activations = [ActivationKind.Sigmoid] },
            new Conv1dSpec
            {
                Input = Conv1dInputLayout.Flat,
                Blocks = [new ConvBlockSpec { OutChannels = 4, Kernel = 5, Stride = 2, Padding = 2, Bias = false, BatchNorm = true, Activation = null, Pool = PoolKind.Max, PoolSize = 3, Dropout = 0.1 }],
                Head = new HeadSpec { Hidden = [20, 10], Activation = ActivationKind.GELU, Dropout = 0.3 },
            },
            new Conv2dSpec
            {
                Blocks = [new ConvBlockSpec { OutChannels = 10, Pool = PoolKind.Avg, Activation = ActivationKind.Sigmoid }],
                Head = new HeadSpec { GlobalAvgPool = true, FinalLinear = false },
            },
        ];
        foreach (var spec in specs)
            Assert.Equal(spec, ModelJson.DeserializeArchitecture(ModelJson.Serialize(spec)));
    }

    [Fact]
    public void SnakeCaseKeysAndEnumNames_AreWritten()
    {
        var json = ModelJson.Serialize(new Conv2dSpec
        {
            Blocks = [new ConvBlockSpec { OutChannels = 3, BatchNorm = true, Activation = ActivationKind.LeakyReLU, Pool = PoolKind.Max, PoolSize = 2 }],
            Head = new HeadSpec { GlobalAvgPool = true },
        });
        foreach (var expected in new[] { "\"out_channels\": 3", "\"batch_norm\": true", "\"activation\": \"leaky_relu\"", "\"pool\": \"max\"", "\"pool_size\": 2", "\"global_avg_pool\": true", "\"final_linear\": true" })
            Assert.Contains(expected, json);
    }

    [Fact]
    public void DefaultAndNonDefaultTrainerOptions_RoundTrip()
    {
        var defaults = new TrainerOptions();
        Assert.Equal(defaults, ModelJson.DeserializeTrainerOptions(ModelJson.Serialize(defaults)));
        var custom = new TrainerOptions
        {
            Epochs = 15,
            BatchSize = 128,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.RMSprop, LearningRate = 3e-4, WeightDecay = 1e-5, Momentum = 0.5, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-10, Alpha = 0.95, Centered = true },
            Scheduler = new SchedulerOptions
            {
                Kind = SchedulerKind.MultiStep, StepSize = 3, Gamma = 0.5, Milestones = [5, 10], TMax = 12, MinLearningRate = 1e-6,
                MaxLearningRate = 0.1, PctStart = 0.25, Monitor = "val_accuracy", Mode = "max", Factor = 0.2, Patience = 3,
                Threshold = 1e-3, ThresholdMode = "abs", Cooldown = 1,
            },
            Loss = LossKind.Nll,
            LabelSmoothing = 0.1,
            Init = new InitOptions { Kind = InitKind.KaimingNormal, Std = 0.02, Range = 0.1 },
            Seed = ulong.MaxValue,
            ValidationFraction = 0.2,
            EarlyStopping = new EarlyStoppingOptions { Monitor = "val_accuracy", Mode = "max", Patience = 4, MinDelta = 1e-4 },
            ClipGradNorm = 1.0,
            ClipGradValue = 0.5,
            Threads = 2,
            CheckpointDirectory = "runs/x/checkpoints",
        };
        var json = ModelJson.Serialize(custom);
        Assert.Equal(custom, ModelJson.DeserializeTrainerOptions(json));
        foreach (var expected in new[] { "\"kind\": \"rmsprop\"", "\"kind\": \"multistep\"", "\"loss\": \"nll\"", "\"kind\": \"kaiming_normal\"", "\"seed\": 18446744073709551615" })
            Assert.Contains(expected, json);
    }

    [Fact]
    public void EveryEnumValue_HasAJsonName()
    {
        foreach (var kind in Enum.GetValues<OptimizerKind>())
        {
            var options = new TrainerOptions { Optimizer = new OptimizerOptions { Kind = kind } };
            Assert.Equal(options, ModelJson.DeserializeTrainerOptions(ModelJson.Serialize(options)));
        }
        foreach (var kind in Enum.GetValues<SchedulerKind>())
        {
            var options = new TrainerOptions { Scheduler = new SchedulerOptions { Kind = kind } };
            Assert.Equal(options, ModelJson.DeserializeTrainerOptions(ModelJson.Serialize(options)));
        }
        foreach (var a in Enum.GetValues<ActivationKind>())
        {
            var spec = new MlpSpec { Hidden = [4], Activations = [a] };
            Assert.Equal(spec, ModelJson.DeserializeArchitecture(ModelJson.Serialize(spec)));
        }
    }

    [Fact]
    public void InputSchema_RoundTrips()
    {
        var schema = new InputSchema { Shape = new InputShape(3, 32, 30), PixelScale = 1.0 / 255.0, Mean = [0.485, 0.456, 0.406], Std = [0.229, 0.224, 0.225] };
        var json = ModelJson.Serialize(schema);
        Assert.Equal(schema, ModelJson.DeserializeInputSchema(json));
        Assert.Contains("\"dtype\": \"uint8\"", json);
    }

    [Fact]
    public void OmittedOptionalKeys_TakeDefaults()
    {
        var spec = (Conv2dSpec)ModelJson.DeserializeArchitecture("{\"kind\":\"conv2d\",\"blocks\":[{\"out_channels\":4}]}");
        Assert.Equal(new Conv2dSpec { Blocks = [new ConvBlockSpec { OutChannels = 4 }] }, spec);
        var noActivation = (Conv2dSpec)ModelJson.DeserializeArchitecture("{\"kind\":\"conv2d\",\"blocks\":[{\"out_channels\":4,\"activation\":null}]}");
        Assert.Null(noActivation.Blocks[0].Activation);
        Assert.Equal(new TrainerOptions(), ModelJson.DeserializeTrainerOptions("{}"));
    }

    [Theory]
    [InlineData("{\"kind\":\"mlp\",\"hidden\":[3],\"hiden\":[4]}", "$.hiden", "unknown key")]
    [InlineData("{\"kind\":\"conv2d\",\"blocks\":[{\"out_channels\":4,\"kernal\":3}]}", "$.blocks[0].kernal", "unknown key")]
    [InlineData("{\"kind\":\"mlp\"}", "$.hidden", "required key is missing")]
    [InlineData("{\"hidden\":[3]}", "$.kind", "required key is missing")]
    [InlineData("{\"kind\":\"conv2d\",\"blocks\":[{\"kernel\":3}]}", "$.blocks[0].out_channels", "required key is missing")]
    [InlineData("{\"kind\":\"transformer\"}", "$.kind", "expected mlp, conv1d or conv2d")]
    [InlineData("{\"kind\":\"mlp\",\"hidden\":[3],\"activations\":[\"ReLU\"]}", "$.activations[0]", "expected one of: relu, leaky_relu")]
    [InlineData("{\"kind\":\"mlp\",\"hidden\":[\"3\"]}", "$.hidden[0]", "expected a 32-bit integer")]
    [InlineData("{\"kind\":\"mlp\",\"hidden\":[3],\"hidden\":[4]}", "$.hidden", "appears twice")]
    [InlineData("{\"kind\":\"mlp\",\"hidden\":[3],}", "$ (line 1", "not valid JSON")]
    [InlineData("[1]", "$", "expected a JSON object")]
    public void BadArchitectureJson_FailsWithPath(string json, string path, string message)
    {
        var ex = Assert.Throws<ModelJsonException>(() => ModelJson.DeserializeArchitecture(json));
        Assert.StartsWith(path, ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Theory]
    [InlineData("{\"optimizer\":{\"kind\":\"adam\",\"lr\":0.1}}", "$.optimizer.lr", "unknown key")]
    [InlineData("{\"loss\":\"crossentropy\"}", "$.loss", "cross_entropy")]
    [InlineData("{\"seed\":-1}", "$.seed", "non-negative")]
    [InlineData("{\"epochs\":1.5}", "$.epochs", "integer")]
    [InlineData("{\"early_stopping\":{\"patience\":\"5\"}}", "$.early_stopping.patience", "integer")]
    public void BadTrainerOptionsJson_FailsWithPath(string json, string path, string message)
    {
        var ex = Assert.Throws<ModelJsonException>(() => ModelJson.DeserializeTrainerOptions(json));
        Assert.StartsWith(path, ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Theory]
    [InlineData("{\"shape\":[1,28]}", "$.shape", "three positive dimensions")]
    [InlineData("{\"shape\":[1,28,28],\"dtype\":\"float32\"}", "$.dtype", "uint8")]
    [InlineData("{\"shape\":[1,28,28],\"mean\":[0.1,0.2]}", "$:", "one mean and one std per channel")]
    [InlineData("{\"shape\":[1,28,28],\"std\":[0]}", "$.std[0]", "positive standard deviation")]
    public void BadInputSchemaJson_FailsWithPath(string json, string path, string message)
    {
        var ex = Assert.Throws<ModelJsonException>(() => ModelJson.DeserializeInputSchema(json));
        Assert.StartsWith(path, ex.Message);
        Assert.Contains(message, ex.Message);
    }
}
