// Checkpoints: resume continues bit-identically (from an epoch boundary and from a cancelled mid-epoch state),
// another configuration is refused with the difference named, a non-finite loss stops and leaves the last good
// checkpoint alone, cancellation saves and returns a partial result, and corrupt files are refused.
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Models;
using Experiments.ML.Tests.TestSupport;
using Experiments.ML.Training;
using static Experiments.ML.Tests.Training.TrainingTestData;

namespace Experiments.ML.Tests.Training;

public sealed class CheckpointTests
{
    // Dropout and batch norm (RNG and buffer state), augmentation (cursor RNG), early stopping (tracker, best weights).
    private static readonly MlpSpec Spec = new() { Hidden = [16, 16], Dropout = 0.2, BatchNorm = true };
    private static readonly ImageDataView Data = Synthetic(500, seed: 9);

    private static TrainerOptions Options(SchedulerKind scheduler) => new()
    {
        Epochs = 4,
        BatchSize = 32,
        Seed = 21,
        Optimizer = new OptimizerOptions { Kind = OptimizerKind.AdamW, LearningRate = 0.01, WeightDecay = 0.01 },
        Scheduler = scheduler == SchedulerKind.Plateau
            ? new SchedulerOptions { Kind = scheduler, Monitor = "val_accuracy", Mode = "max", Patience = 1 }
            : new SchedulerOptions { Kind = scheduler },
        EarlyStopping = new EarlyStoppingOptions { Monitor = "val_loss", Patience = 3 },
        ClipGradNorm = 5,
    };

    private static ImageClassificationTransformer Fit(TrainerOptions options, FitOptions fit, CancellationToken ct = default) =>
        new MlpTrainer(Spec, options, SyntheticSchema).Fit(Data, fit: fit with { Augmentation = new NoiseAugmentation() }, ct: ct);

    [Theory]
    [InlineData(SchedulerKind.Plateau, false)]
    [InlineData(SchedulerKind.OneCycle, false)]
    [InlineData(SchedulerKind.Plateau, true)]
    [InlineData(SchedulerKind.OneCycle, true)]
    public void Resume_continues_exactly_as_the_uninterrupted_run(SchedulerKind scheduler, bool midEpoch)
    {
        using var dir = new TempDirectory();
        var options = Options(scheduler);
        string afterEpoch2 = dir.File("after-epoch-2.ckpt");
        var reference = Fit(options, new FitOptions
        {
            CheckpointDirectory = dir.Sub("reference"),
            Progress = new RecordingProgress { OnEnd = r => { if (r.Epoch == 2) File.Copy(Path.Combine(dir.Path, "reference", "last.ckpt"), afterEpoch2); } },
        });

        string resumeFrom = afterEpoch2;
        if (midEpoch)
        {
            using var cancel = new CancellationTokenSource();
            var partial = Fit(options, new FitOptions { CheckpointDirectory = dir.Sub("cancelled"), Progress = new RecordingProgress(cancel, 3, 5) }, cancel.Token);
            Assert.Equal(StopReason.Cancelled, partial.History.StopReason);
            resumeFrom = Path.Combine(dir.Path, "cancelled", "last.ckpt");
            Assert.Equal(5, TrainingCheckpoint.Read(resumeFrom).BatchesInEpoch);
        }
        var resumed = Fit(options, new FitOptions { ResumeFrom = resumeFrom, CheckpointDirectory = dir.Sub("resumed") });

        AssertBitIdentical(Weights(reference), Weights(resumed), "final weights");
        Assert.Equal(Untimed(reference.History), Untimed(resumed.History));
        Assert.Equal((reference.History.StopReason, reference.History.BestEpoch), (resumed.History.StopReason, resumed.History.BestEpoch));
        var a = TrainingCheckpoint.Read(Path.Combine(dir.Path, "reference", "last.ckpt"));
        var b = TrainingCheckpoint.Read(Path.Combine(dir.Path, "resumed", "last.ckpt"));
        Assert.Equal(a.Step, b.Step);
    }

    [Fact]
    public void Resuming_another_configuration_is_refused_with_the_difference_named()
    {
        using var dir = new TempDirectory();
        var options = Options(SchedulerKind.None) with { Epochs = 1 };
        Fit(options, new FitOptions { CheckpointDirectory = dir.Path });
        string last = dir.File("last.ckpt");

        var lr = Assert.Throws<CheckpointException>(() =>
            Fit(options with { Optimizer = options.Optimizer with { LearningRate = 0.001 } }, new FitOptions { ResumeFrom = last }));
        Assert.Contains("optimizer.learning_rate: checkpoint 0.01, now 0.001", lr.Message);
        Assert.Equal(last, lr.FilePath);

        var arch = Assert.Throws<CheckpointException>(() =>
            new MlpTrainer(Spec with { Hidden = [16, 8] }, options, SyntheticSchema).Fit(Data, fit: new FitOptions { ResumeFrom = last, Augmentation = new NoiseAugmentation() }));
        Assert.Contains("architecture.hidden[1]: checkpoint 16, now 8", arch.Message);

        var data = Assert.Throws<CheckpointException>(() =>
            new MlpTrainer(Spec, options, SyntheticSchema).Fit(Synthetic(500, seed: 10), fit: new FitOptions { ResumeFrom = last, Augmentation = new NoiseAugmentation() }));
        Assert.Contains("data.train_fingerprint", data.Message);
    }

