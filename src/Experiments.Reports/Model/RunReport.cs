// The input model of a run report: plain records the command line fills from a finished run. Nothing here
// computes anything; the writers (Json, Markdown, Html, Csv) render it and the comparison reads it back.
using Experiments.ML.Training;

namespace Experiments.Reports.Model;

/// <summary>
/// Everything one finished run reports: identity, model, settings, data, per-epoch history, test metrics,
/// per-sample test predictions (for McNemar and the bootstrap across runs), timings and environment.
/// </summary>
/// <param name="RunId">Short unique id of the run (e.g. the folder's id part).</param>
/// <param name="RunName">Human name of the run, e.g. <c>cnn-s3-adam</c>; used in tables and sentences.</param>
/// <param name="Pipeline">Name of the pipeline definition the run came from.</param>
/// <param name="Model">Architecture description, layer table and parameter count.</param>
/// <param name="Hyperparameters">Ordered settings with flattened key paths (<c>optimizer.lr</c> → <c>0.01</c>).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Dataset">Dataset name and fingerprint (runs compare pairwise only on the same fingerprint).</param>
/// <param name="History">Per-epoch history, best epoch and stop reason.</param>
/// <param name="TestMetrics">The final evaluation on the test set.</param>
/// <param name="Predictions">Predicted and true label of every test sample, plus the misclassified images shown.</param>
/// <param name="Timings">Training and evaluation time.</param>
/// <param name="Environment">Where the run ran.</param>
/// <param name="Augmentation">The training augmentation steps and a preview grid; null when the run trained on unaugmented images.</param>
public sealed record RunReport(
    string RunId,
    string RunName,
    string Pipeline,
    ModelSummary Model,
    IReadOnlyList<Hyperparameter> Hyperparameters,
    long Seed,
    DatasetInfo Dataset,
    TrainingHistory History,
    ReportMetrics TestMetrics,
    TestPredictions Predictions,
    RunTimings Timings,
    EnvironmentInfo Environment,
    AugmentationSummary? Augmentation = null)
{
    /// <summary>Class names, one per class index (those of <see cref="TestMetrics"/>).</summary>
    public IReadOnlyList<string> ClassNames => TestMetrics.ClassNames;

    /// <summary>Mean seconds per epoch over the history; 0 when no epoch ran.</summary>
    public double MeanEpochSeconds => History.Epochs.Count == 0 ? 0 : History.Epochs.Average(e => e.Seconds);
}

/// <summary>
/// The augmentation a run trained with: one line per step (e.g. <c>random_rotation degrees=[-10, 10]</c>) and a PNG grid
/// of training images beside their augmented versions. report.json keeps the steps; the preview lives in report.html.
/// </summary>
public sealed record AugmentationSummary(IReadOnlyList<string> Steps, byte[]? PreviewPng);

/// <summary>One setting of a run: a flattened key path (<c>optimizer.lr</c>) and its value as text (invariant culture).</summary>
public sealed record Hyperparameter(string Key, string Value);

/// <summary>The model: a one-line architecture description, the layer table and the total parameter count.</summary>
/// <param name="Architecture">E.g. <c>conv2d: conv 1→10 k5, pool2, relu, conv 10→20 k5, pool2, relu, fc 320-50-10</c>.</param>
/// <param name="Layers">The summary table, one row per layer, in forward order.</param>
/// <param name="TotalParameters">Trainable parameters of the whole model.</param>
public sealed record ModelSummary(string Architecture, IReadOnlyList<LayerSummary> Layers, long TotalParameters);

/// <summary>One row of the model summary: layer name, type, output shape (e.g. <c>(N, 10, 24, 24)</c>) and parameters.</summary>
public sealed record LayerSummary(string Name, string Type, string OutputShape, long Parameters);

/// <summary>The dataset: its name and the fingerprint of its files (e.g. SHA-256 of the test set).</summary>
public sealed record DatasetInfo(string Name, string Fingerprint);

/// <summary>Wall-clock timings of the run.</summary>
/// <param name="TrainSeconds">Total training time, all epochs, validation included.</param>
/// <param name="EvaluationSeconds">Time of the final test evaluation.</param>
/// <param name="SamplesPerSecond">Training throughput over the whole run.</param>
public sealed record RunTimings(double TrainSeconds, double EvaluationSeconds, double SamplesPerSecond);

/// <summary>Where the run ran. <see cref="GitCommit"/> is null outside a git checkout.</summary>
public sealed record EnvironmentInfo(string Os, string Cpu, string DotNet, string LibraryVersion, string? GitCommit)
{
    /// <summary>Reads the current machine: OS description, CPU model (from /proc/cpuinfo when present) and core count, runtime.</summary>
    public static EnvironmentInfo Current(string libraryVersion, string? gitCommit) => new(
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        $"{ReadCpuModel()} ({System.Environment.ProcessorCount} logical cores)",
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        libraryVersion,
        gitCommit);

    /// <summary>The CPU model name from /proc/cpuinfo, or the process architecture where there is none.</summary>
    public static string ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        try
        {
            if (File.Exists(cpuInfo))
            {
                foreach (var line in File.ReadLines(cpuInfo))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var colon and > 0)
                        return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
