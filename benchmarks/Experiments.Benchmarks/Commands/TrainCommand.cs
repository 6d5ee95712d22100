// TrainCommand: `train --model PRESET [--epochs 15] [--batch B] [--lr LR] [--threads 2] [--seed 42]
//                [--patience 5] [--checkpoints DIR] [--data DIR] [--subset N]`.
//
// Trains a ModelPresets preset with ImageClassificationTrainer on Fashion-MNIST the way issue 4's acceptance
// check asks (Adam, ReduceLROnPlateau(max, factor 0.1, patience 3) on val_accuracy, early stopping on
// val_accuracy, 10% stratified validation carved from train), evaluates the test set once at the end and prints
// one JSON line per epoch on stderr and the result as one JSON line on stdout. Batch size and learning rate
// default to the preset's.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Models;
using Experiments.ML.Training;

namespace Experiments.Benchmarks.Commands;

public sealed class TrainCommand : IBenchmarkCommand
{
    public string Name => "train";
    public string Usage => "train --model PRESET [--epochs 15] [--batch B] [--lr LR] [--threads 2] [--seed 42] [--patience 5] [--checkpoints DIR] [--data DIR] [--subset N]";
    public string Description => "Trains a preset with the trainer estimator on Fashion-MNIST (Adam, plateau LR, early stopping) and prints test accuracy as JSON.";

    public int Run(string[] args)
    {
        string? model = null, data = null, checkpoints = null;
        int epochs = 15, threads = 2, patience = 5, subset = 0;
        int? batch = null;
        double? lr = null;
        ulong seed = 42;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--epochs": epochs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--lr": lr = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--patience": patience = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--subset": subset = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--checkpoints": checkpoints = Value(); break;
                case "--data": data = Value(); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: {Usage}");
                    return 2;
            }
        }
        if (model is null || !ModelPresets.TryGet(model, out var preset))
        {
            Console.Error.WriteLine($"usage: {Usage}; presets: {string.Join(", ", ModelPresets.Names)}");
            return 2;
        }

        LoadedDataset dataset = DatasetLoader.LoadAsync("fashion-mnist", new DatasetResolverOptions { ExplicitDirectory = data, AllowDownload = false })
            .GetAwaiter().GetResult();
        var options = new TrainerOptions
        {
            Epochs = epochs,
            BatchSize = batch ?? preset.BatchSize,
            Seed = seed,
            Threads = threads,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = lr ?? preset.LearningRate },
            Scheduler = new SchedulerOptions { Kind = SchedulerKind.Plateau, Monitor = "val_accuracy", Mode = "max", Factor = 0.1, Patience = 3 },
            EarlyStopping = new EarlyStoppingOptions { Monitor = "val_accuracy", Patience = patience },
            CheckpointDirectory = checkpoints,
        };
        var trainer = TrainerCatalog.Preset(model, options);
        ImageDataView train = subset > 0 ? dataset.Train.Take(subset) : dataset.Train;
        var clock = Stopwatch.StartNew();
        var result = trainer.Fit(train, fit: new FitOptions { Progress = new StderrProgress() });
        double trainSeconds = clock.Elapsed.TotalSeconds;
        var metrics = result.Evaluate(dataset.Test);

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["model"] = model,
            ["params"] = result.Network.ParameterCount(),
            ["epochs_run"] = result.History.Epochs.Count,
            ["best_epoch"] = result.History.BestEpoch,
            ["stop"] = result.History.StopReason.ToString(),
            ["best_val_acc"] = result.History.Epochs.FirstOrDefault(e => e.Epoch == result.History.BestEpoch)?.ValidationAccuracy,
            ["test_acc"] = metrics.MicroAccuracy,
            ["test_macro_f1"] = Math.Round(metrics.MacroF1, 5),
            ["test_log_loss"] = Math.Round(metrics.LogLoss, 5),
            ["train_s"] = Math.Round(trainSeconds, 1),
            ["batch"] = options.BatchSize,
            ["lr"] = options.Optimizer.LearningRate,
            ["threads"] = threads,
        }));
        return 0;
    }

    private sealed class StderrProgress : ITrainingProgress
    {
        public void OnEpochStart(int epoch, int epochs, int batches) { }
        public void OnBatchEnd(in BatchProgress progress) { }
        public void OnEpochEnd(EpochRecord r) => Console.Error.WriteLine(JsonSerializer.Serialize(r));
    }
}
