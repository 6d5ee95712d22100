// One run of a pipeline: train the planned architecture (with the invocation's augmentation and progress), evaluate
// it once on the test set, and write the run folder: model.zip (our manifest + safetensors weights, model.onnx and
// the ML.NET entries, report.json), report.json/.md/.html, metrics.csv, DVC files, checkpoints and train.log.
using System.Diagnostics;
using Experiments.Engine.NN;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Evaluation;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.Interop;
using Experiments.ML.Training;
using Experiments.Pipelines.Definitions;
using Experiments.Reports;
using Experiments.Reports.Json;
using Experiments.Reports.Model;
using Microsoft.Extensions.Logging;

namespace Experiments.Pipelines.Running;

/// <summary>What the invocation shares between its runs.</summary>
internal sealed record RunContext(
    PipelinePlan Plan,
    LoadedDataset Data,
    DatasetFingerprint Fingerprint,
    InputSchema InputSchema,
    IBatchTransform? Augmentation,
    AugmentationSummary? AugmentationSummary,
    EnvironmentInfo Environment,
    ArtifactLayout Layout);

/// <summary>The outcome of one run: its report (null when it failed before evaluation) and a one-line summary.</summary>
internal sealed record RunOutcome(string RunName, RunReport? Report, bool Succeeded, bool Cancelled, string Summary);

/// <summary>Trains, evaluates and writes one planned run.</summary>
internal static class RunExecutor
{
    /// <summary>Misclassified test images kept in the report.</summary>
    public const int MisclassifiedShown = 64;

    /// <summary>The K of TopKAccuracy in reports.</summary>
    public const int TopK = 3;

    public static RunOutcome Execute(RunContext context, PlannedRun run, ITrainingProgress progress, CancellationToken cancellationToken)
    {
        string folder = context.Layout.RunFolder(run.Name);
        using var log = new RunLog(Path.Combine(folder, "train.log"));
        log.Logger.LogInformation("Run {Run} of pipeline {Pipeline}: {Model} ({Parameters} parameters), seed {Seed}",
            run.Name, context.Plan.Name, run.ModelLabel, run.ParameterCount, run.Seed);
        foreach (var (key, value) in run.Settings) log.Logger.LogInformation("  {Key} = {Value}", key, value);

        var options = run.Options with { CheckpointDirectory = Path.Combine(folder, "checkpoints") };
        var trainer = new ImageClassificationTrainer(run.Architecture, options, context.InputSchema);
        var clock = Stopwatch.StartNew();
        ImageClassificationTransformer model;
        try
        {
            model = trainer.Fit(context.Data.Train, validation: null,
                new FitOptions { Augmentation = context.Augmentation, Progress = log.Tee(progress) }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Logger.LogError(e, "Training failed");
            return new RunOutcome(run.Name, null, false, false, $"training failed: {e.Message}");
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;
        var history = model.History;
        log.Logger.LogInformation("Training ended: {Reason}{Message}; best epoch {Best}; {Seconds:F1} s",
            history.StopReason, history.StopMessage is null ? "" : " (" + history.StopMessage + ")", history.BestEpoch, trainSeconds);

        clock.Restart();
        EvaluationResult evaluation = model.EvaluateWithPredictions(context.Data.Test, Math.Min(TopK, model.ClassCount));
        var metrics = evaluation.Metrics;
        double evaluationSeconds = clock.Elapsed.TotalSeconds;
        log.Logger.LogInformation("Test: MicroAccuracy {Micro:F4}, MacroAccuracy {Macro:F4}, LogLoss {LogLoss:F4} ({Seconds:F1} s)",
            metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss, evaluationSeconds);

        var report = BuildReport(context, run, model, evaluation, trainSeconds, evaluationSeconds);
        byte[] reportJson = ReportJsonWriter.ToBytes(report);
        ModelPackageWriter.Write(Path.Combine(folder, "model.zip"), new ModelPackageContent
        {
            Architecture = run.Architecture,
            InputSchema = context.InputSchema,
            ClassNames = model.ClassNames,
            Training = options with { CheckpointDirectory = null },
            Seed = run.Seed,
            Dataset = context.Fingerprint,
            Metrics = ModelPackageContent.MetricsFrom(metrics),
            Network = model.Network,
            ReportJson = reportJson,
            AdditionalEntries = ModelInterop.CreatePackageEntries(model.Network, context.InputSchema, model.ClassNames)
                .Select(e => new PackageEntry(e.Name, e.Data)).ToArray(),
        });
        ReportWriter.WriteRun(report, folder);
        log.Logger.LogInformation("Wrote model.zip and reports to {Folder}", folder);

        bool cancelled = history.StopReason == StopReason.Cancelled;
        bool succeeded = history.StopReason != StopReason.NonFinite;
        string summary = $"test acc {Format.Percent(metrics.MicroAccuracy)}, best epoch {history.BestEpoch}/{history.Epochs.Count}, {Format.Seconds(trainSeconds)} s"
            + (history.StopReason == StopReason.Completed ? "" : $", {history.StopReason}{(history.StopMessage is null ? "" : ": " + history.StopMessage)}");
        return new RunOutcome(run.Name, report, succeeded, cancelled, summary);
    }

    private static RunReport BuildReport(RunContext context, PlannedRun run, ImageClassificationTransformer model,
        EvaluationResult evaluation, double trainSeconds, double evaluationSeconds)
    {
        var test = context.Data.Test;
        var actual = evaluation.Labels;
        var predicted = evaluation.PredictedLabels;
        var shape = test.ImageType;
        var testPixels = new byte[(long)test.RowCount * shape.Size];
        for (int i = 0; i < test.RowCount; i++)
            test.Store.GetPixels(test.StoreRows[i]).CopyTo(testPixels.AsSpan(i * shape.Size, shape.Size));
        var misclassified = TestPredictions.SelectMisclassified(predicted, actual, testPixels, MisclassifiedShown, shape.Width, shape.Height * shape.Channels);

        var summary = model.Network.Summary([shape.Channels, shape.Height, shape.Width]);
        var layers = summary.Rows.Select(r => new LayerSummary(r.Name, r.Layer, "(" + string.Join(", ", r.OutputShape.Select(d => d < 0 ? "N" : d.ToString())) + ")", r.ParameterCount)).ToArray();
        var history = model.History;
        long samples = history.Epochs.Sum(e => (long)Math.Round(e.SamplesPerSecond * e.Seconds));
        return new RunReport(
            RunId: context.Layout.Id + "/" + ArtifactLayout.SafeName(run.Name),
            RunName: run.Name,
            Pipeline: context.Plan.Name,
            Model: new ModelSummary(ArchitectureText.Describe(run.Architecture, context.InputSchema.Shape, model.ClassCount), layers, summary.TotalParameters),
            Hyperparameters: run.Settings.Select(kv => new Hyperparameter(kv.Key, kv.Value)).ToArray(),
            Seed: (long)run.Seed,
            Dataset: new DatasetInfo(context.Plan.DatasetName, context.Fingerprint.Digest),
            History: history,
            TestMetrics: ReportMetrics.From(evaluation.Metrics),
            Predictions: new TestPredictions(predicted.ToArray(), actual.ToArray(), misclassified),
            Timings: new RunTimings(trainSeconds, evaluationSeconds, trainSeconds > 0 ? samples / trainSeconds : 0),
            Environment: context.Environment,
            Augmentation: context.AugmentationSummary);
    }
}
