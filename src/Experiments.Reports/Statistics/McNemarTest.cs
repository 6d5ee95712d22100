// McNemar's test for two classifiers scored on the same test samples (McNemar 1947; Dietterich 1998, "Approximate
// Statistical Tests for Comparing Supervised Classification Learning Algorithms", section 3.1).
// Only the discordant samples matter: b = A right and B wrong, c = A wrong and B right. Under H0 (equal error
// rates) b ~ Binomial(b + c, 1/2).
//   exact:        p = min(1, 2 · Σ_{i=0..min(b,c)} C(n, i) / 2^n),  n = b + c      (scipy.stats.binomtest, two-sided)
//   chi-square:   X² = (|b − c| − 1)² / (b + c),  p = P(χ²₁ ≥ X²)                  (Edwards' continuity correction)
// The exact test is used while n ≤ ExactLimit (25, statsmodels' and Dietterich's rule of thumb for when the
// chi-square approximation becomes reasonable).
namespace Experiments.Reports.Statistics;

/// <summary>Which form of McNemar's test produced a p-value.</summary>
public enum McNemarMethod
{
    /// <summary>Exact two-sided binomial test on the discordant counts.</summary>
    ExactBinomial,
    /// <summary>Chi-square with one degree of freedom and Edwards' continuity correction.</summary>
    ChiSquareContinuityCorrected,
}

/// <summary>The result of McNemar's test: discordant counts, statistic (X², or min(b, c) for the exact test), p-value and method.</summary>
public sealed record McNemarResult(long OnlyFirstCorrect, long OnlySecondCorrect, double Statistic, double PValue, McNemarMethod Method)
{
    /// <summary>"exact binomial" or "chi-square with continuity correction", for sentences.</summary>
    public string MethodDescription => Method == McNemarMethod.ExactBinomial ? "exact binomial" : "chi-square with continuity correction";
}

/// <summary>McNemar's test on paired predictions.</summary>
public static class McNemarTest
{
    /// <summary>Largest discordant count b + c for which <see cref="Test(long, long)"/> uses the exact binomial form.</summary>
    public const long ExactLimit = 25;

    /// <summary>Counts b and c from per-sample predictions of two classifiers on the same labelled samples, then tests.</summary>
    public static McNemarResult Test(IReadOnlyList<int> predictedA, IReadOnlyList<int> predictedB, IReadOnlyList<int> actual)
    {
        if (predictedA.Count != actual.Count || predictedB.Count != actual.Count)
            throw new ArgumentException(
                $"McNemar's test needs paired predictions: found {predictedA.Count} and {predictedB.Count} predictions for {actual.Count} labels.");
        long b = 0, c = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            bool a = predictedA[i] == actual[i], bb = predictedB[i] == actual[i];
            if (a && !bb) b++;
            else if (!a && bb) c++;
        }
        return Test(b, c);
    }

    /// <summary>Exact when b + c ≤ <see cref="ExactLimit"/>, chi-square with continuity correction otherwise.</summary>
    public static McNemarResult Test(long onlyFirstCorrect, long onlySecondCorrect) =>
        onlyFirstCorrect + onlySecondCorrect <= ExactLimit
            ? Exact(onlyFirstCorrect, onlySecondCorrect)
            : ChiSquare(onlyFirstCorrect, onlySecondCorrect);

    /// <summary>Exact two-sided binomial form: p = min(1, 2 · P(X ≤ min(b, c))), X ~ Bin(b + c, 1/2); p = 1 when b + c = 0.</summary>
    public static McNemarResult Exact(long b, long c)
    {
        CheckCounts(b, c);
        long n = b + c, k = Math.Min(b, c);
        if (n == 0)
            return new McNemarResult(b, c, 0, 1, McNemarMethod.ExactBinomial);
        // C(n, k) as mantissa × 2^exponent (renormalised each step, so no overflow and no n·ln 2 rounding), then
        // Σ_{i≤k} C(n, i) / C(n, k) summed downward from the largest term, and one exact scaling by 2^(exponent − n).
        double mantissa = 1;
        long exponent = 0;
        for (long i = 1; i <= k; i++)
        {
            mantissa *= (double)(n - i + 1) / i;
            int e = Math.ILogB(mantissa);
            mantissa = Math.ScaleB(mantissa, -e);
            exponent += e;
        }
        double sum = 1, ratio = 1;
        for (long i = k; i >= 1 && ratio > 1e-18 * sum; i--)
        {
            ratio *= (double)i / (n - i + 1);
            sum += ratio;
        }
        long scale = exponent - n + 1;          // + 1: the two-sided factor 2
        double p = scale < -1100 ? 0 : Math.Min(1, Math.ScaleB(mantissa * sum, (int)scale));
        return new McNemarResult(b, c, k, p, McNemarMethod.ExactBinomial);
    }

    /// <summary>Chi-square form with continuity correction: X² = (|b − c| − 1)² / (b + c) (0 when |b − c| ≤ 1), p = P(χ²₁ ≥ X²).</summary>
    public static McNemarResult ChiSquare(long b, long c)
    {
        CheckCounts(b, c);
        long n = b + c;
        if (n == 0)
            return new McNemarResult(b, c, 0, 1, McNemarMethod.ChiSquareContinuityCorrected);
        double diff = Math.Max(0, Math.Abs(b - c) - 1);
        double statistic = diff * diff / n;
        return new McNemarResult(b, c, statistic, ChiSquareDistribution.SurvivalOneDegree(statistic), McNemarMethod.ChiSquareContinuityCorrected);
    }

    private static void CheckCounts(long b, long c)
    {
        if (b < 0 || c < 0)
            throw new ArgumentOutOfRangeException(nameof(b), $"Discordant counts must be 0 or more; found b = {b}, c = {c}.");
    }
}
