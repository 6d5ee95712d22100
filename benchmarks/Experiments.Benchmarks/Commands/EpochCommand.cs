// EpochCommand: `epoch --model NAME --epochs N [--data DIR] [--threads 2] [--seed 0]`.
//
// Trains one of the ANCHORS seed models on Fashion-MNIST exactly as reference/epoch_torch.py does in PyTorch
// (Adam, the model's batch size and learning rate, pixels / 255, reshuffle every epoch, evaluate the test set
// once after the last epoch without gradients) and prints the same one-line JSON:
// {"model":..., "params":..., "batch":..., "epochs":N, "epoch_s":[...], "samples_per_s":..., "eval_s":...,
//  "test_acc":..., "peak_rss_mb":...}
// The loop here is deliberately the plain forward / loss / backward / step: it measures the engine, not a trainer.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;

namespace Experiments.Benchmarks.Commands;

public sealed class EpochCommand : IBenchmarkCommand
{
    public string Name => "epoch";
    public string Usage => "epoch --model NAME --epochs N [--data DIR] [--threads 2] [--seed 0]";
    public string Description => "Trains an ANCHORS model on Fashion-MNIST and prints one JSON line (compare with reference/epoch_torch.py).";

    // name: (batch size, learning rate), as in reference/epoch_torch.py and ANCHORS.md.
    internal static readonly Dictionary<string, (int Batch, double Lr)> Settings = new()
    {
        ["mlp-32-32"] = (100, 1e-2),
        ["mlp-120-84"] = (64, 1e-3),
        ["cnn1d"] = (100, 1e-3),
        ["cnn-s3"] = (64, 1e-3),
        ["cnn-s4"] = (128, 1e-3),
    };

    public int Run(string[] args)
    {
        string? model = null, data = null;
        int epochs = 1, threads = 2;
        ulong seed = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--epochs": epochs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--data": data = Value(); break;
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: {Usage}");
                    return 2;
            }
        }
        if (model is null || !Settings.TryGetValue(model, out var settings) || epochs < 1 || threads < 1)
        {
            Console.Error.WriteLine($"usage: {Usage}; models: {string.Join(", ", Settings.Keys)}; epochs and threads >= 1");
            return 2;
        }

        Parallelism.MaxThreads = threads;
        LoadedDataset dataset = DatasetLoader.LoadAsync("fashion-mnist", new DatasetResolverOptions { ExplicitDirectory = data, AllowDownload = false })
            .GetAwaiter().GetResult();

        var streams = new RandomStreams(seed);
        Module net = Build(model, streams);
        var optimizer = new Adam(net.Parameters(), lr: settings.Lr);
        var loss = new CrossEntropyLoss();
        var cursor = dataset.Train.GetBatchCursor(new BatchCursorOptions { BatchSize = settings.Batch, Shuffle = true, Seed = seed });
        var images = new float[settings.Batch * 784];
        var labels = new int[settings.Batch];

        var epochSeconds = new List<double>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            net.Train();
            var clock = Stopwatch.StartNew();
            cursor.StartEpoch(epoch);
            while (cursor.MoveNext(images, labels, out int count))
            {
                Tensor x = Tensor.Wrap(images, settings.Batch, 1, 28, 28).Narrow(0, 0, count);
                optimizer.ZeroGrad();
                Tensor l = loss.Forward(net.Call(x), labels.AsSpan(0, count));
                l.Backward();
                optimizer.Step();
            }
            epochSeconds.Add(clock.Elapsed.TotalSeconds);
        }

        net.Eval();
        var evalClock = Stopwatch.StartNew();
        double testAccuracy = TestAccuracy.Of(net, dataset.Test, batch: 1000);
        double evalSeconds = evalClock.Elapsed.TotalSeconds;

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["params"] = net.ParameterCount(),
            ["batch"] = settings.Batch,
            ["epochs"] = epochs,
            ["epoch_s"] = epochSeconds.Select(s => Math.Round(s, 4)).ToArray(),
            ["samples_per_s"] = Math.Round(dataset.Train.RowCount / epochSeconds.Min(), 1),
            ["eval_s"] = Math.Round(evalSeconds, 4),
            ["test_acc"] = testAccuracy,
            ["peak_rss_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), 1),
        }));
        return 0;
    }

    /// <summary>The ANCHORS seed architectures, layer for layer as in reference/epoch_torch.py.</summary>
    internal static Module Build(string name, RandomStreams streams)
    {
        RandomStream init = streams.Stream(RandomStreams.Names.Init);
        return name switch
        {
            "mlp-32-32" => new Sequential(new Flatten(), new Linear(784, 32, init), new ReLU(), new Linear(32, 32, init), new ReLU(), new Linear(32, 10, init)),
            "mlp-120-84" => new Sequential(new Flatten(), new Linear(784, 120, init), new ReLU(), new Linear(120, 84, init), new ReLU(), new Linear(84, 10, init)),
            "cnn1d" => new Sequential(new Rows(),
                new Conv1d(28, 32, 3, init, padding: 1), new ReLU(), new MaxPool1d(2),
                new Conv1d(32, 64, 3, init, padding: 1), new ReLU(), new MaxPool1d(2),
                new Flatten(), new Linear(448, 64, init), new ReLU(), new Linear(64, 10, init)),
            "cnn-s3" => new Sequential(new Conv2d(1, 10, 5, init), new MaxPool2d(2), new ReLU(),
                new Conv2d(10, 20, 5, init), new MaxPool2d(2), new ReLU(),
                new Flatten(), new Linear(320, 50, init), new ReLU(), new Linear(50, 10, init)),
            "cnn-s4" => new Sequential(new Conv2d(1, 6, 3, init, padding: 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 12, 3, init, padding: 1), new ReLU(), new MaxPool2d(2),
                new Dropout(streams.Stream(RandomStreams.Names.Dropout), 0.2), new Flatten(), new Linear(588, 24, init), new ReLU(), new Linear(24, 10, init)),
            _ => throw new ArgumentException($"unknown model {name}"),
        };
    }

    /// <summary>(N, 1, 28, 28) → (N, 28, 28): image rows as 28 channels of 28 steps, for the 1-D CNN.</summary>
    private sealed class Rows : Module
    {
        public override Tensor Forward(Tensor input) => input.Reshape(input.Size(0), 28, 28);
    }
}
