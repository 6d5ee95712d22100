// Trainer estimator and transformer: history and progress sanity, determinism, schema propagation, scoring and
// evaluation consistency, augmentation only on training batches, normalization, option validation.
using Experiments.ML.Data;
using Experiments.ML.Evaluation;
using Experiments.ML.Models;
using Experiments.ML.Training;
using static Experiments.ML.Tests.Training.TrainingTestData;

namespace Experiments.ML.Tests.Training;

public sealed class TrainerTests
{
    private static readonly MlpSpec Tiny = new() { Hidden = [16] };

    private static TrainerOptions Options(int epochs = 3) => new()
    {
        Epochs = epochs,
        BatchSize = 32,
        Seed = 11,
        Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam, LearningRate = 0.01 },
    };

    [Fact]
    public void History_and_progress_describe_the_run_on_fashion_mnist()
    {
        var progress = new RecordingProgress();
        var trainer = new MlpTrainer(new MlpSpec { Hidden = [32] }, Options(3) with { BatchSize = 50 });
        var model = trainer.Fit(Fashion(2000), fit: new FitOptions { Progress = progress });

        var epochs = model.History.Epochs;
        Assert.Equal(3, epochs.Count);
        Assert.Equal(StopReason.Completed, model.History.StopReason);
        Assert.Equal(3, model.History.BestEpoch);
        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch));
        Assert.True(epochs[2].TrainLoss < epochs[0].TrainLoss, $"train loss did not fall: {epochs[0].TrainLoss} → {epochs[2].TrainLoss}");
        Assert.True(epochs[2].TrainAccuracy > 0.6, $"train accuracy after 3 epochs is {epochs[2].TrainAccuracy}");
        foreach (var e in epochs)
        {
            Assert.NotNull(e.ValidationLoss);
            Assert.InRange(e.ValidationAccuracy!.Value, 0.3, 1.0);
            Assert.Equal(0.01, e.LearningRate);
            Assert.True(e.Seconds > 0 && e.SamplesPerSecond > 0);
        }
        // 10% stratified validation → 1800 training rows, 36 batches of 50.
        Assert.Equal([(1, 3, 36), (2, 3, 36), (3, 3, 36)], progress.Starts);
        Assert.Equal(3 * 36, progress.Batches.Count);
        Assert.Equal(epochs, progress.Ends);
        var last = progress.Batches[^1];
        Assert.Equal((3, 36, 36), (last.Epoch, last.Batch, last.BatchesPerEpoch));
        Assert.Equal(epochs[2].TrainLoss, last.Loss, 12);
        Assert.Equal(epochs[2].TrainAccuracy, last.Accuracy, 12);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights_and_history_another_seed_does_not()
    {
        var data = Synthetic(400);
        var spec = new MlpSpec { Hidden = [16], Dropout = 0.2, BatchNorm = true };
        ImageClassificationTransformer Fit(ulong seed) =>
            new MlpTrainer(spec, Options(2) with { Seed = seed }, SyntheticSchema).Fit(data, fit: new FitOptions { Augmentation = new NoiseAugmentation() });
        var a = Fit(5);
        var b = Fit(5);
        var c = Fit(6);
        AssertBitIdentical(Weights(a), Weights(b), "same seed");
        Assert.Equal(Untimed(a.History), Untimed(b.History));
        Assert.NotEqual(Weights(a), Weights(c));
    }

    [Fact]
    public void Batch_preparation_inline_or_background_gives_bit_identical_weights_and_history()
    {
        var data = Synthetic(400);
        var spec = new MlpSpec { Hidden = [16], Dropout = 0.2 };
        ImageClassificationTransformer Fit(BatchPreparation preparation) =>
            new MlpTrainer(spec, Options(2), SyntheticSchema).Fit(data, fit: new FitOptions { Augmentation = new NoiseAugmentation(), BatchPreparation = preparation });
        var background = Fit(BatchPreparation.Background);
        var inline = Fit(BatchPreparation.Inline);
        AssertBitIdentical(Weights(background), Weights(inline), "inline vs background");
        Assert.Equal(Untimed(background.History), Untimed(inline.History));
        Assert.Equal(BatchPreparation.Background, new FitOptions().BatchPreparation);
    }

    [Fact]
    public void A_lone_last_row_is_left_out_only_for_batch_norm_1d_networks()
    {
        // 5 full batches of 32 and one row: BatchNorm1d cannot take batch statistics of one row, so that epoch has
        // 5 batches (and trains instead of failing at the end of epoch 1); without BatchNorm1d the row is its own batch.
        var train = Synthetic(5 * 32 + 1);
        var validation = Synthetic(40, seed: 8);
        foreach (var (batchNorm, batches) in new[] { (true, 5), (false, 6) })
        {
            var progress = new RecordingProgress();
            var model = new MlpTrainer(new MlpSpec { Hidden = [16], BatchNorm = batchNorm }, Options(2), SyntheticSchema)
                .Fit(train, validation, new FitOptions { Progress = progress });
            Assert.Equal(StopReason.Completed, model.History.StopReason);
            Assert.Equal([(1, 2, batches), (2, 2, batches)], progress.Starts);
            Assert.Equal(batches, progress.Batches.Count(b => b.Epoch == 1));
        }
    }

    [Fact]
    public void Output_schema_adds_score_and_predicted_label_and_transform_produces_it()
    {
        var data = Synthetic(200);
        var trainer = new MlpTrainer(Tiny, Options(1), SyntheticSchema);
        var expected = trainer.GetOutputSchema(data.Schema);
        Assert.Equal(["Image", "Label", "Score", "PredictedLabel"], expected.Select(c => c.Name));
        Assert.Equal(new VectorDataViewType(4), expected["Score"].Type);
        Assert.Equal(data.LabelType, expected["PredictedLabel"].Type);

        var model = trainer.Fit(data);
        var scored = model.Transform(data);
        Assert.Equal(expected, scored.Schema);
        Assert.Equal(["c0", "c1", "c2", "c3"], model.ClassNames);

        float[] scores = scored.GetScores();
        int[] predicted = scored.GetPredictedLabels();
        Assert.Equal(200 * 4, scores.Length);
        for (int r = 0; r < 200; r++)
        {
            var row = scores.AsSpan(r * 4, 4);
            Assert.Equal(1.0, row.ToArray().Sum(), 5);
            Assert.Equal(TrainingLoss.ArgMax(row), predicted[r]);
        }
    }

    [Fact]
    public void A_mismatched_image_shape_fails_in_the_schema_check_and_in_fit()
    {
        var data = Synthetic(100); // 1×8×8
        var trainer = new MlpTrainer(Tiny, Options(1)); // expects 1×28×28
        var schemaError = Assert.Throws<DataException>(() => trainer.GetOutputSchema(data.Schema));
        var fitError = Assert.Throws<DataException>(() => trainer.Fit(data));
        Assert.Contains("Image<float32>[1,8,8]", schemaError.Message);
        Assert.Contains("[1,28,28]", schemaError.Message);
        Assert.Equal(schemaError.Message, fitError.Message);
    }

    [Fact]
    public void An_architecture_that_does_not_fit_the_input_is_named_by_key_path()
    {
        var spec = new Conv2dSpec { Blocks = [new ConvBlockSpec { OutChannels = 4, Kernel = 9 }] };
        var trainer = new Conv2dTrainer(spec, Options(1), SyntheticSchema);
        var error = Assert.Throws<ArchitectureException>(() => trainer.GetOutputSchema(Synthetic(50).Schema));
        Assert.StartsWith("blocks[0]", error.Path);
    }

    [Theory]
    [InlineData("epochs")]
    [InlineData("batch_size")]
    [InlineData("validation_fraction")]
    [InlineData("early_stopping.monitor")]
    [InlineData("scheduler.mode")]
    public void Bad_options_are_refused_with_the_key_and_the_value(string key)
    {
        var options = key switch
        {
            "epochs" => Options() with { Epochs = 0 },
            "batch_size" => Options() with { BatchSize = -3 },
            "validation_fraction" => Options() with { ValidationFraction = 1.5 },
            "early_stopping.monitor" => Options() with { EarlyStopping = new EarlyStoppingOptions { Monitor = "val_acc" } },
            _ => Options() with { Scheduler = new SchedulerOptions { Kind = SchedulerKind.Plateau, Mode = "maximum" } },
        };
        var error = Assert.Throws<ArgumentException>(() => new MlpTrainer(Tiny, options));
        Assert.Contains($"TrainerOptions.{key}", error.Message);
        Assert.Contains("found", error.Message);
    }

    [Fact]
    public void Evaluate_agrees_with_the_evaluator_on_scores_from_Score()
    {
        var data = Synthetic(300);
        var model = new MlpTrainer(Tiny, Options(2), SyntheticSchema).Fit(data.Take(200));
        var test = data.Skip(200);

        var pixels = new float[test.RowCount * 64];
        var labels = new int[test.RowCount];
        for (int r = 0; r < test.RowCount; r++) test.ReadRow(r, pixels.AsSpan(r * 64, 64), out labels[r]);
        var probabilities = new float[test.RowCount * 4];
        model.Score(pixels, test.RowCount, probabilities);
        var expected = MulticlassEvaluator.Evaluate(probabilities, labels, 4, model.ClassNames);

        var result = model.EvaluateWithPredictions(test);
        Assert.Equal(labels, result.Labels);
        AssertBitIdentical(probabilities, result.Probabilities.ToArray(), "probabilities (batched 256 vs one call)");
        Assert.Equal(expected.MicroAccuracy, result.Metrics.MicroAccuracy);
        Assert.Equal(expected.LogLoss, result.Metrics.LogLoss);
        Assert.Equal(expected.MacroF1, result.Metrics.MacroF1);
        Assert.Equal(result.Correct().Count(c => c) / (double)test.RowCount, result.Metrics.MicroAccuracy);
        Assert.Equal(expected.MicroAccuracy, model.Evaluate(test).MicroAccuracy);
    }

    [Fact]
    public void Augmentation_sees_only_training_batches()
    {
        var augmentation = new NoiseAugmentation();
        var data = Synthetic(400);
        var model = new MlpTrainer(Tiny, Options(3), SyntheticSchema).Fit(data, fit: new FitOptions { Augmentation = augmentation });
        // 360 training rows (10% validation), batch 32 → 12 batches per epoch; validation never goes through it.
        Assert.Equal(3 * 12, augmentation.Calls);
        Assert.Equal(3 * 360, augmentation.Images);
        model.Evaluate(data);
        model.Transform(data).GetScores();
        Assert.Equal(3 * 12, augmentation.Calls);
    }

    [Fact]
    public void Input_normalization_is_applied_in_training_and_scoring()
    {
        var schema = SyntheticSchema with { Mean = [0.5], Std = [0.25] };
        var data = Synthetic(100);
        var model = new MlpTrainer(Tiny, Options(1), schema).Fit(data);

        var pixels = new float[64];
        data.ReadRow(0, pixels, out _);
        var probabilities = new float[4];
        model.Score(pixels, 1, probabilities);

        var normalized = pixels.Select(p => (p - 0.5f) / 0.25f).ToArray();
        float[] manual;
        using (Experiments.Engine.Autograd.NoGrad())
            manual = model.Network.Call(Experiments.Engine.Tensor.FromArray(normalized, 1, 1, 8, 8)).Softmax(1).ToArray();
        AssertBitIdentical(manual, probabilities, "normalized scoring");

        var unnormalized = new MlpTrainer(Tiny, Options(1), SyntheticSchema).Fit(data);
        Assert.NotEqual(Weights(model), Weights(unnormalized));
    }

    [Fact]
    public void Presets_build_through_the_catalog_and_nll_and_mse_losses_train()
    {
        var trainer = TrainerCatalog.Preset("mlp-32-32", Options(1) with { Loss = LossKind.Nll });
        Assert.IsType<MlpSpec>(trainer.Spec);
        var data = Synthetic(200);
        foreach (var loss in new[] { LossKind.Nll, LossKind.Mse, LossKind.CrossEntropy })
        {
            var model = new MlpTrainer(Tiny, Options(2) with { Loss = loss, LabelSmoothing = loss == LossKind.CrossEntropy ? 0.1 : 0 }, SyntheticSchema).Fit(data);
            Assert.All(model.History.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss) && e.TrainLoss > 0, $"{loss}: {e}"));
        }
    }
}
