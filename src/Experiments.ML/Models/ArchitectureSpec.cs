// The declarative architecture specs: what a YAML definition, a preset and a model package's manifest all describe.
// A spec names no .NET type; ModelFactory turns (spec, input shape, class count, init) into an engine Module whose
// state-dict keys look like PyTorch's ("layers.0.weight"). Blocks run conv → batch norm → activation → pool →
// dropout (max pooling commutes with ReLU, so "conv, pool, relu" nets such as cnn-s3 are expressed exactly).
namespace Experiments.ML.Models;

/// <summary>Hidden-layer activations (YAML names: relu, leaky_relu, tanh, sigmoid, gelu).</summary>
public enum ActivationKind
{
    /// <summary>max(0, x).</summary>
    ReLU,
    /// <summary>x for x ≥ 0, 0.01·x otherwise (PyTorch's default slope).</summary>
    LeakyReLU,
    /// <summary>tanh(x).</summary>
    Tanh,
    /// <summary>1 / (1 + e^−x).</summary>
    Sigmoid,
    /// <summary>x·Φ(x) (exact, erf form).</summary>
    GELU,
}

/// <summary>Pooling after a conv block (YAML: none, max, avg).</summary>
public enum PoolKind
{
    /// <summary>No pooling.</summary>
    None,
    /// <summary>Max pooling (kernel = stride = <see cref="ConvBlockSpec.PoolSize"/>).</summary>
    Max,
    /// <summary>Average pooling (kernel = stride = <see cref="ConvBlockSpec.PoolSize"/>).</summary>
    Avg,
}

/// <summary>How a 1-D CNN sees a 28×28 image (YAML: rows, flat).</summary>
public enum Conv1dInputLayout
{
    /// <summary>Rows as channels: H channels × W steps (28 × 28).</summary>
    Rows,
    /// <summary>One channel, H·W steps (1 × 784).</summary>
    Flat,
}

/// <summary>An architecture, declared (not a type name). Kinds: <c>mlp</c>, <c>conv1d</c>, <c>conv2d</c>.</summary>
public abstract record ArchitectureSpec
{
    /// <summary>The kind as written in YAML and manifests: <c>mlp</c>, <c>conv1d</c> or <c>conv2d</c>.</summary>
    public abstract string Kind { get; }
}

/// <summary>A multilayer perceptron: flatten, then hidden Linear layers, then Linear(classes).</summary>
public sealed record MlpSpec : ArchitectureSpec
{
    /// <inheritdoc/>
    public override string Kind => "mlp";

    /// <summary>Hidden layer widths, e.g. [32, 32]; may be empty (a linear classifier).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [];

    /// <summary>One activation for every hidden layer, or exactly one per hidden layer.</summary>
    public IReadOnlyList<ActivationKind> Activations { get; init; } = [ActivationKind.ReLU];

    /// <summary>Dropout probability after each hidden activation (0 = none).</summary>
    public double Dropout { get; init; }

    /// <summary>BatchNorm1d after each hidden Linear (before the activation).</summary>
    public bool BatchNorm { get; init; }

    /// <inheritdoc/>
    public bool Equals(MlpSpec? other) =>
        other is not null && Hidden.SequenceEqual(other.Hidden) && Activations.SequenceEqual(other.Activations)
        && Dropout.Equals(other.Dropout) && BatchNorm == other.BatchNorm;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Hidden.Count, Dropout, BatchNorm);
}

/// <summary>One convolution block: conv → [batch norm] → [activation] → [pool] → [dropout] (1-D or 2-D by the spec).</summary>
public sealed record ConvBlockSpec
{
    /// <summary>Output channels of the convolution.</summary>
    public required int OutChannels { get; init; }

    /// <summary>Kernel size (square for 2-D).</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>Stride.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; init; }

    /// <summary>Convolution bias (PyTorch's default true; usually false when batch norm follows).</summary>
    public bool Bias { get; init; } = true;

