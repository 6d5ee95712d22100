// metrics.csv: one row per epoch (RFC 4180, invariant culture, empty cell for a missing validation value), the
// columns of EpochRecord, for spreadsheets and plotting tools.
using System.Globalization;
using System.Text;
using Experiments.ML.Training;
using Experiments.ML.Packaging;

namespace Experiments.Reports.Markdown;

/// <summary>Writes the per-epoch history as CSV.</summary>
public static class MetricsCsvWriter
{
    /// <summary>The header row.</summary>
    public const string Header = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second";

    /// <summary>Writes metrics.csv atomically.</summary>
    public static void Write(TrainingHistory history, string path) => AtomicFile.WriteAllText(path, Render(history));

    /// <summary>The CSV text: header, then one line per epoch ("\n" line ends).</summary>
    public static string Render(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var e in history.Epochs)
        {
            csv.Append(e.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(R(e.TrainLoss)).Append(',').Append(R(e.TrainAccuracy)).Append(',')
               .Append(R(e.ValidationLoss)).Append(',').Append(R(e.ValidationAccuracy)).Append(',')
               .Append(R(e.LearningRate)).Append(',').Append(R(e.Seconds)).Append(',').Append(R(e.SamplesPerSecond)).Append('\n');
        }
        return csv.ToString();
    }

    private static string R(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
