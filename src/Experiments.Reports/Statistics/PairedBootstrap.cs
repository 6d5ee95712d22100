// Paired bootstrap of the accuracy difference between two classifiers on the same test samples (Efron &
// Tibshirani 1993, ch. 13, percentile interval): resample the N test indices with replacement R times, take
// acc_A − acc_B on each resample, and report the 2.5th and 97.5th percentiles (numpy's default "linear"
// interpolation, Hyndman & Fan type 7). Seeded with our xoshiro256** stream, so the same seed gives the same interval.
using Experiments.Engine.Random;

namespace Experiments.Reports.Statistics;

/// <summary>A bootstrap confidence interval of acc(A) − acc(B), in fractions (0.031 = 3.1 points).</summary>
public sealed record BootstrapInterval(double ObservedDifference, double Lower, double Upper, double Level, int Resamples, ulong Seed);

/// <summary>Paired (same samples) bootstrap of an accuracy difference.</summary>
public static class PairedBootstrap
{
    /// <summary>Default number of resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Default seed, fixed so reports are reproducible.</summary>
    public const ulong DefaultSeed = 20260101;

    /// <summary>
    /// Percentile interval of acc(A) − acc(B) at <paramref name="level"/> (0.95 → [2.5%, 97.5%]).
    /// Per sample d_i = [A right] − [B right] ∈ {−1, 0, 1}; each resample draws N indices uniformly with replacement.
    /// </summary>
    public static BootstrapInterval AccuracyDifference(
        IReadOnlyList<int> predictedA, IReadOnlyList<int> predictedB, IReadOnlyList<int> actual,
        int resamples = DefaultResamples, ulong seed = DefaultSeed, double level = 0.95)
    {
        int n = actual.Count;
        if (predictedA.Count != n || predictedB.Count != n)
            throw new ArgumentException($"The bootstrap needs paired predictions: found {predictedA.Count} and {predictedB.Count} predictions for {n} labels.");
        if (n == 0)
            throw new ArgumentException("The bootstrap needs at least one test sample; found 0.", nameof(actual));
        if (resamples < 2)
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "The bootstrap needs at least 2 resamples; use 2000 or more.");
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be in (0, 1), e.g. 0.95.");

        var delta = new sbyte[n];                  // (N) d_i
        long observed = 0;
        for (int i = 0; i < n; i++)
        {
            delta[i] = (sbyte)((predictedA[i] == actual[i] ? 1 : 0) - (predictedB[i] == actual[i] ? 1 : 0));
            observed += delta[i];
        }

        var random = new RandomStream(seed);
        var differences = new double[resamples];   // (R)
        for (int r = 0; r < resamples; r++)
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += delta[random.NextInt(n)];
            differences[r] = (double)sum / n;
        }
        Array.Sort(differences);
        double tail = (1 - level) / 2;
        return new BootstrapInterval((double)observed / n, Percentile(differences, tail), Percentile(differences, 1 - tail), level, resamples, seed);
    }

    /// <summary>numpy.percentile's default (type 7): position q·(R − 1), linear between neighbours. <paramref name="sorted"/> ascending.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("Percentile of an empty list.", nameof(sorted));
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
