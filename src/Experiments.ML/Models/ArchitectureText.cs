// One-line, human descriptions of architecture specs for plans, summaries and reports, e.g.
// "mlp 784-32-32-10, leaky_relu" or "conv2d: conv10 k5 max2 relu → conv20 k5 max2 relu → fc 50 → 10".
using System.Globalization;
using System.Text;

namespace Experiments.ML.Models;

/// <summary>Formats <see cref="ArchitectureSpec"/>s as one line of text.</summary>
public static class ArchitectureText
{
    /// <summary>The YAML name of an activation (relu, leaky_relu, tanh, sigmoid, gelu).</summary>
    public static string Name(ActivationKind activation) => activation switch
    {
        ActivationKind.ReLU => "relu",
        ActivationKind.LeakyReLU => "leaky_relu",
        ActivationKind.Tanh => "tanh",
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.GELU => "gelu",
        _ => activation.ToString().ToLowerInvariant(),
    };

    /// <summary>Describes <paramref name="spec"/> for inputs of <paramref name="input"/> shape and <paramref name="classes"/> outputs.</summary>
    public static string Describe(ArchitectureSpec spec, InputShape? input = null, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var shape = input ?? InputShape.Mnist;
        var c = CultureInfo.InvariantCulture;
        switch (spec)
        {
            case MlpSpec mlp:
            {
                var text = new StringBuilder("mlp ").Append(shape.Length.ToString(c));
                foreach (int h in mlp.Hidden) text.Append('-').Append(h.ToString(c));
                text.Append('-').Append(classes.ToString(c));
                var activations = mlp.Activations.Select(Name).Distinct().ToArray();
                if (mlp.Hidden.Count > 0) text.Append(", ").Append(string.Join("/", activations));
                if (mlp.BatchNorm) text.Append(", batchnorm");
                if (mlp.Dropout > 0) text.Append(", dropout ").Append(mlp.Dropout.ToString("G3", c));
                return text.ToString();
            }
            case Conv1dSpec conv1d:
                return $"conv1d ({(conv1d.Input == Conv1dInputLayout.Rows ? $"{shape.Height} rows × {shape.Width} steps" : $"1 × {shape.Length}")}): "
                    + Blocks(conv1d.Blocks) + Head(conv1d.Head, classes);
            case Conv2dSpec conv2d:
                return "conv2d: " + Blocks(conv2d.Blocks) + Head(conv2d.Head, classes);
            default:
                return spec.Kind;
        }
    }

    private static string Blocks(IReadOnlyList<ConvBlockSpec> blocks) => string.Join(" → ", blocks.Select(b =>
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder("conv").Append(b.OutChannels.ToString(c)).Append(" k").Append(b.Kernel.ToString(c));
        if (b.Stride != 1) text.Append(" s").Append(b.Stride.ToString(c));
        if (b.Padding != 0) text.Append(" p").Append(b.Padding.ToString(c));
        if (b.BatchNorm) text.Append(" bn");
        if (b.Activation is { } a) text.Append(' ').Append(Name(a));
        if (b.Pool != PoolKind.None) text.Append(b.Pool == PoolKind.Max ? " max" : " avg").Append(b.PoolSize.ToString(c));
        if (b.Dropout > 0) text.Append(" drop").Append(b.Dropout.ToString("G3", c));
        return text.ToString();
    }));

    private static string Head(HeadSpec head, int classes)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        if (head.GlobalAvgPool) text.Append(" → gap");
        foreach (int h in head.Hidden) text.Append(" → fc ").Append(h.ToString(c)).Append(' ').Append(Name(head.Activation));
        if (head.Dropout > 0) text.Append(" → drop").Append(head.Dropout.ToString("G3", c));
        if (head.FinalLinear) text.Append(" → fc ").Append(classes.ToString(c));
        return text.ToString();
    }
}
