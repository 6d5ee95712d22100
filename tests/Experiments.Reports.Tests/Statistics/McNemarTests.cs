// McNemar's test against the committed goldens (exact fractions and libm erfc, cross-checked with scipy).
using Experiments.Reports.Statistics;
using Experiments.Reports.Tests.Support;

namespace Experiments.Reports.Tests.Statistics;

public class McNemarTests
{
    [Fact]
    public void Exact_binomial_p_values_match_the_goldens()
    {
        foreach (var g in Goldens.Statistics().GetProperty("mcnemarExact").EnumerateArray())
        {
            long b = g.GetProperty("b").GetInt64(), c = g.GetProperty("c").GetInt64();
            var result = McNemarTest.Exact(b, c);
            Assert.Equal(McNemarMethod.ExactBinomial, result.Method);
            // 1e-12: the log-space sum accumulates ~n rounding errors of 1e-16 each.
            Goldens.Close(g.GetProperty("p").GetDouble(), result.PValue, 1e-12, 1e-300, $"exact p for b={b}, c={c}");
        }
    }

    [Fact]
    public void Chi_square_p_values_and_statistics_match_the_goldens()
    {
        foreach (var g in Goldens.Statistics().GetProperty("mcnemarChiSquare").EnumerateArray())
        {
            long b = g.GetProperty("b").GetInt64(), c = g.GetProperty("c").GetInt64();
            var result = McNemarTest.ChiSquare(b, c);
            Assert.Equal(McNemarMethod.ChiSquareContinuityCorrected, result.Method);
            Goldens.Close(g.GetProperty("statistic").GetDouble(), result.Statistic, 1e-14, 0, $"X² for b={b}, c={c}");
            // 1e-12 relative also in the far tail (p ~ 1e-302): the continued fraction converges to ~1e-15.
            Goldens.Close(g.GetProperty("p").GetDouble(), result.PValue, 1e-12, 1e-320, $"chi-square p for b={b}, c={c}");
        }
    }

    [Theory]
    [InlineData(0, 25, McNemarMethod.ExactBinomial)]
    [InlineData(12, 13, McNemarMethod.ExactBinomial)]
    [InlineData(13, 13, McNemarMethod.ChiSquareContinuityCorrected)]
    [InlineData(412, 102, McNemarMethod.ChiSquareContinuityCorrected)]
    public void Test_uses_the_exact_form_up_to_25_discordant_samples(long b, long c, McNemarMethod expected) =>
        Assert.Equal(expected, McNemarTest.Test(b, c).Method);

    [Fact]
    public void Counts_from_predictions_split_discordant_samples_by_who_was_right()
    {
        int[] actual = [0, 1, 2, 0, 1, 2, 0];
        int[] a = [0, 1, 2, 1, 1, 0, 0];      // wrong at 3, 5
        int[] b = [0, 0, 2, 0, 2, 2, 1];      // wrong at 1, 4, 6
        var result = McNemarTest.Test(a, b, actual);
        Assert.Equal(3, result.OnlyFirstCorrect);   // 1, 4, 6
        Assert.Equal(2, result.OnlySecondCorrect);  // 3, 5
    }

    [Fact]
    public void Negative_counts_and_unpaired_predictions_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.Test(-1, 3));
        var e = Assert.Throws<ArgumentException>(() => McNemarTest.Test([0, 1], [0], [0, 1]));
        Assert.Contains("paired", e.Message);
    }

    [Fact]
    public void Chi_square_survival_is_one_at_zero_and_decreasing()
    {
        Assert.Equal(1.0, ChiSquareDistribution.SurvivalOneDegree(0));
        double previous = 1;
        for (double x = 0.01; x < 1400; x *= 1.7)
        {
            double p = ChiSquareDistribution.SurvivalOneDegree(x);
            Assert.True(p < previous && p >= 0, $"P(χ² ≥ {x}) = {p} is not below P at the previous point ({previous})");
            previous = p;
        }
        Goldens.Close(0.05, ChiSquareDistribution.SurvivalOneDegree(3.841458820694124), 1e-12, 0, "P(χ²₁ ≥ 3.8415)");
    }
}
