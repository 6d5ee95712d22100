// ArchitectureBinder: `model:` values → ArchitectureSpec. A string is a preset (ModelPresets, with did-you-mean); a
// mapping is an inline spec whose `kind` picks the binder from the explicit model-kind registry. Also applies the
// `activation:` override (every hidden activation of an MLP; every conv block that has one, and the head).
using Experiments.ML.Models;
using Experiments.Pipelines.Definitions.Yaml;

namespace Experiments.Pipelines.Definitions.Binding;

/// <summary>One inline model kind: its keys and its binder.</summary>
internal sealed record ModelKind(SectionSpec Section, Func<MapView, ArchitectureSpec?> Bind);

/// <summary>A bound model: the spec and how reports name it (the preset name, or "inline").</summary>
internal sealed record BoundModel(string Label, string NamePart, ArchitectureSpec Spec, YNode Node, string Path);

internal static class ArchitectureBinder
{
    /// <summary>The explicit kind → binder registry of inline specs.</summary>
    public static readonly NameRegistry<ModelKind> Kinds = new("model kind",
    [
        ("mlp", new ModelKind(Sections.Mlp, BindMlp), "multilayer perceptron"),
        ("conv1d", new ModelKind(Sections.Conv1d, BindConv1d), "1-D CNN"),
        ("conv2d", new ModelKind(Sections.Conv2d, BindConv2d), "2-D CNN"),
    ]);

    public static BoundModel? Bind(YNode node, string path, ErrorSink errors)
    {
        if (node is YScalar s && !s.IsNull)
        {
            if (DefinitionRegistries.Presets.TryGet(s.Value, out var preset))
                return new BoundModel(preset.Name, preset.Name, preset.Spec, node, path);
            errors.Add(node, path, DefinitionRegistries.Presets.Unknown(s.Value) + " Or write an inline spec {kind: mlp|conv1d|conv2d, ...}.");
            return null;
        }
        if (node is not YMapping map)
        {
            errors.Add(node, path, $"expected a preset name ({string.Join(", ", DefinitionRegistries.Presets.Names)}) or an inline spec {{kind: mlp|conv1d|conv2d, ...}}; found {ScalarReader.Found(node)}.");
            return null;
        }
        if (map.Get("kind") is not { } kindNode)
        {
            errors.Add(map, path, "missing required key 'kind' of the inline model; expected mlp, conv1d or conv2d.");
            return null;
        }
        if (!ScalarReader.TryChoice(kindNode, $"{path}.kind", Kinds, errors, out var kind)) return null;
        var before = errors.Count;
        var view = MapView.Open(map, path, kind.Section, errors);
        var spec = view is null ? null : kind.Bind(view);
        if (spec is null || errors.Count != before) return null;
        return new BoundModel("inline", NamePart(spec), spec, node, path);
    }

    /// <summary>A readable name for an inline spec: mlp-64-64-64, conv2d-10-20.</summary>
    private static string NamePart(ArchitectureSpec spec) => spec switch
    {
        MlpSpec m => m.Hidden.Count == 0 ? "mlp-linear" : "mlp-" + string.Join("-", m.Hidden),
        Conv1dSpec c => "conv1d-" + string.Join("-", c.Blocks.Select(b => b.OutChannels)),
        Conv2dSpec c => "conv2d-" + string.Join("-", c.Blocks.Select(b => b.OutChannels)),
        _ => spec.Kind,
    };

    /// <summary>The spec with every hidden activation replaced by <paramref name="activation"/>.</summary>
    public static ArchitectureSpec WithActivation(ArchitectureSpec spec, ActivationKind activation) => spec switch
    {
        MlpSpec m => m with { Activations = [activation] },
        Conv1dSpec c => c with { Blocks = Replace(c.Blocks, activation), Head = c.Head with { Activation = activation } },
        Conv2dSpec c => c with { Blocks = Replace(c.Blocks, activation), Head = c.Head with { Activation = activation } },
        _ => spec,
    };

    /// <summary>The activation names a spec uses, for reports (e.g. "relu", "relu,tanh").</summary>
    public static string ActivationsOf(ArchitectureSpec spec)
    {
        IEnumerable<ActivationKind> used = spec switch
        {
            MlpSpec m => m.Hidden.Count == 0 ? [] : m.Activations,
            Conv1dSpec c => c.Blocks.Where(b => b.Activation is not null).Select(b => b.Activation!.Value).Concat(c.Head.Hidden.Count > 0 ? [c.Head.Activation] : []),
            Conv2dSpec c => c.Blocks.Where(b => b.Activation is not null).Select(b => b.Activation!.Value).Concat(c.Head.Hidden.Count > 0 ? [c.Head.Activation] : []),
            _ => [],
        };
        var names = used.Distinct().Select(DefinitionRegistries.Activations.NameOf).ToArray();
        return names.Length == 0 ? "none" : string.Join(",", names);
    }

