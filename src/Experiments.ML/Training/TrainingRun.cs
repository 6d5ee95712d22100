// TrainingRun: one Fit call. Construction builds (or restores from a checkpoint) the network, optimizer,
// scheduler and trackers; Run() is the training loop, in one method:
//
//   for each epoch e (0-based, from the checkpoint's position):
//     train mode; cursor.StartEpoch(e) (shuffle and augmentation draws depend only on (seed, e); the cursor
//     prepares batch b+1 on a background thread while batch b trains, with the same batches as a plain cursor);
//     for each batch: normalize → forward → loss → [non-finite loss? stop] → zero grad → backward → clip →
//                     [non-finite gradient? stop] → optimizer step → OneCycle step → metrics → progress →
//                     [cancelled? save a mid-epoch checkpoint and stop]
//     validate (eval mode, no grad) → history record → best-epoch tracker → epoch scheduler (plateau gets the
//     monitor) → early stop? → checkpoints (best.ckpt on improvement, last.ckpt always) → progress
//   restore the best weights (early stopping on) whatever ended the run.
//
// Monitors: val_loss / val_accuracy / train_loss / train_accuracy. Without a validation set, val_x reads train_x.
// Without early stopping the final weights are the last epoch's and BestEpoch is the last completed epoch.
// The learning rate of a record is the one of the epoch's last step (OneCycle moves it every batch).
// Non-finite: the loss and every gradient are checked before the step, so a bad batch never changes the
// weights; no checkpoint is written after it (the last good one stays) and the best weights are restored
// (the initial weights when no epoch finished).
using System.Diagnostics;
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Optim.Schedulers;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Models;

namespace Experiments.ML.Training;

internal sealed class TrainingRun : IDisposable
{
    public const string BestFileName = "best.ckpt";
    public const string LastFileName = "last.ckpt";

    private readonly TrainerOptions _options;
    private readonly int _classes;
    private readonly ImageDataView _train;
    private readonly ImageDataView? _validation;
    private readonly FitOptions _fit;
    private readonly SortedDictionary<string, string> _config;
    private readonly string? _checkpointDirectory;
    private readonly InputNormalizer _normalizer;
    private readonly Optimizer _optimizer;
    private readonly ILearningRateScheduler? _scheduler;
    private readonly Dropout[] _dropouts;
    private readonly BestEpochTracker? _tracker;
    private readonly string? _plateauMonitor;
    private readonly PrefetchingBatchCursor _cursor; // fills and augments the next batch while this one trains
    private readonly float[] _images;
    private readonly int[] _labels;
    private readonly Tensor _input;
    private readonly List<EpochRecord> _history = [];

    private StateDict? _bestState;
    private int _epochsCompleted;
    private int _batchesInEpoch;
    private long _step;
    private EpochSums _sums;
    private StopReason? _stopReason;
    private string? _stopMessage;

    /// <summary>
    /// True when the epoch's last batch would hold a single row and the network has a BatchNorm1d: batch statistics
    /// of one value per channel are undefined (PyTorch raises "Expected more than 1 value per channel when
    /// training"), so that row is left out of the epoch, as DataLoader(drop_last=True) would. It is a different row
    /// every epoch (the order is reshuffled), and the run stays deterministic.
    /// </summary>
    internal static bool DropsLoneLastRow(Module network, int rows, int batchSize) =>
        rows > batchSize && rows % batchSize == 1 && network.NamedModules().Any(m => m.Module is BatchNorm1d);

