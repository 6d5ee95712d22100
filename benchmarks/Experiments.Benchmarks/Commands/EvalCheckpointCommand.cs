// EvalCheckpointCommand: `eval-checkpoint --model PRESET --checkpoint FILE [--best] [--data DIR]`.
// Loads a training checkpoint's weights (or best weights) into the preset's network and prints the Fashion-MNIST
// test accuracy as one JSON line, so a long `train` run can be checked while it is still going.
using System.Globalization;
using System.Text.Json;
using Experiments.Engine;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Models;
using Experiments.ML.Training;

namespace Experiments.Benchmarks.Commands;

public sealed class EvalCheckpointCommand : IBenchmarkCommand
{
    public string Name => "eval-checkpoint";
    public string Usage => "eval-checkpoint --model PRESET --checkpoint FILE [--best] [--data DIR]";
    public string Description => "Evaluates a training checkpoint of a preset on the Fashion-MNIST test set (JSON line).";

    public int Run(string[] args)
    {
        string? model = null, checkpointPath = null, data = null;
        bool best = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--checkpoint": checkpointPath = Value(); break;
                case "--best": best = true; break;
                case "--data": data = Value(); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: {Usage}");
                    return 2;
            }
        }
        if (model is null || checkpointPath is null || !ModelPresets.TryGet(model, out var preset))
        {
            Console.Error.WriteLine($"usage: {Usage}; presets: {string.Join(", ", ModelPresets.Names)}");
            return 2;
        }
        var checkpoint = TrainingCheckpoint.Read(checkpointPath);
        Network network = ModelFactory.Create(preset.Spec, InputShape.Mnist, 10, new RandomStreams(0));
        checkpoint.LoadWeights(network, best);
        network.Eval();

        LoadedDataset dataset = DatasetLoader.LoadAsync("fashion-mnist", new DatasetResolverOptions { ExplicitDirectory = data, AllowDownload = false })
            .GetAwaiter().GetResult();
        double testAccuracy = TestAccuracy.Of(network, dataset.Test, batch: 500);
        var epochs = checkpoint.History;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["model"] = model,
            ["checkpoint_epochs"] = checkpoint.EpochsCompleted,
            ["weights"] = best ? "best" : "current",
            ["best_val_acc"] = epochs.Count == 0 ? null : epochs.Max(e => e.ValidationAccuracy),
            ["test_acc"] = testAccuracy,
        }));
        return 0;
    }
}