    private static ConvBlockSpec[] Replace(IReadOnlyList<ConvBlockSpec> blocks, ActivationKind activation) =>
        blocks.Select(b => b.Activation is null ? b : b with { Activation = activation }).ToArray();

    private static ArchitectureSpec? BindMlp(MapView v)
    {
        var spec = new MlpSpec();
        if (v.Integers("hidden") is { } hidden) spec = spec with { Hidden = hidden };
        if (v.Get("activation") is { } act)
        {
            if (act is YSequence seq)
            {
                var list = new List<ActivationKind>();
                for (var i = 0; i < seq.Items.Count; i++)
                    if (ScalarReader.TryChoice(seq.Items[i], $"{v.PathOf("activation")}[{i}]", DefinitionRegistries.Activations, v.Errors, out var a)) list.Add(a);
                if (list.Count == seq.Items.Count && list.Count != 1 && list.Count != spec.Hidden.Count)
                    v.Errors.Add(act, v.PathOf("activation"), $"expected one activation or one per hidden layer ({spec.Hidden.Count}); found {list.Count}.");
                spec = spec with { Activations = list };
            }
            else if (ScalarReader.TryChoice(act, v.PathOf("activation"), DefinitionRegistries.Activations, v.Errors, out var one))
            {
                spec = spec with { Activations = [one] };
            }
        }
        if (v.Number("dropout") is { } d) spec = spec with { Dropout = d };
        if (v.Boolean("batch_norm") is { } bn) spec = spec with { BatchNorm = bn };
        return spec;
    }

    private static ArchitectureSpec? BindConv1d(MapView v)
    {
        var spec = new Conv1dSpec { Blocks = Blocks(v), Head = Head(v) };
        if (v.TryChoice("input", DefinitionRegistries.Conv1dInputs, out var input)) spec = spec with { Input = input };
        return spec;
    }

    private static ArchitectureSpec? BindConv2d(MapView v) => new Conv2dSpec { Blocks = Blocks(v), Head = Head(v) };

    private static List<ConvBlockSpec> Blocks(MapView v)
    {
        var blocks = new List<ConvBlockSpec>();
        if (v.Get("blocks") is not { } node) return blocks;
        if (node is not YSequence seq || seq.Items.Count == 0)
        {
            v.Errors.Add(node, v.PathOf("blocks"), $"expected a non-empty list of conv blocks ({{out_channels: 16, kernel: 3, ...}}); found {ScalarReader.Found(node)}.");
            return blocks;
        }
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var b = MapView.Open(seq.Items[i], $"{v.PathOf("blocks")}[{i}]", Sections.ConvBlock, v.Errors);
            if (b is null) continue;
            var block = new ConvBlockSpec { OutChannels = b.Integer("out_channels") ?? 1 };
            if (b.Integer("kernel") is { } k) block = block with { Kernel = k };
            if (b.Integer("stride") is { } s) block = block with { Stride = s };
            if (b.Integer("padding") is { } p) block = block with { Padding = p };
            if (b.Boolean("bias") is { } bias) block = block with { Bias = bias };
            if (b.Boolean("batch_norm") is { } bn) block = block with { BatchNorm = bn };
            if (b.TryChoice("activation", DefinitionRegistries.BlockActivations, out var act)) block = block with { Activation = act };
            if (b.TryChoice("pool", DefinitionRegistries.Pools, out var pool)) block = block with { Pool = pool };
            if (b.Integer("pool_size") is { } ps) block = block with { PoolSize = ps };
            if (b.Number("dropout") is { } d) block = block with { Dropout = d };
            blocks.Add(block);
        }
        return blocks;
    }

    private static HeadSpec Head(MapView v)
    {
        var head = new HeadSpec();
        if (v.Get("head") is not { } node) return head;
        var h = MapView.Open(node, v.PathOf("head"), Sections.Head, v.Errors);
        if (h is null) return head;
        if (h.Boolean("global_avg_pool") is { } gap) head = head with { GlobalAvgPool = gap };
        if (h.Integers("hidden") is { } hidden) head = head with { Hidden = hidden };
        if (h.TryChoice("activation", DefinitionRegistries.Activations, out var act)) head = head with { Activation = act };
        if (h.Number("dropout") is { } d) head = head with { Dropout = d };
        if (h.Boolean("final_linear") is { } fl) head = head with { FinalLinear = fl };
        return head;
    }
}
