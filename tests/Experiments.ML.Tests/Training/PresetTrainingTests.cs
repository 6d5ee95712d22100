// Every named preset trains through the trainer estimator and evaluates: three epochs on 1,000 Fashion-MNIST
// images must lower the training loss and beat chance on 500 held-out images, and the transformer's evaluation
// must cover every held-out row. (Accuracy targets are measured in benchmarks, not here.)
using Experiments.ML.Models;
using Experiments.ML.Training;

namespace Experiments.ML.Tests.Training;

public sealed class PresetTrainingTests
{
    public static TheoryData<string> Presets() => new(ModelPresets.Names);

    [Theory]
    [MemberData(nameof(Presets))]
    public void Every_preset_trains_and_evaluates(string preset)
    {
        var data = TrainingTestData.Fashion(1500);
        var train = data.Take(1000);
        var test = data.Skip(1000);
        var options = new TrainerOptions { Epochs = 3, BatchSize = 50, ValidationFraction = 0, Optimizer = new OptimizerOptions { LearningRate = 2e-3 } };

        var model = ImageClassificationTrainer.FromPreset(preset, options).Fit(train);
        var epochs = model.History.Epochs;
        Assert.Equal(3, epochs.Count);
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss, $"{preset}: train loss {epochs[0].TrainLoss:F4} → {epochs[^1].TrainLoss:F4} did not fall");

        var result = model.EvaluateWithPredictions(test);
        Assert.Equal(500, result.PredictedLabels.Count);
        Assert.True(result.Metrics.MicroAccuracy > 0.2, $"{preset}: test accuracy {result.Metrics.MicroAccuracy:F3} is near chance (0.1)");
    }
}
