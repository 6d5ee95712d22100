// ModelFactory: declarative spec → engine network. The network is a `Network` whose only child is the Sequential
// `layers`, so state-dict keys read like PyTorch's (`layers.0.weight`). The factory checks the spec against the
// input shape as it goes (channels, spatial sizes that shrink below 1, activation counts) and names the key path
// of the first problem. Weights come from the run's init stream; every Dropout layer gets its own indexed stream
// of the dropout family, so adding a dropout layer never shifts another layer's draws.
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.Engine.Random;
using Experiments.ML.Training;

namespace Experiments.ML.Models;

/// <summary>A built model: the <c>layers</c> Sequential (PyTorch's <c>self.layers = nn.Sequential(...)</c>).</summary>
public sealed class Network : Module
{
    /// <summary>Wraps <paramref name="layers"/> as the child named <c>layers</c>.</summary>
    public Network(Sequential layers) => Layers = RegisterModule("layers", layers);

    /// <summary>The layers, in order.</summary>
    public Sequential Layers { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Layers.Call(input);
}

/// <summary>Builds engine networks from <see cref="ArchitectureSpec"/>s.</summary>
public static class ModelFactory
{
    /// <summary>
    /// Builds the network for <paramref name="spec"/> on images of <paramref name="input"/> shape with
    /// <paramref name="classes"/> outputs (logits). Weights are drawn from <c>streams.Stream("init")</c>, dropout
    /// layer i uses <c>streams.Stream("dropout", i)</c>. Throws <see cref="ArchitectureException"/> for a spec that
    /// does not fit the input.
    /// </summary>
    public static Network Create(ArchitectureSpec spec, InputShape input, int classes, RandomStreams streams, InitOptions? init = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(streams);
        if (classes < 2) throw new ArchitectureException("classes", $"expected at least 2 classes; found {classes}.");
        if (input.Channels <= 0 || input.Height <= 0 || input.Width <= 0)
            throw new ArchitectureException("input", $"expected a positive input shape; found {input.Channels}×{input.Height}×{input.Width}.");
        var builder = new Builder(streams.Stream(RandomStreams.Names.Init), streams);
        switch (spec)
        {
            case MlpSpec mlp: builder.Mlp(mlp, input, classes); break;
            case Conv1dSpec conv1d: builder.Conv1d(conv1d, input, classes); break;
            case Conv2dSpec conv2d: builder.Conv2d(conv2d, input, classes); break;
            default: throw new ArchitectureException("kind", $"expected mlp, conv1d or conv2d; found '{spec.Kind}'.");
        }
        var network = new Network(builder.Layers);
        if (init is not null && init.Kind != InitKind.Default) ApplyInit(network, init, builder.InitStream);
        return network;
    }

    /// <summary>The parameter count of the network <paramref name="spec"/> builds (for plans and dry runs).</summary>
    public static long CountParameters(ArchitectureSpec spec, InputShape input, int classes) =>
        Create(spec, input, classes, new RandomStreams(0)).ParameterCount();

    /// <summary>
    /// Re-initialises every Linear/Conv weight with <paramref name="init"/> (biases zero), in layer order, from
    /// <paramref name="random"/>: PyTorch's "construct, then apply(init_fn)" pattern.
    /// </summary>
    private static void ApplyInit(Module network, InitOptions init, RandomStream random)
    {
        foreach (var (_, module) in network.NamedModules())
        {
            var (weight, bias) = module switch
            {
                Linear l => ((Tensor)l.Weight, (Tensor?)l.Bias),
                Conv1d c => (c.Weight, c.Bias),
                Conv2d c => (c.Weight, c.Bias),
                _ => (null!, null),
            };
            if (weight is null) continue;
            using (Autograd.NoGrad())
            {
                switch (init.Kind)
                {
                    case InitKind.Normal: Init.Normal(weight, random, 0, init.Std); break;
                    case InitKind.Uniform: Init.Uniform(weight, random, -init.Range, init.Range); break;
                    case InitKind.XavierUniform: Init.XavierUniform(weight, random); break;
                    case InitKind.XavierNormal: Init.XavierNormal(weight, random); break;
                    case InitKind.KaimingUniform: Init.KaimingUniform(weight, random, nonlinearity: Nonlinearity.Relu); break;
                    case InitKind.KaimingNormal: Init.KaimingNormal(weight, random, nonlinearity: Nonlinearity.Relu); break;
                    default: throw new ArgumentOutOfRangeException(nameof(init), init.Kind, "Unknown init kind.");
                }
                if (bias is not null) Init.Zeros(bias);
            }
        }
    }

