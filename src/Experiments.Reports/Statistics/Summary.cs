// Mean and sample standard deviation (n − 1 denominator, numpy's std(ddof=1)) for seed groups.
namespace Experiments.Reports.Statistics;

/// <summary>Mean ± sample standard deviation of a set of values.</summary>
public readonly record struct MeanStd(double Mean, double Std, int Count)
{
    /// <summary>Mean and sample std (ddof = 1); std is NaN for a single value.</summary>
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("Mean of no values.", nameof(values));
        double mean = values.Average();
        if (values.Count == 1)
            return new MeanStd(mean, double.NaN, 1);
        double squares = 0;
        foreach (double v in values)
            squares += (v - mean) * (v - mean);
        return new MeanStd(mean, Math.Sqrt(squares / (values.Count - 1)), values.Count);
    }
}
