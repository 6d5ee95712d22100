// ModelPackageContent: everything ModelPackageWriter puts into a model.zip. The trainer fills it after the final
// evaluation; ONNX export and the ML.NET chain append AdditionalEntries.
using Experiments.Engine.NN;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Evaluation;
using Experiments.ML.Models;
using Experiments.ML.Training;

namespace Experiments.ML.Packaging;

/// <summary>
/// The content of a model package: the declarative architecture and input contract, class names, how it was
/// trained (options, seed, data), its final metrics, its weights (the network's state dict, buffers included) and
/// optional extra entries. The same content always gives the same package bytes.
/// </summary>
public sealed record ModelPackageContent
{
    /// <summary>The architecture spec the network was built from (stored declaratively, never as a type name).</summary>
    public required ArchitectureSpec Architecture { get; init; }

    /// <summary>Input shape and preprocessing (pixel scale, per-channel mean/std).</summary>
    public required InputSchema InputSchema { get; init; }

    /// <summary>Class names in label order; their count is the network's output width.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>The network whose state dict (parameters and persistent buffers) becomes <c>weights.safetensors</c>.</summary>
    public required Module Network { get; init; }

    /// <summary>The training configuration, when the model was trained by our trainer.</summary>
    public TrainerOptions? Training { get; init; }

    /// <summary>The root seed of the run.</summary>
    public ulong Seed { get; init; }

    /// <summary>The data the model was trained and evaluated on.</summary>
    public DatasetFingerprint? Dataset { get; init; }

    /// <summary>Final metrics by snake_case name (e.g. <c>micro_accuracy</c>); see <see cref="MetricsFrom"/>.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>
    /// When the package was made, if the caller wants it recorded. Deliberately not taken from the clock, so writing
    /// the same content twice gives the same bytes.
    /// </summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The evaluation report (<c>report.json</c>), UTF-8 JSON, or null for none.</summary>
    public byte[]? ReportJson { get; init; }

    /// <summary>Extra entries (ONNX model, ML.NET chain), written after the package's own entries in this order.</summary>
    public IReadOnlyList<PackageEntry> AdditionalEntries { get; init; } = [];

    /// <summary>The scalar metrics of an evaluation under their manifest names (snake_case).</summary>
    public static IReadOnlyDictionary<string, double> MetricsFrom(MulticlassClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["micro_accuracy"] = metrics.MicroAccuracy,
            ["macro_accuracy"] = metrics.MacroAccuracy,
            ["log_loss"] = metrics.LogLoss,
            ["log_loss_reduction"] = metrics.LogLossReduction,
            ["top_k_accuracy"] = metrics.TopKAccuracy,
            ["macro_f1"] = metrics.MacroF1,
            ["expected_calibration_error"] = metrics.ExpectedCalibrationError,
            ["rows"] = metrics.RowCount,
        };
    }
}
