// Tests of the seeded random streams: the generator against values from an independent transcription of the
// reference xoshiro256** and SplitMix64 C code (Python, arbitrary-precision integers masked to 64 bits),
// stream independence, exact resume from saved state, and the distribution helpers.
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.Rng;

public sealed class RandomStreamTests
{
    [Theory]
    [InlineData(0UL, new[] { 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL, 0x6aa594f1262d2d2cUL })]
    [InlineData(42UL, new[] { 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL, 0xecb8ad4703b360a1UL })]
    public void Generator_matches_the_reference_xoshiro256starstar(ulong seed, ulong[] expected)
    {
        var stream = new RandomStream(seed);
        ulong[] actual = [.. Enumerable.Range(0, expected.Length).Select(_ => stream.NextUInt64())];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Stream_seed_derivation_is_stable_across_processes()
    {
        // FNV-1a of "shuffle", mixed with root seed 42 (same Python transcription).
        Assert.Equal(0xfe0ddfd61b706bcfUL, RandomStreams.Derive(42, "shuffle"));
    }

    [Fact]
    public void Named_streams_are_independent_of_each_other()
    {
        var streams = new RandomStreams(7);
        RandomStream a1 = streams.Stream(RandomStreams.Names.Init);
        RandomStream b = streams.Stream(RandomStreams.Names.Dropout);
        double first = a1.NextDouble();
        // Drawing from another stream does not move this one.
        for (int i = 0; i < 1000; i++) b.NextDouble();
        RandomStream a2 = streams.Stream(RandomStreams.Names.Init);
        Assert.Equal(first, a2.NextDouble());
        Assert.NotEqual(streams.Stream("init").NextUInt64(), streams.Stream("dropout").NextUInt64());
        Assert.NotEqual(streams.Stream("shuffle", 0).NextUInt64(), streams.Stream("shuffle", 1).NextUInt64());
    }

    [Fact]
    public void Saved_state_resumes_exactly_including_the_cached_normal()
    {
        var stream = new RandomStream(123);
        stream.NextNormal(); // leaves a spare normal in the state
        RandomStreamState saved = stream.SaveState();
        Assert.True(saved.HasSpareNormal);
        double[] expected = [.. Enumerable.Range(0, 50).Select(i => i % 3 == 0 ? stream.NextNormal() : stream.NextDouble())];

        RandomStream restored = RandomStream.FromState(saved);
        double[] actual = [.. Enumerable.Range(0, 50).Select(i => i % 3 == 0 ? restored.NextNormal() : restored.NextDouble())];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Reseed_restarts_exactly_like_a_new_stream_dropping_the_cached_normal()
    {
        var reused = new RandomStream(5);
        reused.NextNormal(); // leaves a spare normal that Reseed must drop
        reused.Reseed(987654321);
        var fresh = new RandomStream(987654321);
        Assert.Equal(fresh.SaveState(), reused.SaveState());
        double[] expected = [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? fresh.NextNormal() : fresh.NextDouble())];
        double[] actual = [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? reused.NextNormal() : reused.NextDouble())];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void All_zero_state_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => RandomStream.FromState(new RandomStreamState(0, 0, 0, 0, false, 0)));
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void NextInt_is_in_range_and_roughly_uniform()
    {
        var stream = new RandomStream(99);
        var counts = new int[10];
        const int draws = 100_000;
        for (int i = 0; i < draws; i++) counts[stream.NextInt(10)]++;
        // Chi-square with 9 degrees of freedom; 27.88 is the 0.999 quantile. Deterministic seed, so not flaky.
        double chi2 = counts.Sum(c => (c - draws / 10.0) * (c - draws / 10.0) / (draws / 10.0));
        Assert.True(chi2 < 27.88, $"chi-square {chi2:F2} over counts [{string.Join(", ", counts)}]");
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.NextInt(0));
        Assert.InRange(stream.NextInt(-3, 3), -3, 2);
    }

    [Fact]
    public void Uniform_and_normal_draws_have_the_right_moments()
    {
        var stream = new RandomStream(5);
        var u = new float[200_000];
        stream.FillUniform(u, -2f, 4f);
        Assert.All(u, x => Assert.InRange(x, -2f, 4f));
        Assert.InRange(u.Average(), 0.98, 1.02);

        var n = new float[200_000];
        stream.FillNormal(n, 3f, 2f);
        double mean = n.Average();
        double std = Math.Sqrt(n.Select(x => (x - mean) * (x - mean)).Average());
        Assert.InRange(mean, 2.98, 3.02);
        Assert.InRange(std, 1.98, 2.02);
    }

    [Fact]
    public void Permutation_contains_every_index_once_and_depends_on_the_seed()
    {
        int[] p1 = new RandomStream(1).Permutation(1000);
        int[] p2 = new RandomStream(1).Permutation(1000);
        int[] p3 = new RandomStream(2).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), p1.Order());
        Assert.Equal(p1, p2);
        Assert.NotEqual(p1, p3);
    }
    [Fact]
    public void LoadState_rewinds_an_existing_stream_and_refuses_all_zero()
    {
        var stream = new RandomStream(99);
        stream.NextNormal(); // leaves a cached spare normal in the state
        RandomStreamState saved = stream.SaveState();
        double[] expected = [stream.NextNormal(), stream.NextDouble(), stream.NextNormal()];
        stream.NextUInt64();
        stream.LoadState(saved);
        double[] replayed = [stream.NextNormal(), stream.NextDouble(), stream.NextNormal()];
        Assert.Equal(expected, replayed);
        Assert.Throws<ArgumentException>(() => stream.LoadState(default));
    }

    [Fact]
    public void Dropout_random_state_round_trips_so_masks_repeat()
    {
        var dropout = new Experiments.Engine.NN.Dropout(new RandomStream(5), 0.5);
        var input = Tensor.Ones(64);
        dropout.Forward(input);
        RandomStreamState saved = dropout.SaveRandomState();
        float[] first = dropout.Forward(input).ToArray();
        float[] second = dropout.Forward(input).ToArray();
        Assert.NotEqual(first, second);
        dropout.LoadRandomState(saved);
        Assert.Equal(first, dropout.Forward(input).ToArray());
    }
}
