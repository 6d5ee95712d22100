// Experiments.TrainingHost: trains a tiny MLP on the first 2,000 Fashion-MNIST test images, resuming from
// <checkpoints>/last.ckpt when it exists, and writes the outcome (history without timings, stop reason, best
// epoch, SHA-256 of the final weights) to <result> temp-then-rename. The kill test SIGKILLs it at random moments
// and checks that resuming from whatever is on disk ends exactly where an uninterrupted run ends.
// Usage: Experiments.TrainingHost <images.idx.gz> <labels.idx.gz> <checkpoints-dir> <result-file>
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Experiments.ML.Data;
using Experiments.ML.Data.Idx;
using Experiments.ML.Models;
using Experiments.ML.Training;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Experiments.TrainingHost <images.idx.gz> <labels.idx.gz> <checkpoints-dir> <result-file>");
    return 2;
}
var (imagesPath, labelsPath, checkpoints, resultPath) = (args[0], args[1], args[2], args[3]);

var set = IdxLabeledImages.Load(imagesPath, labelsPath, 10);
var data = new LabeledImageStore(set.Pixels, set.Count, 1, set.Height, set.Width, set.Labels,
    Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray()).AsView().Take(2000);

var options = new TrainerOptions
{
    Epochs = 20,
    BatchSize = 50,
    Seed = 2026,
    Threads = 1,
    Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = 3e-3 },
    Scheduler = new SchedulerOptions { Kind = SchedulerKind.Plateau, Monitor = "val_accuracy", Mode = "max", Patience = 2 },
    EarlyStopping = new EarlyStoppingOptions { Monitor = "val_loss", Patience = 20 },
    CheckpointDirectory = checkpoints,
};
string last = Path.Combine(checkpoints, "last.ckpt");
var model = new MlpTrainer(new MlpSpec { Hidden = [32], Dropout = 0.1 }, options)
    .Fit(data, fit: new FitOptions { ResumeFrom = File.Exists(last) ? last : null, Progress = new StdoutProgress() });

var text = new StringBuilder();
foreach (var e in model.History.Epochs) text.AppendLine((e with { Seconds = 0, SamplesPerSecond = 0 }).ToString());
text.AppendLine($"stop: {model.History.StopReason}, best epoch: {model.History.BestEpoch}");
var weights = model.Network.StateDict().Values.SelectMany(t => t.ToArray()).ToArray();
text.AppendLine($"weights: {Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(weights.AsSpan())))}");

string temp = resultPath + ".tmp";
File.WriteAllText(temp, text.ToString());
File.Move(temp, resultPath, overwrite: true);
return 0;

/// <summary>Prints "epoch N" when an epoch starts, so the kill test can time its kills from training progress.</summary>
internal sealed class StdoutProgress : ITrainingProgress
{
    public void OnEpochStart(int epoch, int epochs, int batches)
    {
        Console.Out.WriteLine($"epoch {epoch}");
        Console.Out.Flush();
    }

    public void OnBatchEnd(in BatchProgress progress) { }

    public void OnEpochEnd(EpochRecord record) { }
}
