// Number formatting shared by every renderer: invariant culture always, fixed digits per kind of number.
using System.Globalization;

namespace Experiments.Reports;

/// <summary>Invariant-culture number formats for reports.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A metric in [0, 1] or a loss: 4 decimals ("0.8512"); "n/a" for NaN or infinity.</summary>
    public static string Metric(double value) => double.IsFinite(value) ? value.ToString("F4", Invariant) : "n/a";

    /// <summary>An optional metric: "—" when null.</summary>
    public static string Metric(double? value) => value is double v ? Metric(v) : "—";

    /// <summary>A fraction as percent with 2 decimals ("85.12%").</summary>
    public static string Percent(double fraction) => double.IsFinite(fraction) ? (fraction * 100).ToString("F2", Invariant) + "%" : "n/a";

    /// <summary>A difference of fractions in percentage points with 1 decimal ("3.1").</summary>
    public static string Points(double fraction) => (fraction * 100).ToString("F1", Invariant);

    /// <summary>Seconds with 2 decimals.</summary>
    public static string Seconds(double seconds) => seconds.ToString("F2", Invariant);

    /// <summary>An integer with thousands separators ("21,840").</summary>
    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>A p-value: 2 significant digits; scientific below 0.001 ("1.2e-20"); "&lt; 1e-300" at the double floor.</summary>
    public static string PValue(double p)
    {
        if (p <= 0) return "< 1e-300";
        if (p >= 0.001) return p.ToString("0.###", Invariant);
        string s = p.ToString("0.0e+0", Invariant);
        return s.Replace("e+", "e", StringComparison.Ordinal);
    }

    /// <summary>A learning rate or other small number for display: up to 6 significant digits ("0.0009", "1E-05").</summary>
    public static string Plain(double value) => value.ToString("G6", Invariant);
}