    public TrainingRun(ArchitectureSpec spec, TrainerOptions options, InputSchema schema,
        ImageDataView train, ImageDataView? validation, FitOptions fit)
    {
        _options = options;
        _train = train;
        _validation = validation;
        _fit = fit;
        _classes = train.LabelType.Count;
        _normalizer = new InputNormalizer(schema);
        _checkpointDirectory = fit.CheckpointDirectory ?? options.CheckpointDirectory;
        _config = TrainingConfigKey.Create(spec, options, schema, _classes, train, validation, fit.Augmentation);

        Network = ModelFactory.Create(spec, schema.Shape, _classes, new RandomStreams(options.Seed), options.Init);
        _dropouts = Network.NamedModules().Select(m => m.Module).OfType<Dropout>().ToArray();
        _cursor = new PrefetchingBatchCursor(train, new BatchCursorOptions
        {
            BatchSize = options.BatchSize, Shuffle = true, Seed = options.Seed, Transform = fit.Augmentation,
            DropLast = DropsLoneLastRow(Network, train.RowCount, options.BatchSize),
        }, background: fit.BatchPreparation == BatchPreparation.Background);
        _optimizer = TrainingComponents.CreateOptimizer(options.Optimizer, Network.Parameters());
        _scheduler = TrainingComponents.CreateScheduler(options.Scheduler, _optimizer, options.Epochs, _cursor.BatchCount);
        if (options.Scheduler.Kind == SchedulerKind.Plateau)
            _plateauMonitor = TrainingComponents.ResolveMonitor(options.Scheduler.Monitor, validation is not null);
        if (options.EarlyStopping is { } es)
        {
            string monitor = TrainingComponents.ResolveMonitor(es.Monitor, validation is not null);
            bool maximize = es.Mode is null ? monitor.EndsWith("accuracy", StringComparison.Ordinal) : es.Mode == "max";
            _tracker = new BestEpochTracker(monitor, maximize, es.Patience, es.MinDelta);
            _bestState = Network.StateDict().Clone();
        }

        var type = train.ImageType;
        _images = new float[options.BatchSize * type.Size];
        _labels = new int[options.BatchSize];
        _input = Tensor.Wrap(_images, options.BatchSize, type.Channels, type.Height, type.Width);

        if (_checkpointDirectory is not null) RemoveStaleTempFiles(_checkpointDirectory);
        if (fit.ResumeFrom is { } resume) Restore(resume);
    }

    /// <summary>The network being trained (the best weights after <see cref="Run"/> when early stopping is on).</summary>
    public Network Network { get; }

    /// <summary>Stops the prefetching thread.</summary>
    public void Dispose() => _cursor.Dispose();

    /// <summary>The training loop (see the file comment).</summary>
    public TrainingHistory Run(CancellationToken ct)
    {
        ITrainingProgress? progress = _fit.Progress;
        int batches = _cursor.BatchCount;
        for (int epoch = _epochsCompleted; epoch < _options.Epochs && _stopReason is null; epoch++)
        {
            Network.Train();
            _cursor.StartEpoch(epoch);
            for (int skip = 0; skip < _batchesInEpoch; skip++) // a mid-epoch checkpoint: replay the cursor (same draws)
                _cursor.MoveNext(_images, _labels, out _);
            progress?.OnEpochStart(epoch + 1, _options.Epochs, batches);
            var clock = Stopwatch.StartNew();
            double secondsBefore = _sums.Seconds;

            while (_cursor.MoveNext(_images, _labels, out int n))
            {
                ReadOnlySpan<int> labels = _labels.AsSpan(0, n);
                _normalizer.Apply(_images, n);
                Tensor logits = Network.Call(n == _options.BatchSize ? _input : _input.Narrow(0, 0, n));
                Tensor loss = TrainingLoss.Compute(_options.Loss, (float)_options.LabelSmoothing, logits, labels);
                float lossValue = loss.Item();
                if (!float.IsFinite(lossValue))
                {
                    StopNonFinite($"Non-finite loss {lossValue} at step {_step + 1} (epoch {epoch + 1}, batch {_batchesInEpoch + 1}): tensor 'loss'.");
                    break;
                }
                _optimizer.ZeroGrad();
                loss.Backward();
                if (_options.ClipGradNorm is { } maxNorm) ClipGrad.ByNorm(_optimizer.Parameters, maxNorm);
                if (_options.ClipGradValue is { } maxValue) ClipGrad.ByValue(_optimizer.Parameters, (float)maxValue);
                try
                {
                    NonFiniteCheck.ThrowIfNonFinite(Network, _step + 1, gradients: true, values: false, buffers: false);
                }
                catch (NonFiniteException e)
                {
                    StopNonFinite($"Non-finite gradient at step {e.Step} (epoch {epoch + 1}, batch {_batchesInEpoch + 1}): tensor '{e.TensorName}'. {e.Message}");
                    break;
                }
                _optimizer.Step();
                _step++;
                _sums.LastLearningRate = _optimizer.LearningRate;
                if (_scheduler is OneCycleLR oneCycle) oneCycle.Step();

                _sums.LossSum += (double)lossValue * n;
                _sums.Correct += TrainingLoss.CountCorrect(logits.Data, labels, _classes);
                _sums.Samples += n;
                _batchesInEpoch++;
                double seconds = secondsBefore + clock.Elapsed.TotalSeconds;
                progress?.OnBatchEnd(new BatchProgress(epoch + 1, _batchesInEpoch, batches,
                    _sums.LossSum / _sums.Samples, (double)_sums.Correct / _sums.Samples, _sums.Samples / Math.Max(seconds, 1e-9)));
                if (ct.IsCancellationRequested)
                {
                    _sums.Seconds = seconds;
                    _stopReason = StopReason.Cancelled;
                    _stopMessage = $"Cancelled after batch {_batchesInEpoch} of epoch {epoch + 1} (step {_step}).";
                    break;
                }
            }
            if (_stopReason is StopReason.NonFinite) break;                 // the last good checkpoint stays
            if (_stopReason is StopReason.Cancelled) { SaveLast(); break; }  // resumable mid-epoch

            var (valLoss, valAccuracy) = Validate();
            _sums.Seconds = secondsBefore + clock.Elapsed.TotalSeconds;
            var record = new EpochRecord(epoch + 1, _sums.LossSum / _sums.Samples, (double)_sums.Correct / _sums.Samples,
                valLoss, valAccuracy, _sums.LastLearningRate, _sums.Seconds, _sums.Samples / Math.Max(_sums.Seconds, 1e-9));
            _history.Add(record);
            _epochsCompleted = epoch + 1;
            _batchesInEpoch = 0;
            _sums = default;

            bool improved = _tracker?.Update(BestEpochTracker.Read(_tracker.Monitor, record), epoch + 1) ?? false;
            if (improved) _bestState = Network.StateDict().Clone();
            switch (_scheduler)
            {
                case ReduceLROnPlateau plateau: plateau.Step(BestEpochTracker.Read(_plateauMonitor!, record)); break;
                case LearningRateScheduler perEpoch and not OneCycleLR: perEpoch.Step(); break;
            }
            if (_epochsCompleted == _options.Epochs) _stopReason = StopReason.Completed;
            else if (_tracker is { ShouldStop: true })
            {
                _stopReason = StopReason.EarlyStopped;
                _stopMessage = $"{_tracker.Monitor} did not improve for {_tracker.Patience} epochs; best {_tracker.Best} at epoch {_tracker.BestEpoch}.";
            }
            if (improved) SaveCheckpoint(BestFileName);
            SaveLast();
            progress?.OnEpochEnd(record);
        }

        if (_tracker is not null) Network.LoadStateDict(_bestState!);
        int bestEpoch = _tracker?.BestEpoch ?? _epochsCompleted;
        return new TrainingHistory(_history.ToArray(), _stopReason ?? StopReason.Completed, bestEpoch, _stopMessage);
    }