    /// <summary>BatchNorm over the block's channels, after the convolution.</summary>
    public bool BatchNorm { get; init; }

    /// <summary>The activation, or null for none (e.g. a final 1×1 conv producing logits).</summary>
    public ActivationKind? Activation { get; init; } = ActivationKind.ReLU;

    /// <summary>Pooling after the activation.</summary>
    public PoolKind Pool { get; init; } = PoolKind.None;

    /// <summary>Pool kernel and stride.</summary>
    public int PoolSize { get; init; } = 2;

    /// <summary>Dropout probability at the end of the block (0 = none).</summary>
    public double Dropout { get; init; }
}

/// <summary>What follows the conv blocks: optional global average pooling, flatten, hidden Linear layers, Linear(classes).</summary>
public sealed record HeadSpec
{
    /// <summary>Global average pooling over the spatial dims before flattening (compact CNNs).</summary>
    public bool GlobalAvgPool { get; init; }

    /// <summary>Hidden Linear widths after flattening, e.g. [50].</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [];

    /// <summary>Activation after each hidden Linear.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.ReLU;

    /// <summary>Dropout before each hidden Linear and before the final Linear (0 = none).</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// False when the last block already produces one channel per class and global average pooling yields the
    /// logits directly (the all-convolutional recipe); then <see cref="Hidden"/> must be empty.
    /// </summary>
    public bool FinalLinear { get; init; } = true;

    /// <inheritdoc/>
    public bool Equals(HeadSpec? other) =>
        other is not null && GlobalAvgPool == other.GlobalAvgPool && Hidden.SequenceEqual(other.Hidden)
        && Activation == other.Activation && Dropout.Equals(other.Dropout) && FinalLinear == other.FinalLinear;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(GlobalAvgPool, Hidden.Count, Activation, Dropout, FinalLinear);
}

/// <summary>A 1-D CNN: the image as rows (28 channels × 28 steps) or flat (1 × 784), conv blocks, then the head.</summary>
public sealed record Conv1dSpec : ArchitectureSpec
{
    /// <inheritdoc/>
    public override string Kind => "conv1d";

    /// <summary>How the image becomes a sequence.</summary>
    public Conv1dInputLayout Input { get; init; } = Conv1dInputLayout.Rows;

    /// <summary>The conv blocks, in order (at least one).</summary>
    public IReadOnlyList<ConvBlockSpec> Blocks { get; init; } = [];

    /// <summary>The classifier head.</summary>
    public HeadSpec Head { get; init; } = new();

    /// <inheritdoc/>
    public bool Equals(Conv1dSpec? other) =>
        other is not null && Input == other.Input && Blocks.SequenceEqual(other.Blocks) && Head.Equals(other.Head);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Input, Blocks.Count, Head);
}

/// <summary>A 2-D CNN: conv blocks over (C, H, W), then the head.</summary>
public sealed record Conv2dSpec : ArchitectureSpec
{
    /// <inheritdoc/>
    public override string Kind => "conv2d";

    /// <summary>The conv blocks, in order (at least one).</summary>
    public IReadOnlyList<ConvBlockSpec> Blocks { get; init; } = [];

    /// <summary>The classifier head.</summary>
    public HeadSpec Head { get; init; } = new();

    /// <inheritdoc/>
    public bool Equals(Conv2dSpec? other) => other is not null && Blocks.SequenceEqual(other.Blocks) && Head.Equals(other.Head);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Blocks.Count, Head);
}

/// <summary>The per-sample input: channels × height × width of the raw image (1 × 28 × 28 for MNIST-family data).</summary>
public readonly record struct InputShape(int Channels, int Height, int Width)
{
    /// <summary>The MNIST-family shape, 1 × 28 × 28.</summary>
    public static InputShape Mnist => new(1, 28, 28);

    /// <summary>Values per sample.</summary>
    public int Length => Channels * Height * Width;
}
