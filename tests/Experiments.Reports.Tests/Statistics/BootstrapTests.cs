// The paired bootstrap cannot match numpy bit for bit (different generator), so its properties are tested:
// determinism per seed, the interval contains the observed difference, it narrows with n, and the percentile
// rule matches numpy's.
using Experiments.Engine.Random;
using Experiments.Reports.Statistics;
using Experiments.Reports.Tests.Support;

namespace Experiments.Reports.Tests.Statistics;

public class BootstrapTests
{
    private static (int[] A, int[] B, int[] Actual) Pair(int n, double accA, double accB, ulong seed)
    {
        var random = new RandomStream(seed);
        var actual = new int[n];
        var a = new int[n];
        var b = new int[n];
        for (int i = 0; i < n; i++)
        {
            actual[i] = random.NextInt(10);
            a[i] = random.NextDouble() < accA ? actual[i] : (actual[i] + 1) % 10;
            b[i] = random.NextDouble() < accB ? actual[i] : (actual[i] + 2) % 10;
        }
        return (a, b, actual);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_intervals_and_another_seed_differs()
    {
        var (a, b, actual) = Pair(3000, 0.9, 0.87, 5);
        var first = PairedBootstrap.AccuracyDifference(a, b, actual, 2000, seed: 42);
        var again = PairedBootstrap.AccuracyDifference(a, b, actual, 2000, seed: 42);
        var other = PairedBootstrap.AccuracyDifference(a, b, actual, 2000, seed: 43);
        Assert.Equal(BitConverter.DoubleToInt64Bits(first.Lower), BitConverter.DoubleToInt64Bits(again.Lower));
        Assert.Equal(BitConverter.DoubleToInt64Bits(first.Upper), BitConverter.DoubleToInt64Bits(again.Upper));
        Assert.True(first.Lower != other.Lower || first.Upper != other.Upper, $"seeds 42 and 43 gave the same interval [{first.Lower}, {first.Upper}]");
    }

    [Theory]
    [InlineData(200, 0.8, 0.8, 1UL)]
    [InlineData(1000, 0.9, 0.85, 2UL)]
    [InlineData(5000, 0.7, 0.72, 3UL)]
    public void Interval_contains_the_observed_difference(int n, double accA, double accB, ulong seed)
    {
        var (a, b, actual) = Pair(n, accA, accB, seed);
        var ci = PairedBootstrap.AccuracyDifference(a, b, actual);
        double observed = (a.Zip(actual).Count(p => p.First == p.Second) - b.Zip(actual).Count(p => p.First == p.Second)) / (double)n;
        Assert.Equal(observed, ci.ObservedDifference, 12);
        Assert.True(ci.Lower <= observed && observed <= ci.Upper, $"observed {observed} outside [{ci.Lower}, {ci.Upper}]");
        Assert.True(ci.Lower < ci.Upper, $"degenerate interval [{ci.Lower}, {ci.Upper}]");
    }

    [Fact]
    public void Interval_narrows_as_the_test_set_grows()
    {
        double Width(int n)
        {
            var (a, b, actual) = Pair(n, 0.88, 0.85, 11);
            var ci = PairedBootstrap.AccuracyDifference(a, b, actual);
            return ci.Upper - ci.Lower;
        }
        double small = Width(500), large = Width(8000);
        // Width scales like 1/√n: 16× the samples should give about a quarter of the width.
        Assert.True(large < small / 2.5, $"width at n=8000 ({large}) is not well below width at n=500 ({small})");
    }

    [Theory]
    [InlineData(5000, 0.88, 0.85, 21UL)]
    [InlineData(3000, 0.60, 0.30, 22UL)]     // many discordant samples
    [InlineData(4000, 0.995, 0.99, 23UL)]    // few discordant samples
    public void Discordant_count_sampling_matches_naive_index_resampling(int n, double accA, double accB, ulong seed)
    {
        // The oracle: R resamples of N uniform indices each, summing d_i directly.
        var (a, b, actual) = Pair(n, accA, accB, seed);
        var delta = Enumerable.Range(0, n).Select(i => (a[i] == actual[i] ? 1 : 0) - (b[i] == actual[i] ? 1 : 0)).ToArray();
        var random = new RandomStream(99);
        var naive = new double[4000];
        for (int r = 0; r < naive.Length; r++)
        {
            long sum = 0;
            for (int i = 0; i < n; i++) sum += delta[random.NextInt(n)];
            naive[r] = (double)sum / n;
        }
        Array.Sort(naive);
        var fast = PairedBootstrap.AccuracyDifference(a, b, actual, resamples: 4000);
        double sd = Math.Sqrt(delta.Count(d => d != 0)) / n;   // ≈ the bootstrap standard error
        // Two Monte Carlo estimates of the same percentile differ by a few % of the standard error; allow 15%.
        Goldens.Close(PairedBootstrap.Percentile(naive, 0.025), fast.Lower, 0, 0.15 * sd, $"2.5% bound (n={n}, sd={sd})");
        Goldens.Close(PairedBootstrap.Percentile(naive, 0.975), fast.Upper, 0, 0.15 * sd, $"97.5% bound (n={n}, sd={sd})");
    }

    [Theory]
    [InlineData(10, 0.3)]
    [InlineData(1000, 0.02)]
    [InlineData(10000, 0.5)]
    [InlineData(7, 0.0)]
    [InlineData(7, 1.0)]
    public void Binomial_cdf_table_matches_the_exact_pmf(int n, double p)
    {
        var cdf = PairedBootstrap.BinomialCdf(n, p);
        Assert.Equal(n + 1, cdf.Length);
        Assert.Equal(1.0, cdf[^1]);
        double exact = 0;
        for (int k = 0; k <= Math.Min(n, 40); k++)
        {
            // log C(n,k) + k log p + (n−k) log(1−p), summed directly as the oracle
            double logPmf = 0;
            for (int i = 1; i <= k; i++) logPmf += Math.Log((double)(n - k + i) / i);
            double pmf = p == 0 ? (k == 0 ? 1 : 0) : p == 1 ? (k == n ? 1 : 0) : Math.Exp(logPmf + k * Math.Log(p) + (n - k) * Math.Log(1 - p));
            exact += pmf;
            Goldens.Close(exact, cdf[k], 1e-10, 1e-300, $"P(X ≤ {k}) for Bin({n}, {p})");
        }
    }

    [Fact]
    public void Percentile_matches_numpy_linear_interpolation()
    {
        foreach (var g in Goldens.Statistics().GetProperty("percentiles").EnumerateArray())
        {
            var values = g.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var qs = g.GetProperty("q").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var expected = g.GetProperty("expected").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int i = 0; i < qs.Length; i++)
                Goldens.Close(expected[i], PairedBootstrap.Percentile(values, qs[i]), 1e-13, 1e-15, $"percentile q={qs[i]} of {values.Length} values");
        }
    }

    [Fact]
    public void Mean_and_sample_std_match_numpy_ddof_1()
    {
        foreach (var g in Goldens.Statistics().GetProperty("meanStd").EnumerateArray())
        {
            var values = g.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var result = MeanStd.Of(values);
            Goldens.Close(g.GetProperty("mean").GetDouble(), result.Mean, 1e-14, 0, $"mean of {values.Length}");
            Goldens.Close(g.GetProperty("std").GetDouble(), result.Std, 1e-12, 0, $"std(ddof=1) of {values.Length}");
        }
        Assert.True(double.IsNaN(MeanStd.Of([0.9]).Std), "the sample std of one value must be NaN, not 0");
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_value()
    {
        int[] x = [1, 2, 3];
        Assert.Throws<ArgumentException>(() => PairedBootstrap.AccuracyDifference(x, [1, 2], x));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.AccuracyDifference(x, x, x, resamples: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.AccuracyDifference(x, x, x, level: 1.5));
    }
}
