// Every scheduler replays the PyTorch 1.13 goldens: same arguments, same optimizer start, same step calls.
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Tests.Schedulers;

public sealed class SchedulerGoldenTests
{
    // Relative 1e-12: both sides do the same double operations in the same order, so differences can only come
    // from libm's cos in the last ulp; anything larger is a transcription error. Exact zeros must match exactly.
    // (Measured: with rtol = 0 every case passes on Linux x64, i.e. the sequences are bit-identical.)
    private const double Rtol = 1e-12;
    private const double Atol = 0;

    public static TheoryData<string> Cases() => SchedulerGoldenFile.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void LearningRateSequenceMatchesPyTorch(string name)
    {
        GoldenCase golden = SchedulerGoldenFile.All[name];
        FakeOptimizer optimizer = SchedulerGoldenFile.NewTarget(golden);
        var schedulers = golden.Schedulers.Select(s => SchedulerGoldenFile.Create(s, optimizer)).ToList();
        var lrs = new List<double> { optimizer.LearningRate };
        var momenta = new List<double> { optimizer.Momentum };
        for (int i = 0; i < golden.Steps; i++)
        {
            SchedulerGoldenFile.StepAll(schedulers, golden, i);
            lrs.Add(optimizer.LearningRate);
            momenta.Add(optimizer.Momentum);
            Assert.Equal(optimizer.LearningRate, schedulers[^1].LearningRate);
            Assert.Equal(i + 1, schedulers[0].LastEpoch);
        }

        string? lrDiff = SchedulerGoldenFile.Compare($"{name}: lr", lrs, golden.Lr, Rtol, Atol);
        Assert.True(lrDiff is null, lrDiff);
        if (golden.Momentum is not null)
        {
            string? momentumDiff = SchedulerGoldenFile.Compare($"{name}: momentum", momenta, golden.Momentum, Rtol, Atol);
            Assert.True(momentumDiff is null, momentumDiff);
        }
        else
        {
            Assert.All(momenta, m => Assert.Equal(0.9, m)); // momentum untouched when not cycled
        }
    }

    [Fact]
    public void CosineAnnealingFollowsPyTorchsRecursiveArithmeticWithinFourUlps()
    {
        // The closed form lands within 1e-12 of the recursive one, so the golden test above cannot tell them
        // apart on a single scheduler; their last bits differ (up to ~40 ulps on these cases). Both sides run
        // the same IEEE operations in the same order, so ours matches PyTorch bit for bit here; 4 ulps leave room
        // for a platform libm whose cos differs from glibc's in the last bit.
        const long maxUlps = 4;
        foreach (GoldenCase golden in SchedulerGoldenFile.All.Values.Where(c => c.Schedulers is [{ Scheduler: "CosineAnnealingLR" }]))
        {
            var optimizer = SchedulerGoldenFile.NewTarget(golden);
            var cosine = (CosineAnnealingLR)SchedulerGoldenFile.Create(golden.Schedulers[0], optimizer);
            for (int t = 0; t <= golden.Steps; t++)
            {
                if (t > 0) cosine.Step();
                long ulps = UlpDistance(optimizer.LearningRate, golden.Lr[t]);
                Assert.True(ulps <= maxUlps,
                    $"{golden.Name}: t={t} ours {optimizer.LearningRate:R} torch {golden.Lr[t]:R} ({ulps} ulps apart; closed form {cosine.ClosedForm(t):R})");
            }
        }
    }

    private static long UlpDistance(double a, double b)
    {
        if (a == b) return 0;
        if (double.IsNaN(a) || double.IsNaN(b) || Math.Sign(a) != Math.Sign(b)) return long.MaxValue;
        return Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));
    }

    [Fact]
    public void GoldenFileCoversEverySchedulerAndBothOptimizers()
    {
        var all = SchedulerGoldenFile.All.Values.ToList();
        foreach (string scheduler in new[] { "StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "OneCycleLR", "ReduceLROnPlateau" })
            Assert.True(all.Count(c => c.Schedulers[0].Scheduler == scheduler) >= 3, $"fewer than 3 golden cases for {scheduler}");
        Assert.Contains(all, c => c.Optimizer == "adam" && c.Momentum is not null);
        Assert.Contains(all, c => c.Optimizer == "sgd" && c.Momentum is not null);
        Assert.Contains(all, c => c.Schedulers.Count > 1);
    }

    [Fact]
    public void CosineAnnealingRecursiveFormDiffersFromClosedFormOnlyByRounding()
    {
        // The goldens pin the recursive form; here the closed form shows what it approximates (to ~1e-15
        // relative away from the troughs), and that stepping past T_max rises again with period 2·T_max.
        var optimizer = new FakeOptimizer(0.1);
        var cosine = new CosineAnnealingLR(optimizer, tMax: 10, etaMin: 0.001);
        for (int t = 1; t <= 40; t++)
        {
            cosine.Step();
            double closed = cosine.ClosedForm(t);
            Assert.True(Math.Abs(optimizer.LearningRate - closed) <= 1e-12 * Math.Abs(closed),
                $"t={t}: recursive {optimizer.LearningRate:R} vs closed form {closed:R}");
        }
        Assert.Equal(0.1, cosine.ClosedForm(20), 15);
    }
}