    private void StopNonFinite(string message)
    {
        _stopReason = StopReason.NonFinite;
        _stopMessage = message;
    }

    /// <summary>Validation loss and accuracy (eval mode, no grad), or nulls without a validation set.</summary>
    private (double?, double?) Validate()
    {
        if (_validation is null) return (null, null);
        double lossSum = 0;
        long correct = 0;
        BatchInference.Run(Network, _normalizer, _validation, _options.BatchSize, (logits, labels, _) =>
        {
            lossSum += (double)TrainingLoss.Compute(_options.Loss, (float)_options.LabelSmoothing, logits, labels).Item() * labels.Length;
            correct += TrainingLoss.CountCorrect(logits.Data, labels, _classes);
        });
        return (lossSum / _validation.RowCount, (double)correct / _validation.RowCount);
    }

    private void SaveLast() => SaveCheckpoint(LastFileName);

    private void SaveCheckpoint(string fileName)
    {
        if (_checkpointDirectory is null) return;
        new TrainingCheckpoint(Capture()).Write(Path.Combine(_checkpointDirectory, fileName));
    }

    /// <summary>The complete state of the run as a checkpoint payload.</summary>
    private CheckpointPayload Capture()
    {
        OptimizerState optimizer = _optimizer.SaveState();
        SchedulerState? scheduler = _scheduler?.SaveState();
        return new CheckpointPayload
        {
            Config = _config,
            EpochsCompleted = _epochsCompleted,
            BatchesInEpoch = _batchesInEpoch,
            Step = _step,
            Partial = _batchesInEpoch == 0 ? null
                : new PartialEpochEntry(_sums.LossSum, _sums.Correct, _sums.Samples, _sums.Seconds, _sums.LastLearningRate),
            StopReason = _stopReason is StopReason.Cancelled ? null : _stopReason,
            StopMessage = _stopReason is StopReason.Cancelled ? null : _stopMessage,
            Model = Entries(Network.StateDict()),
            BestModel = _bestState is null ? [] : Entries(_bestState),
            Optimizer = new OptimizerEntry(optimizer.Optimizer, optimizer.Version, optimizer.Hyperparameters.ToDictionary(),
                optimizer.Parameters.Select(p => new ParameterEntry(p.Shape, p.Initialized, p.Scalars.ToDictionary(),
                    p.Buffers.ToDictionary(b => b.Key, b => TrainingCheckpoint.Encode(b.Value)))).ToList()),
            Scheduler = scheduler is null ? null : new SchedulerEntry(scheduler.Scheduler, scheduler.Version, scheduler.Values.ToDictionary()),
            DropoutStreams = _dropouts.Select(d => d.SaveRandomState()).ToList(),
            Tracker = _tracker?.Save() ?? new TrackerEntry(0, 0, 0),
            History = [.. _history],
        };
    }

