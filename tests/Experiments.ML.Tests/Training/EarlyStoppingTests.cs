// Early stopping and best weights: the validation labels are the training labels shifted by one class, so the
// better the model learns the training set the worse the validation loss gets after the first epoch. The best
// epoch is therefore epoch 1, and whatever ends the run its weights must be the ones of a 1-epoch run.
using Experiments.ML.Models;
using Experiments.ML.Training;
using static Experiments.ML.Tests.Training.TrainingTestData;

namespace Experiments.ML.Tests.Training;

public sealed class EarlyStoppingTests
{
    private static readonly MlpSpec Spec = new() { Hidden = [16] };

    private static TrainerOptions Options(int epochs, EarlyStoppingOptions? es) => new()
    {
        Epochs = epochs,
        BatchSize = 32,
        Seed = 3,
        Optimizer = new OptimizerOptions { LearningRate = 0.01 },
        EarlyStopping = es,
    };

    private static readonly Lazy<(Experiments.ML.Data.ImageDataView Train, Experiments.ML.Data.ImageDataView Validation)> Data = new(() =>
        (Synthetic(400, seed: 1), Synthetic(200, seed: 2, labelOf: (_, c) => (c + 1) % 4)));

    [Theory]
    [InlineData(2, 8, StopReason.EarlyStopped, 3)]   // patience 2: epochs 2 and 3 are worse → stop after 3
    [InlineData(10, 4, StopReason.Completed, 4)]     // patience 10: runs all 4 epochs, still restores epoch 1
    public void The_best_epochs_weights_are_restored_whatever_ended_the_run(int patience, int epochs, StopReason reason, int epochsRun)
    {
        var (train, validation) = Data.Value;
        var es = new EarlyStoppingOptions { Monitor = "val_loss", Patience = patience };
        var model = new MlpTrainer(Spec, Options(epochs, es), SyntheticSchema).Fit(train, validation);

        var losses = model.History.Epochs.Select(e => e.ValidationLoss!.Value).ToArray();
        Assert.True(losses.Skip(1).All(l => l > losses[0]), $"the construction must make later epochs worse: {string.Join(", ", losses)}");
        Assert.Equal(reason, model.History.StopReason);
        Assert.Equal(epochsRun, model.History.Epochs.Count);
        Assert.Equal(1, model.History.BestEpoch);

        var oneEpoch = new MlpTrainer(Spec, Options(1, null), SyntheticSchema).Fit(train, validation);
        AssertBitIdentical(Weights(oneEpoch), Weights(model), "restored best weights vs a 1-epoch run");
    }

    [Fact]
    public void Without_early_stopping_the_last_epoch_is_kept()
    {
        var (train, validation) = Data.Value;
        var three = new MlpTrainer(Spec, Options(3, null), SyntheticSchema).Fit(train, validation);
        var one = new MlpTrainer(Spec, Options(1, null), SyntheticSchema).Fit(train, validation);
        Assert.Equal(3, three.History.BestEpoch);
        Assert.NotEqual(Weights(one), Weights(three));
    }

    [Fact]
    public void Min_delta_makes_small_improvements_not_count()
    {
        var (train, _) = Data.Value;
        // Monitoring train accuracy with min_delta 1 (impossible to beat) stops after patience epochs, best = epoch 1.
        var es = new EarlyStoppingOptions { Monitor = "train_accuracy", Patience = 2, MinDelta = 1.0 };
        var model = new MlpTrainer(Spec, Options(10, es) with { ValidationFraction = 0 }, SyntheticSchema).Fit(train);
        Assert.Equal(StopReason.EarlyStopped, model.History.StopReason);
        Assert.Equal(3, model.History.Epochs.Count);
        Assert.Equal(1, model.History.BestEpoch);
        Assert.All(model.History.Epochs, e => Assert.Null(e.ValidationLoss));
    }

    [Fact]
    public void Without_validation_data_a_val_monitor_reads_the_training_metric()
    {
        var (train, _) = Data.Value;
        var es = new EarlyStoppingOptions { Monitor = "val_loss", Patience = 1 };
        var model = new MlpTrainer(Spec, Options(3, es) with { ValidationFraction = 0 }, SyntheticSchema).Fit(train);
        var trainLosses = model.History.Epochs.Select(e => e.TrainLoss).ToList();
        Assert.Equal(trainLosses.IndexOf(trainLosses.Min()) + 1, model.History.BestEpoch);
    }

    [Fact]
    public void Plateau_scheduler_reduces_the_learning_rate_on_the_monitor()
    {
        var (train, validation) = Data.Value;
        var options = Options(4, null) with
        {
            Scheduler = new SchedulerOptions { Kind = SchedulerKind.Plateau, Monitor = "val_loss", Mode = "min", Patience = 1, Factor = 0.5 },
        };
        var model = new MlpTrainer(Spec, options, SyntheticSchema).Fit(train, validation);
        // Val loss worsens from epoch 2 on: epoch 2 is the first bad epoch, epoch 3 the second → LR halves for epoch 4.
        Assert.Equal([0.01, 0.01, 0.01, 0.005], model.History.Epochs.Select(e => e.LearningRate));
    }
}
