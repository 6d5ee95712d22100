// ModelJson.Architecture: the "kind"-tagged JSON of ArchitectureSpec and its parts (ConvBlockSpec, HeadSpec).
//   mlp:    {"kind": "mlp", "hidden": [32, 32], "activations": ["relu"], "dropout": 0, "batch_norm": false}
//   conv1d: {"kind": "conv1d", "input": "rows", "blocks": [block...], "head": head}
//   conv2d: {"kind": "conv2d", "blocks": [block...], "head": head}
//   block:  {"out_channels": 8, "kernel": 3, "stride": 1, "padding": 1, "bias": true, "batch_norm": false,
//            "activation": "relu" | null, "pool": "none" | "max" | "avg", "pool_size": 2, "dropout": 0}
//   head:   {"global_avg_pool": false, "hidden": [50], "activation": "relu", "dropout": 0, "final_linear": true}
using System.Text.Json;

namespace Experiments.ML.Models;

public static partial class ModelJson
{
    internal static void WriteArchitecture(Utf8JsonWriter w, ArchitectureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        w.WriteStartObject();
        w.WriteString("kind", spec.Kind);
        switch (spec)
        {
            case MlpSpec mlp:
                WriteInts(w, "hidden", mlp.Hidden);
                w.WriteStartArray("activations");
                foreach (var a in mlp.Activations) w.WriteStringValue(JsonNames.Activation.Name(a));
                w.WriteEndArray();
                w.WriteNumber("dropout", mlp.Dropout);
                w.WriteBoolean("batch_norm", mlp.BatchNorm);
                break;
            case Conv1dSpec conv1d:
                w.WriteString("input", JsonNames.Conv1dInput.Name(conv1d.Input));
                WriteBlocks(w, conv1d.Blocks);
                WriteHead(w, conv1d.Head);
                break;
            case Conv2dSpec conv2d:
                WriteBlocks(w, conv2d.Blocks);
                WriteHead(w, conv2d.Head);
                break;
            default:
                throw new ArgumentException($"No JSON form for architecture kind '{spec.Kind}'.", nameof(spec));
        }
        w.WriteEndObject();
    }

    internal static ArchitectureSpec ReadArchitecture(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var kind = o.String("kind");
        ArchitectureSpec spec;
        switch (kind)
        {
            case "mlp":
                var mlpDefaults = new MlpSpec();
                spec = new MlpSpec
                {
                    Hidden = JsonFields.Array(o.Required("hidden"), o.At("hidden"), JsonFields.Int),
                    Activations = o.Optional("activations") is { } a
                        ? JsonFields.Array(a, o.At("activations"), (e, p) => JsonNames.Activation.Parse(JsonFields.String(e, p), p))
                        : mlpDefaults.Activations,
                    Dropout = o.Double("dropout", mlpDefaults.Dropout),
                    BatchNorm = o.Bool("batch_norm", mlpDefaults.BatchNorm),
                };
                break;
            case "conv1d":
                spec = new Conv1dSpec
                {
                    Input = o.OptionalString("input") is { } input ? JsonNames.Conv1dInput.Parse(input, o.At("input")) : new Conv1dSpec().Input,
                    Blocks = JsonFields.Array(o.Required("blocks"), o.At("blocks"), ReadBlock),
                    Head = o.Optional("head") is { } h ? ReadHead(h, o.At("head")) : new HeadSpec(),
                };
                break;
            case "conv2d":
                spec = new Conv2dSpec
                {
                    Blocks = JsonFields.Array(o.Required("blocks"), o.At("blocks"), ReadBlock),
                    Head = o.Optional("head") is { } h2 ? ReadHead(h2, o.At("head")) : new HeadSpec(),
                };
                break;
            default:
                throw new ModelJsonException(o.At("kind"), $"unknown architecture kind \"{kind}\"; expected mlp, conv1d or conv2d.");
        }
        o.Finish();
        return spec;
    }

    private static void WriteBlocks(Utf8JsonWriter w, IReadOnlyList<ConvBlockSpec> blocks)
    {
        w.WriteStartArray("blocks");
        foreach (var b in blocks)
        {
            w.WriteStartObject();
            w.WriteNumber("out_channels", b.OutChannels);
            w.WriteNumber("kernel", b.Kernel);
            w.WriteNumber("stride", b.Stride);
            w.WriteNumber("padding", b.Padding);
            w.WriteBoolean("bias", b.Bias);
            w.WriteBoolean("batch_norm", b.BatchNorm);
            if (b.Activation is { } act) w.WriteString("activation", JsonNames.Activation.Name(act));
            else w.WriteNull("activation");
            w.WriteString("pool", JsonNames.Pool.Name(b.Pool));
            w.WriteNumber("pool_size", b.PoolSize);
            w.WriteNumber("dropout", b.Dropout);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static ConvBlockSpec ReadBlock(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var defaults = new ConvBlockSpec { OutChannels = 1 };
        // "activation": null means no activation; an absent key means the default (relu).
        ActivationKind? activation = defaults.Activation;
        if (o.Has("activation"))
            activation = o.OptionalString("activation") is { } name ? JsonNames.Activation.Parse(name, o.At("activation")) : null;
        else
            o.Optional("activation");
        var block = new ConvBlockSpec
        {
            OutChannels = o.Int("out_channels"),
            Kernel = o.Int("kernel", defaults.Kernel),
            Stride = o.Int("stride", defaults.Stride),
            Padding = o.Int("padding", defaults.Padding),
            Bias = o.Bool("bias", defaults.Bias),
            BatchNorm = o.Bool("batch_norm", defaults.BatchNorm),
            Activation = activation,
            Pool = o.OptionalString("pool") is { } pool ? JsonNames.Pool.Parse(pool, o.At("pool")) : defaults.Pool,
            PoolSize = o.Int("pool_size", defaults.PoolSize),
            Dropout = o.Double("dropout", defaults.Dropout),
        };
        o.Finish();
        return block;
    }

    private static void WriteHead(Utf8JsonWriter w, HeadSpec head)
    {
        w.WriteStartObject("head");
        w.WriteBoolean("global_avg_pool", head.GlobalAvgPool);
        WriteInts(w, "hidden", head.Hidden);
        w.WriteString("activation", JsonNames.Activation.Name(head.Activation));
        w.WriteNumber("dropout", head.Dropout);
        w.WriteBoolean("final_linear", head.FinalLinear);
        w.WriteEndObject();
    }

    private static HeadSpec ReadHead(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var defaults = new HeadSpec();
        var head = new HeadSpec
        {
            GlobalAvgPool = o.Bool("global_avg_pool", defaults.GlobalAvgPool),
            Hidden = o.Optional("hidden") is { } h ? JsonFields.Array(h, o.At("hidden"), JsonFields.Int) : defaults.Hidden,
            Activation = o.OptionalString("activation") is { } a ? JsonNames.Activation.Parse(a, o.At("activation")) : defaults.Activation,
            Dropout = o.Double("dropout", defaults.Dropout),
            FinalLinear = o.Bool("final_linear", defaults.FinalLinear),
        };
        o.Finish();
        return head;
    }
}