    private sealed class Builder(RandomStream initStream, RandomStreams streams)
    {
        private int _dropouts;

        public RandomStream InitStream { get; } = initStream;
        public Sequential Layers { get; } = new();

        public void Mlp(MlpSpec spec, InputShape input, int classes)
        {
            var activations = ExpandActivations(spec.Activations, spec.Hidden.Count, "activations");
            CheckProbability(spec.Dropout, "dropout");
            Layers.Append(new Flatten());
            var features = input.Length;
            for (var i = 0; i < spec.Hidden.Count; i++)
            {
                var width = spec.Hidden[i];
                if (width <= 0) throw new ArchitectureException($"hidden[{i}]", $"expected a positive layer width; found {width}.");
                Layers.Append(new Linear(features, width, InitStream));
                if (spec.BatchNorm) Layers.Append(new BatchNorm1d(width));
                Layers.Append(Activation(activations[i]));
                if (spec.Dropout > 0) Layers.Append(NewDropout(spec.Dropout));
                features = width;
            }
            Layers.Append(new Linear(features, classes, InitStream));
        }

        public void Conv1d(Conv1dSpec spec, InputShape input, int classes)
        {
            if (spec.Blocks.Count == 0) throw new ArchitectureException("blocks", "expected at least one conv block; found none.");
            if (spec.Head.GlobalAvgPool)
                throw new ArchitectureException("head.global_avg_pool", "global average pooling is available for conv2d only; use pooling blocks and a flatten head for conv1d.");
            var (channels, length) = spec.Input == Conv1dInputLayout.Rows
                ? (input.Channels * input.Height, input.Width)
                : (input.Channels, input.Height * input.Width);
            Layers.Append(new Flatten());
            Layers.Append(new Unflatten(channels, length));
            for (var b = 0; b < spec.Blocks.Count; b++)
            {
                var block = spec.Blocks[b];
                var path = $"blocks[{b}]";
                CheckBlock(block, path);
                var outLength = ConvOutput(length, block.Kernel, block.Stride, block.Padding, path, "length");
                Layers.Append(new Engine.NN.Conv1d(channels, block.OutChannels, block.Kernel, InitStream, block.Stride, block.Padding, block.Bias));
                if (block.BatchNorm) Layers.Append(new BatchNorm1d(block.OutChannels));
                if (block.Activation is { } act) Layers.Append(Activation(act));
                if (block.Pool != PoolKind.None)
                {
                    if (block.Pool == PoolKind.Avg)
                        throw new ArchitectureException($"{path}.pool", "conv1d supports max pooling only; found avg.");
                    outLength = PoolOutput(outLength, block.PoolSize, path, "length");
                    Layers.Append(new MaxPool1d(block.PoolSize));
                }
                if (block.Dropout > 0) Layers.Append(NewDropout(block.Dropout));
                (channels, length) = (block.OutChannels, outLength);
            }
            Head(spec.Head, channels * length, channels, classes);
        }

        public void Conv2d(Conv2dSpec spec, InputShape input, int classes)
        {
            if (spec.Blocks.Count == 0) throw new ArchitectureException("blocks", "expected at least one conv block; found none.");
            var (channels, height, width) = (input.Channels, input.Height, input.Width);
            for (var b = 0; b < spec.Blocks.Count; b++)
            {
                var block = spec.Blocks[b];
                var path = $"blocks[{b}]";
                CheckBlock(block, path);
                height = ConvOutput(height, block.Kernel, block.Stride, block.Padding, path, "height");
                width = ConvOutput(width, block.Kernel, block.Stride, block.Padding, path, "width");
                Layers.Append(new Engine.NN.Conv2d(channels, block.OutChannels, block.Kernel, InitStream, block.Stride, block.Padding, block.Bias));
                if (block.BatchNorm) Layers.Append(new BatchNorm2d(block.OutChannels));
                if (block.Activation is { } act) Layers.Append(Activation(act));
                switch (block.Pool)
                {
                    case PoolKind.Max:
                        height = PoolOutput(height, block.PoolSize, path, "height");
                        width = PoolOutput(width, block.PoolSize, path, "width");
                        Layers.Append(new MaxPool2d(block.PoolSize));
                        break;
                    case PoolKind.Avg:
                        height = PoolOutput(height, block.PoolSize, path, "height");
                        width = PoolOutput(width, block.PoolSize, path, "width");
                        Layers.Append(new AvgPool2d(block.PoolSize));
                        break;
                }
                if (block.Dropout > 0) Layers.Append(NewDropout(block.Dropout));
                channels = block.OutChannels;
            }
            if (spec.Head.GlobalAvgPool)
            {
                Layers.Append(new AdaptiveAvgPool2d(1));
                (height, width) = (1, 1);
            }
            Head(spec.Head, channels * height * width, channels, classes);
        }