    [Fact]
    public void A_non_finite_loss_stops_names_the_step_and_keeps_the_last_good_checkpoint()
    {
        using var dir = new TempDirectory();
        byte[]? afterEpoch1 = null;
        var options = Options(SchedulerKind.None);
        var model = new MlpTrainer(Spec, options, SyntheticSchema).Fit(Data, fit: new FitOptions
        {
            CheckpointDirectory = dir.Path,
            Augmentation = new PoisonAugmentation(atCall: 15 + 3), // 450 training rows / 32 = 15 batches per epoch: epoch 2, batch 3
            Progress = new RecordingProgress { OnEnd = r => { if (r.Epoch == 1) afterEpoch1 = File.ReadAllBytes(dir.File("last.ckpt")); } },
        });

        Assert.Equal(StopReason.NonFinite, model.History.StopReason);
        Assert.Contains("step 18 (epoch 2, batch 3)", model.History.StopMessage);
        Assert.Contains("'loss'", model.History.StopMessage);
        Assert.Single(model.History.Epochs);
        Assert.Equal(afterEpoch1, File.ReadAllBytes(dir.File("last.ckpt")));
        Assert.All(Weights(model), w => Assert.True(float.IsFinite(w)));
        Assert.Equal(1, model.History.BestEpoch);
    }

    [Fact]
    public void Cancellation_finishes_the_batch_saves_and_returns_a_partial_result()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        var progress = new RecordingProgress(cancel, 2, 4);
        var model = Fit(Options(SchedulerKind.None), new FitOptions { CheckpointDirectory = dir.Path, Progress = progress }, cancel.Token);

        Assert.Equal(StopReason.Cancelled, model.History.StopReason);
        Assert.Single(model.History.Epochs);
        Assert.Equal((2, 4), (progress.Batches[^1].Epoch, progress.Batches[^1].Batch));
        var checkpoint = TrainingCheckpoint.Read(dir.File("last.ckpt"));
        Assert.Equal((1, 4, 15 + 4L), (checkpoint.EpochsCompleted, checkpoint.BatchesInEpoch, checkpoint.Step));
        Assert.Null(checkpoint.StopReason);
    }

    [Fact]
    public void Corrupt_truncated_and_foreign_files_are_refused_with_the_problem_named()
    {
        using var dir = new TempDirectory();
        Fit(Options(SchedulerKind.None) with { Epochs = 1 }, new FitOptions { CheckpointDirectory = dir.Path });
        byte[] good = File.ReadAllBytes(dir.File("last.ckpt"));

        string flipped = dir.File("flipped.ckpt");
        byte[] bad = (byte[])good.Clone();
        bad[^100] ^= 0x40;
        File.WriteAllBytes(flipped, bad);
        Assert.Contains("checksum mismatch", Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Read(flipped)).Message);

        string truncated = dir.File("truncated.ckpt");
        File.WriteAllBytes(truncated, good[..(good.Length / 2)]);
        Assert.Contains("truncated or corrupt", Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Read(truncated)).Message);

        string newer = dir.File("newer.ckpt");
        bad = (byte[])good.Clone();
        bad[8] = 9;
        File.WriteAllBytes(newer, bad);
        Assert.Contains("version 9 is not supported", Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Read(newer)).Message);

        string foreign = dir.File("foreign.ckpt");
        File.WriteAllText(foreign, "PK\u0003\u0004 not a checkpoint at all, but long enough for a header.....");
        Assert.Contains("not a training checkpoint", Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Read(foreign)).Message);

        var resumeError = Assert.Throws<CheckpointException>(() => Fit(Options(SchedulerKind.None), new FitOptions { ResumeFrom = flipped }));
        Assert.Equal(flipped, resumeError.FilePath);
    }

    [Fact]
    public void LoadWeights_puts_the_best_weights_of_a_checkpoint_into_a_fresh_network()
    {
        using var dir = new TempDirectory();
        var model = Fit(Options(SchedulerKind.None) with { Epochs = 2 }, new FitOptions { CheckpointDirectory = dir.Path });
        var checkpoint = TrainingCheckpoint.Read(dir.File("last.ckpt"));
        var fresh = ModelFactory.Create(Spec, SyntheticSchema.Shape, 4, new RandomStreams(999));
        checkpoint.LoadWeights(fresh, best: true);
        AssertBitIdentical(Weights(model), fresh.StateDict().Values.SelectMany(t => t.ToArray()).ToArray(), "best weights from the checkpoint");
    }

    /// <summary>Writes NaN into the batch of call <c>atCall</c> (1-based).</summary>
    private sealed class PoisonAugmentation(int atCall) : IBatchTransform
    {
        private int _calls;

        public void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random)
        {
            if (++_calls == atCall) images[0] = float.NaN;
        }
    }
}
