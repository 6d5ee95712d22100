// Determinism: the same seed gives bit-identical weights after several SGD steps of a small MLP, with 1 or
// 2 kernel threads (sizes chosen so the GEMM takes its parallel path).
using Experiments.Engine.NN;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.NN;

[Collection(nameof(ThreadCountCollection))]
public class DeterminismTests
{
    private static float[][] Train(ulong seed, int threads)
    {
        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = threads;
        try
        {
            var streams = new RandomStreams(seed);
            var init = streams.Stream(RandomStreams.Names.Init);
            var model = new Sequential(new Linear(200, 128, init), new ReLU(), new Linear(128, 64, init), new Tanh(), new Linear(64, 10, init));
            var data = streams.Stream("data");
            var loss = new CrossEntropyLoss(labelSmoothing: 0.1f);
            const float lr = 0.05f;
            for (int step = 0; step < 5; step++)
            {
                var x = Tensor.Normal(data, 0f, 1f, 64, 200);
                int[] y = Enumerable.Range(0, 64).Select(_ => data.NextInt(10)).ToArray();
                model.ZeroGrad();
                loss.Forward(model.Forward(x), y).Backward();
                foreach (var p in model.Parameters())             // plain SGD: p -= lr·grad
                {
                    Span<float> w = p.Data, g = p.Grad!.Data;
                    for (int i = 0; i < w.Length; i++) w[i] -= lr * g[i];
                }
            }
            return model.Parameters().Select(p => p.ToArray()).ToArray();
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void SameSeed_SameBits_WhateverTheThreadCount()
    {
        var oneThread = Train(seed: 123, threads: 1);
        var twoThreads = Train(seed: 123, threads: 2);
        var again = Train(seed: 123, threads: 2);
        for (int i = 0; i < oneThread.Length; i++)
        {
            TensorAssert.BitEqual(oneThread[i], twoThreads[i], $"parameter {i}, 1 vs 2 threads");
            TensorAssert.BitEqual(twoThreads[i], again[i], $"parameter {i}, run 1 vs run 2");
        }
        var otherSeed = Train(seed: 124, threads: 2);
        Assert.False(oneThread[0].SequenceEqual(otherSeed[0]), "a different seed must give different weights");
    }
}

/// <summary>Tests that change Parallelism.MaxThreads run one at a time.</summary>
[CollectionDefinition(nameof(ThreadCountCollection), DisableParallelization = true)]
public class ThreadCountCollection;