        private void Head(HeadSpec head, int features, int channels, int classes)
        {
            CheckProbability(head.Dropout, "head.dropout");
            Layers.Append(new Flatten());
            if (!head.FinalLinear)
            {
                if (head.Hidden.Count > 0)
                    throw new ArchitectureException("head.final_linear", $"final_linear: false needs an empty head.hidden; found [{string.Join(", ", head.Hidden)}].");
                if (features != classes)
                    throw new ArchitectureException("head.final_linear",
                        $"final_linear: false needs the last block to produce one value per class ({classes}) after pooling; it produces {features} ({channels} channels). Set the last block's out_channels to {classes} and global_avg_pool: true, or keep final_linear: true.");
                return;
            }
            for (var i = 0; i < head.Hidden.Count; i++)
            {
                var width = head.Hidden[i];
                if (width <= 0) throw new ArchitectureException($"head.hidden[{i}]", $"expected a positive layer width; found {width}.");
                if (head.Dropout > 0) Layers.Append(NewDropout(head.Dropout));
                Layers.Append(new Linear(features, width, InitStream));
                Layers.Append(Activation(head.Activation));
                features = width;
            }
            if (head.Dropout > 0) Layers.Append(NewDropout(head.Dropout));
            Layers.Append(new Linear(features, classes, InitStream));
        }

        private Dropout NewDropout(double p) => new(streams.Stream(RandomStreams.Names.Dropout, _dropouts++), p);

        private static void CheckBlock(ConvBlockSpec block, string path)
        {
            if (block.OutChannels <= 0) throw new ArchitectureException($"{path}.out_channels", $"expected a positive channel count; found {block.OutChannels}.");
            if (block.Kernel <= 0) throw new ArchitectureException($"{path}.kernel", $"expected a positive kernel size; found {block.Kernel}.");
            if (block.Stride <= 0) throw new ArchitectureException($"{path}.stride", $"expected a positive stride; found {block.Stride}.");
            if (block.Padding < 0) throw new ArchitectureException($"{path}.padding", $"expected padding ≥ 0; found {block.Padding}.");
            if (block.Pool != PoolKind.None && block.PoolSize <= 0)
                throw new ArchitectureException($"{path}.pool_size", $"expected a positive pool size; found {block.PoolSize}.");
            CheckProbability(block.Dropout, $"{path}.dropout");
        }

        private static int ConvOutput(int size, int kernel, int stride, int padding, string path, string what)
        {
            var output = (size + 2 * padding - kernel) / stride + 1;
            if (size + 2 * padding < kernel || output < 1)
                throw new ArchitectureException($"{path}.kernel",
                    $"the input {what} here is {size} (padding {padding}), too small for kernel {kernel}; use a smaller kernel, add padding, or remove a pooling step before this block.");
            return output;
        }

        private static int PoolOutput(int size, int pool, string path, string what)
        {
            if (size < pool)
                throw new ArchitectureException($"{path}.pool",
                    $"the {what} here is {size}, smaller than the pool size {pool}; remove this pooling step or pool earlier less.");
            return size / pool;
        }

        private static void CheckProbability(double p, string path)
        {
            if (!(p >= 0 && p < 1)) throw new ArchitectureException(path, $"expected a probability in [0, 1); found {p}.");
        }

        private static ActivationKind[] ExpandActivations(IReadOnlyList<ActivationKind> activations, int layers, string path)
        {
            if (activations.Count == 1) return Enumerable.Repeat(activations[0], layers).ToArray();
            if (activations.Count == layers) return activations.ToArray();
            throw new ArchitectureException(path, $"expected one activation for all hidden layers or one per hidden layer ({layers}); found {activations.Count}.");
        }

        private static Module Activation(ActivationKind kind) => kind switch
        {
            ActivationKind.ReLU => new ReLU(),
            ActivationKind.LeakyReLU => new LeakyReLU(),
            ActivationKind.Tanh => new Tanh(),
            ActivationKind.Sigmoid => new Sigmoid(),
            ActivationKind.GELU => new GELU(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
        };
    }
}
