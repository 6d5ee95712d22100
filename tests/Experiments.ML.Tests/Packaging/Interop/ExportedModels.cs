// ExportedModels: the shared test fixture of the ONNX export tests. Builds every preset of ModelPresets and a few
// extra specs that together use every layer type ModelFactory produces (BatchNorm1d on (N, C) and (N, C, L),
// AvgPool2d, LeakyReLU, Tanh, Sigmoid, GELU) plus nets ending in Softmax and LogSoftmax, all with seeded random
// weights and non-trivial BatchNorm running statistics, and two presets briefly trained on MNIST; exports each
// (BatchNorm as an operator, and folded for every net that has BatchNorm) into a temp folder; and computes our
// engine's eval-mode probabilities on the first 1,000 MNIST test images, the reference the runtimes are compared to.
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Random;
using Experiments.ML.Data.Idx;
using Experiments.ML.Models;
using Experiments.ML.Packaging.Interop;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Packaging.Interop;

public sealed class ExportedModels : IDisposable
{
    public const int Images = 1000, Classes = 10;
    public static readonly string[] ClassNames = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>MNIST's usual normalization, so the graph's Sub/Div are exercised with non-trivial constants.</summary>
    public static readonly InputSchema Schema = new() { Mean = [0.1307], Std = [0.3081] };

    /// <summary>Specs beyond the presets, covering the remaining layer types.</summary>
    public static readonly (string Name, ArchitectureSpec Spec)[] ExtraSpecs =
    [
        ("x-mlp-bn-gelu-leaky", new MlpSpec { Hidden = [48, 32], Activations = [ActivationKind.GELU, ActivationKind.LeakyReLU], BatchNorm = true, Dropout = 0.1 }),
        ("x-conv1d-flat-bn", new Conv1dSpec
        {
            Input = Conv1dInputLayout.Flat,
            Blocks =
            [
                new ConvBlockSpec { OutChannels = 8, Kernel = 5, Stride = 2, Padding = 2, Bias = false, BatchNorm = true, Activation = ActivationKind.Tanh, Pool = PoolKind.Max },
                new ConvBlockSpec { OutChannels = 16, Kernel = 3, Padding = 1, BatchNorm = true, Activation = ActivationKind.Sigmoid, Pool = PoolKind.Max, Dropout = 0.1 },
            ],
            Head = new HeadSpec { Hidden = [32], Activation = ActivationKind.GELU, Dropout = 0.1 },
        }),
        ("x-conv2d-avg", new Conv2dSpec
        {
            Blocks =
            [
                new ConvBlockSpec { OutChannels = 6, Kernel = 5, Padding = 2, Activation = ActivationKind.Sigmoid, Pool = PoolKind.Avg },
                new ConvBlockSpec { OutChannels = 12, Kernel = 3, Stride = 2, BatchNorm = true, Activation = ActivationKind.LeakyReLU, Pool = PoolKind.Avg },
            ],
            Head = new HeadSpec { Hidden = [20], Activation = ActivationKind.Tanh },
        }),
    ];

    /// <summary>One exported model: its network, the export mode, the file, and our engine's probabilities (Images × Classes).</summary>
    public sealed record Model(string Name, Network Network, BatchNormExport BatchNorm, string Path, byte[] Onnx, float[] EngineProbabilities);

    private readonly TempDirectory _temp = new();

    public ExportedModels()
    {
        var data = IdxLabeledImages.Load(SharedData.MnistT10kFile("t10k-images-idx3-ubyte.gz"), SharedData.MnistT10kFile("t10k-labels-idx1-ubyte.gz"), Classes);
        RawPixels = new float[Images * 784];
        for (int i = 0; i < RawPixels.Length; i++) RawPixels[i] = data.Pixels[i];
        Labels = data.Labels[..Images];
        var input = InputPreprocessor.Normalize(RawPixels, Images, Schema);

        var networks = new List<(string Name, Network Network)>();
        foreach (var preset in ModelPresets.List)
            networks.Add((preset.Name, Build(preset.Spec)));
        foreach (var (name, spec) in ExtraSpecs)
            networks.Add((name, Build(spec)));
        // Briefly trained nets (t10k images 1000..2999, disjoint from the 1,000 compared): real weights and, for
        // compact-bn-gap, running statistics accumulated by training-mode BatchNorm.
        var trainPixels = new float[TrainImages * 784];
        for (int i = 0; i < trainPixels.Length; i++) trainPixels[i] = data.Pixels[Images * 784 + i];
        var trainInput = InputPreprocessor.Normalize(trainPixels, TrainImages, Schema);
        var trainLabels = data.Labels[Images..(Images + TrainImages)].Select(l => (int)l).ToArray();
        foreach (var preset in TrainedPresets)
            networks.Add(($"trained-{preset}", Train(ModelPresets.Get(preset).Spec, trainInput, trainLabels)));

        var streams = new RandomStreams(5);
        networks.Add(("x-linear-softmax", new Network(new Sequential(new Flatten(), new Linear(784, Classes, streams.Stream("a")), new Softmax(1)))));
        networks.Add(("x-linear-logsoftmax", new Network(new Sequential(new Flatten(), new Linear(784, Classes, streams.Stream("b")), new LogSoftmax(-1)))));

        var models = new List<Model>();
        foreach (var (name, network) in networks)
        {
            var probabilities = EngineProbabilities(network, input);
            var modes = network.NamedModules().Any(m => m.Module is BatchNormBase)
                ? new[] { BatchNormExport.Operator, BatchNormExport.Folded }
                : [BatchNormExport.Operator];
            foreach (var mode in modes)
            {
                var fileName = mode == BatchNormExport.Folded ? $"{name}.folded" : name;
                var onnx = OnnxExporter.Export(network, Schema, ClassNames, new OnnxExportOptions { BatchNorm = mode });
                var path = _temp.File($"{fileName}.onnx");
                File.WriteAllBytes(path, onnx);
                models.Add(new Model(fileName, network, mode, path, onnx, probabilities));
            }
        }
        All = models;
    }

