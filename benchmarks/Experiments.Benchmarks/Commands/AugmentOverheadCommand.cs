// AugmentOverheadCommand: `augment-overhead [--model mlp-32-32] [--epochs 4] [--rounds 2] [--threads 2] [--data DIR]`.
//
// Issue 6's "augmentation runs ahead of the trainer" check: trains a preset on Fashion-MNIST with the trainer
// (Adam at the preset's learning rate and batch size, 10% validation) without augmentation and with mlp-vs-cnn's
// flip + rotation + jitter, the latter once per batch-preparation mode (background, the default, and inline). Runs are
// interleaved round by round, so drift in machine speed hits every variant alike. Per run, the epoch time is the
// median over epochs 2..E (epoch 1 includes JIT); per variant, the best run. Prints one JSON line per variant:
// {"variant":..., "preparation":..., "epoch_s":..., "overhead":...} where overhead = epoch_s / epoch_s(none) − 1.
// Timings are only meaningful on an otherwise idle machine.
using System.Globalization;
using System.Text.Json;
using Experiments.Engine;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Models;
using Experiments.ML.Training;
using Experiments.ML.Transforms;

namespace Experiments.Benchmarks.Commands;

public sealed class AugmentOverheadCommand : IBenchmarkCommand
{
    public string Name => "augment-overhead";
    public string Usage => "augment-overhead [--model mlp-32-32] [--epochs 4] [--rounds 2] [--threads 2] [--data DIR]";
    public string Description => "Epoch time of a preset with and without flip + rotation + jitter, per batch-preparation mode.";

    public int Run(string[] args)
    {
        string model = "mlp-32-32";
        string? data = null;
        int epochs = 4, rounds = 2, threads = 2;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--epochs": epochs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--data": data = Value(); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: {Usage}");
                    return 2;
            }
        }
        if (!ModelPresets.TryGet(model, out var preset) || epochs < 2 || rounds < 1 || threads < 1)
        {
            Console.Error.WriteLine($"usage: {Usage}; epochs >= 2, rounds and threads >= 1; presets: {string.Join(", ", ModelPresets.Names)}");
            return 2;
        }

        LoadedDataset dataset = DatasetLoader.LoadAsync("fashion-mnist", new DatasetResolverOptions { ExplicitDirectory = data, AllowDownload = false })
            .GetAwaiter().GetResult();
        var type = dataset.Train.ImageType;
        (string Name, bool Augment, BatchPreparation Preparation)[] variants =
        [
            ("none", false, BatchPreparation.Background),
            ("augmented", true, BatchPreparation.Background),
            ("augmented", true, BatchPreparation.Inline),
        ];
        var best = new double[variants.Length];
        Array.Fill(best, double.MaxValue);
        Console.Error.WriteLine($"{model}, {epochs} epochs x {rounds} rounds, threads {threads} of {Environment.ProcessorCount} cores");
        for (int round = 0; round < rounds; round++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                var options = new TrainerOptions
                {
                    Epochs = epochs,
                    BatchSize = preset.BatchSize,
                    Seed = 42,
                    Threads = threads,
                    Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = preset.LearningRate },
                };
                var fit = new FitOptions
                {
                    Augmentation = variants[v].Augment
                        ? AugmentationCatalog.Create(AugmentCommand.MlpVsCnnSteps, type.Channels, type.Height, type.Width)
                        : null,
                    BatchPreparation = variants[v].Preparation,
                };
                var result = TrainerCatalog.Preset(model, options).Fit(dataset.Train, fit: fit);
                var seconds = result.History.Epochs.Skip(1).Select(e => e.Seconds).Order().ToArray();
                double median = seconds[seconds.Length / 2];
                best[v] = Math.Min(best[v], median);
                Console.Error.WriteLine($"round {round + 1} {variants[v].Name}/{variants[v].Preparation}: epochs 2..{epochs} {string.Join(", ", seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} s");
            }
        }
        for (int v = 0; v < variants.Length; v++)
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["model"] = model,
                ["threads"] = threads,
                ["variant"] = variants[v].Name,
                ["preparation"] = variants[v].Preparation.ToString().ToLowerInvariant(),
                ["epoch_s"] = Math.Round(best[v], 4),
                ["overhead"] = Math.Round(best[v] / best[0] - 1, 3),
            }));
        return 0;
    }
}