    /// <summary>Restores everything from a checkpoint after checking it belongs to this configuration.</summary>
    private void Restore(string path)
    {
        CheckpointPayload saved = TrainingCheckpoint.Read(path).Payload;
        if (TrainingConfigKey.Difference(saved.Config, _config) is { } difference)
            throw new CheckpointException(path, $"the checkpoint was written by another configuration and cannot be resumed here: {difference}. Resume with the configuration it was written with, or start a new run (without ResumeFrom).");
        try
        {
            Network.LoadStateDict(ToStateDict(saved.Model));
            if (_tracker is not null)
            {
                _bestState = ToStateDict(saved.BestModel);
                _tracker.Load(saved.Tracker);
            }
            _optimizer.LoadState(new OptimizerState(saved.Optimizer.Optimizer, saved.Optimizer.Version, saved.Optimizer.Hyperparameters,
                saved.Optimizer.Parameters.Select(p => new ParameterState(p.Shape, p.Initialized, p.Scalars,
                    p.Buffers.ToDictionary(b => b.Key, b => TrainingCheckpoint.Decode(b.Value, p.Shape.Aggregate(1, (a, d) => a * d), $"optimizer buffer {b.Key}")))).ToList()));
            if (_scheduler is not null)
                _scheduler.LoadState(new SchedulerState(saved.Scheduler!.Scheduler, saved.Scheduler.Version, saved.Scheduler.Values));
            if (saved.DropoutStreams.Count != _dropouts.Length)
                throw new InvalidDataException($"expected {_dropouts.Length} dropout stream states, found {saved.DropoutStreams.Count}");
            for (int i = 0; i < _dropouts.Length; i++) _dropouts[i].LoadRandomState(saved.DropoutStreams[i]);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or StateDictException or FormatException or NullReferenceException)
        {
            throw new CheckpointException(path, $"the checkpoint matches this configuration but its state cannot be restored ({e.Message}). Start the run again.");
        }
        _epochsCompleted = saved.EpochsCompleted;
        _batchesInEpoch = saved.BatchesInEpoch;
        _step = saved.Step;
        if (saved.Partial is { } p)
            _sums = new EpochSums { LossSum = p.LossSum, Correct = p.Correct, Samples = p.Samples, Seconds = p.Seconds, LastLearningRate = p.LastLearningRate };
        _stopReason = saved.StopReason;
        _stopMessage = saved.StopMessage;
        _history.AddRange(saved.History);
    }

    private static List<TensorEntry> Entries(StateDict state) =>
        state.Select(kv => new TensorEntry(kv.Key, kv.Value.ShapeArray(), TrainingCheckpoint.Encode(kv.Value.Data))).ToList();

    private static StateDict ToStateDict(List<TensorEntry> entries) => TrainingCheckpoint.ToStateDict(entries);

    /// <summary>Deletes temp files a killed writer left behind (AtomicFile names them "&lt;file&gt;.tmp-&lt;guid&gt;").</summary>
    private static void RemoveStaleTempFiles(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (string file in Directory.EnumerateFiles(directory, "*.ckpt.tmp-*"))
            try { File.Delete(file); } catch (IOException) { }
    }

    /// <summary>Running sums of the current epoch.</summary>
    private struct EpochSums
    {
        public double LossSum;
        public long Correct;
        public long Samples;
        public double Seconds;
        public double LastLearningRate;
    }
}