    /// <summary>Training images of the briefly trained nets, and the presets trained.</summary>
    public const int TrainImages = 2000;
    public static readonly string[] TrainedPresets = ["mlp-32-32", "compact-bn-gap"];

    /// <summary>Two epochs of Adam (lr 3e-3, batch 100) on <paramref name="input"/>, in training mode (dropout on, BatchNorm updating).</summary>
    public static Network Train(ArchitectureSpec spec, Tensor input, int[] labels, int epochs = 2, int batch = 100)
    {
        var network = ModelFactory.Create(spec, InputShape.Mnist, Classes, new RandomStreams(7));
        var optimizer = new Adam(network.Parameters(), lr: 3e-3);
        network.Train();
        var n = input.Size(0);
        var perSample = input.Length / n;
        for (int epoch = 0; epoch < epochs; epoch++)
            for (int start = 0; start + batch <= n; start += batch)
            {
                var x = Tensor.FromArray(input.Data.Slice(start * perSample, batch * perSample), [batch, .. input.ShapeArray()[1..]]);
                var loss = Functional.CrossEntropy(network.Forward(x), labels.AsSpan(start, batch));
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
            }
        return network;
    }

    /// <summary>The raw pixels (0..255) of the first <see cref="Images"/> MNIST test images, row-major.</summary>
    public float[] RawPixels { get; }

    /// <summary>Their labels.</summary>
    public byte[] Labels { get; }

    /// <summary>Every exported model.</summary>
    public IReadOnlyList<Model> All { get; }

    /// <summary>A folder for runtime outputs.</summary>
    public string WorkDir => _temp.Sub("outputs");

    /// <summary>A preset's (or extra spec's) network with seeded weights and BatchNorm statistics far from (0, 1).</summary>
    public static Network Build(ArchitectureSpec spec, ulong seed = 42)
    {
        var network = ModelFactory.Create(spec, InputShape.Mnist, Classes, new RandomStreams(seed));
        var random = new RandomStream(seed + 1);
        foreach (var (_, module) in network.NamedModules())
        {
            if (module is not BatchNormBase bn) continue;
            random.FillNormal(bn.RunningMean!.Data, 0.0f, 0.3f);
            random.FillUniform(bn.RunningVar!.Data, 0.3f, 2.5f);
            random.FillUniform(bn.Weight!.Data, 0.5f, 1.5f);
            random.FillNormal(bn.Bias!.Data, 0.0f, 0.2f);
        }
        return network;
    }

    /// <summary>Eval-mode forward in batches, then softmax over classes (unless the network ends in Softmax).</summary>
    public static float[] EngineProbabilities(Network network, Tensor input)
    {
        network.Eval();
        var n = input.Size(0);
        var perSample = input.Length / n;
        var result = new float[n * Classes];
        bool endsWithSoftmax = network.Layers[network.Layers.Count - 1] is Softmax;
        using (Autograd.NoGrad())
        {
            const int batch = 250;
            for (int start = 0; start < n; start += batch)
            {
                int count = Math.Min(batch, n - start);
                var slice = Tensor.FromArray(input.Data.Slice(start * perSample, count * perSample), [count, .. input.ShapeArray()[1..]]);
                var output = network.Forward(slice);
                var probabilities = endsWithSoftmax ? output : output.Softmax(1);
                probabilities.Data.CopyTo(result.AsSpan(start * Classes, count * Classes));
            }
        }
        return result;
    }

    public void Dispose() => _temp.Dispose();
}
