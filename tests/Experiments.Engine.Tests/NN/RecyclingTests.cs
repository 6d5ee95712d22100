// Buffer reuse is safe: what the caller can see stays valid, recycled intermediates fail loudly, RetainValues keeps
// a tensor, and reusing dirty pooled arrays never changes a result (bit-identical to training with pooling off).
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Layers;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.NN;

[Collection(nameof(ThreadCountCollection))]
public class RecyclingTests
{
    /// <summary>A layer that keeps its output in a field, as user code sometimes does (optionally with RetainValues).</summary>
    private sealed class Probe(bool retain) : Module
    {
        public Tensor? Last { get; private set; }

        public override Tensor Forward(Tensor input)
        {
            var y = input.Tanh();
            Last = retain ? y.RetainValues() : y;
            return y;
        }
    }

    private static (Sequential Net, Tensor X, int[] Y) Setup(Module? extra = null)
    {
        var streams = new RandomStreams(11);
        var init = streams.Stream(RandomStreams.Names.Init);
        var net = new Sequential(new Conv2d(1, 4, 3, init), new MaxPool2d(2), new ReLU(), new Flatten(), new Linear(4 * 13 * 13, 16, init));
        if (extra is not null) net.Append(extra);
        net.Append(new Linear(16, 10, init));
        var data = streams.Stream("data");
        return (net, Tensor.Normal(data, 0f, 1f, 8, 1, 28, 28), Enumerable.Range(0, 8).Select(_ => data.NextInt(10)).ToArray());
    }

    [Fact]
    public void OutputLossAndHookedIntermediates_StayValidAfterBackward()
    {
        var (net, x, y) = Setup();
        Tensor? seen = null;
        using var hook = net[2].RegisterForwardHook((_, _, output) => seen = output);
        Tensor logits = net.Call(x);
        float[] logitsBefore = logits.ToArray(), seenBefore = seen!.ToArray();
        Tensor loss = new CrossEntropyLoss().Forward(logits, y);
        loss.Backward();
        Assert.False(logits.IsRecycled);
        Assert.False(seen.IsRecycled);
        TensorAssert.BitEqual(logitsBefore, logits.ToArray(), "logits after Backward");
        TensorAssert.BitEqual(seenBefore, seen.ToArray(), "hooked ReLU output after Backward");
        Assert.True(float.IsFinite(loss.Item()));
        Assert.False(x.IsRecycled);
    }

    [Fact]
    public void AStashedIntermediate_IsRecycledAfterBackward_AndSaysSo()
    {
        var probe = new Probe(retain: false);
        var (net, x, y) = Setup(probe);
        new CrossEntropyLoss().Forward(net.Call(x), y).Backward();
        Assert.True(probe.Last!.IsRecycled);
        var error = Assert.Throws<InvalidOperationException>(() => probe.Last.Data.ToArray());
        Assert.Contains("RetainValues()", error.Message);
        Assert.Contains("recycled", probe.Last.ToString());      // printing (e.g. in a debugger) still works
    }

    [Fact]
    public void RetainValues_KeepsAStashedIntermediate()
    {
        var probe = new Probe(retain: true);
        var (net, x, y) = Setup(probe);
        Tensor logits = net.Call(x);
        float[] before = probe.Last!.ToArray();
        new CrossEntropyLoss().Forward(logits, y).Backward();
        Assert.False(probe.Last.IsRecycled);
        TensorAssert.BitEqual(before, probe.Last.ToArray(), "retained intermediate after Backward");
    }

    [Fact]
    public void RetainGraph_KeepsIntermediatesForASecondBackward()
    {
        var (net, x, y) = Setup();
        Tensor loss = new CrossEntropyLoss().Forward(net.Call(x), y);
        loss.Backward(retainGraph: true);
        float[] once = net.Parameters().First().Grad!.ToArray();
        loss.Backward();
        float[] twice = net.Parameters().First().Grad!.ToArray();
        for (int i = 0; i < once.Length; i++)
            Assert.Equal(2 * once[i], twice[i], 1e-5f * Math.Max(1f, Math.Abs(twice[i])));
    }

    [Fact]
    public void NoGradForward_RecyclesIntermediates_ButNotItsResult()
    {
        var probe = new Probe(retain: false);
        var (net, x, _) = Setup(probe);
        float[] withGrad = net.Call(x).ToArray();
        Tensor first, second;
        using (Engine.Autograd.NoGrad())
        {
            first = net.Call(x);
            Assert.True(probe.Last!.IsRecycled, "in a no-grad forward an inner output goes back to the pool once the next layer ran");
            float[] firstValues = first.ToArray();
            second = net.Call(x.MulScalar(2f));          // reuses the recycled arrays
            TensorAssert.BitEqual(firstValues, first.ToArray(), "first no-grad result after a second forward");
        }
        TensorAssert.BitEqual(withGrad, first.ToArray(), "no-grad result vs grad-mode result");
        Assert.False(first.SharesStorageWith(second));
    }

    [Fact]
    public void DirtyPooledBuffers_GiveTheSameBitsAsFreshZeroedArrays()
    {
        long saved = BufferPool.MaxRetainedBytes;
        try
        {
            BufferPool.MaxRetainedBytes = 0;                       // pooling off: every array is new and zeroed
            float[][] fresh = Train();
            BufferPool.MaxRetainedBytes = saved;
            Train();                                              // fills the pool with arrays holding stale values
            float[][] reused = Train();
            for (int i = 0; i < fresh.Length; i++)
                TensorAssert.BitEqual(fresh[i], reused[i], $"parameter {i}: pooling off vs reused buffers");
        }
        finally
        {
            BufferPool.MaxRetainedBytes = saved;
        }

        static float[][] Train()
        {
            var streams = new RandomStreams(5);
            var init = streams.Stream(RandomStreams.Names.Init);
            var net = LayerModels.CnnS4(init, streams.Stream(RandomStreams.Names.Dropout));
            net.Append(new BatchNorm1d(10));
            var optimizer = new Adam(net.Parameters(), lr: 1e-2);
            var data = streams.Stream("data");
            for (int step = 0; step < 3; step++)
            {
                var x = Tensor.Normal(data, 0f, 1f, 16, 1, 28, 28);
                int[] y = Enumerable.Range(0, 16).Select(_ => data.NextInt(10)).ToArray();
                optimizer.ZeroGrad();
                new CrossEntropyLoss().Forward(net.Call(x), y).Backward();
                optimizer.Step();
            }
            return net.Parameters().Select(p => p.ToArray()).ToArray();
        }
    }
}
