// PlanText: the `--dry-run` view of a plan, a plain-text table (no colours, no terminal assumptions).
using System.Globalization;
using System.Text;

namespace Experiments.Pipelines.Definitions;

/// <summary>Formats a <see cref="PipelinePlan"/> as the plain-text table <c>--dry-run</c> prints.</summary>
public static class PlanText
{
    /// <summary>
    /// A header (pipeline, dataset, validation split, augmentation) and one row per run with the columns run, model,
    /// params, optimizer, lr, activation, epochs, batch.
    /// </summary>
    public static string Format(PipelinePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("Pipeline ").Append(plan.Name).Append(": ").Append(plan.Runs.Count).Append(plan.Runs.Count == 1 ? " run" : " runs")
            .Append(" on ").Append(plan.DatasetName);
        if (plan.DatasetFolder is not null) sb.Append(" (").Append(plan.DatasetFolder).Append(')');
        sb.Append(", validation split ").Append(plan.ValidationSplit.ToString("R", inv)).Append('\n');
        if (plan.Description.Length > 0) sb.Append(plan.Description).Append('\n');
        sb.Append("Augmentation: ").Append(plan.Augmentation.Count == 0 ? "none" : string.Join(", ", plan.Augmentation.Select(a => a.Name))).Append('\n');
        sb.Append('\n');

        string[] header = ["run", "model", "params", "optimizer", "lr", "activation", "epochs", "batch"];
        var rows = plan.Runs.Select(r => new[]
        {
            r.Name,
            r.ModelLabel,
            r.ParameterCount.ToString("N0", inv),
            r.Settings["optimizer"],
            r.Settings["lr"],
            r.Settings["activation"],
            r.Options.Epochs.ToString(inv),
            r.Options.BatchSize.ToString(inv),
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        bool[] right = [false, false, true, false, true, false, true, true];
        void Row(string[] cells)
        {
            var line = string.Join("  ", cells.Select((c, i) => right[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i])));
            sb.Append(line.TrimEnd()).Append('\n');
        }
        Row(header);
        Row(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows) Row(row);
        return sb.ToString();
    }
}
