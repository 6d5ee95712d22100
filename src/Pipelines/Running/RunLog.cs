// train.log of one run: a Serilog file logger (through Microsoft.Extensions.Logging) that receives the run's
// start, every epoch line, the evaluation and the outcome, and a progress tee that feeds it from the trainer's
// callbacks while the console progress keeps its own rendering. The log is streamed (flushed per line) rather than
// written temp-then-rename, so a crashed or killed run still leaves what it logged.
using Experiments.ML.Training;
using Experiments.Pipelines.Progress;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;

namespace Experiments.Pipelines.Running;

/// <summary>The train.log logger of one run; dispose to close the file.</summary>
internal sealed class RunLog : IDisposable
{
    private readonly Serilog.Core.Logger _serilog;
    private readonly SerilogLoggerFactory _factory;

    public RunLog(string path)
    {
        _serilog = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.File(path, outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} [{Level:u3}] {Message:lj}{NewLine}{Exception}", flushToDiskInterval: null, buffered: false)
            .CreateLogger();
        _factory = new SerilogLoggerFactory(_serilog, dispose: false);
        Logger = _factory.CreateLogger("run");
    }

    /// <summary>The logger writing to train.log.</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; }

    /// <summary>A progress sink that logs every epoch to train.log and forwards every event to <paramref name="inner"/>.</summary>
    public ITrainingProgress Tee(ITrainingProgress inner) => new TeeProgress(Logger, inner);

    public void Dispose()
    {
        _factory.Dispose();
        _serilog.Dispose();
    }

    private sealed class TeeProgress(Microsoft.Extensions.Logging.ILogger logger, ITrainingProgress inner) : ITrainingProgress
    {
        private int _epochs;

        public void OnEpochStart(int epoch, int epochs, int batches)
        {
            _epochs = epochs;
            logger.LogDebug("Epoch {Epoch}/{Epochs} starts: {Batches} batches", epoch, epochs, batches);
            inner.OnEpochStart(epoch, epochs, batches);
        }

        public void OnBatchEnd(in BatchProgress progress) => inner.OnBatchEnd(progress);

        public void OnEpochEnd(EpochRecord record)
        {
            logger.LogInformation("{Line}", PlainProgress.Format(record, _epochs));
            inner.OnEpochEnd(record);
        }
    }
}
