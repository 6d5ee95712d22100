// The same seed gives bit-identical weights after N Adam steps whatever the thread count (1, 2, 3): every kernel
// cuts its work into items fixed by the shape, and the worker team only decides who runs which item. cnn-s3 at
// batch 64 takes the parallel conv and pooling partitions; the wide MLP takes the parallel GEMM grid.
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Layers;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.NN;

[Collection(nameof(ThreadCountCollection))]
public class ThreadCountDeterminismTests
{
    private const int Steps = 3;

    // Without SIMD (DOTNET_EnableHWIntrinsic=0) the scalar kernels are ~8x slower: batch 16 still splits every batch
    // into 8 partitions.
    private static readonly int Batch = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 64 : 16;

    private static float[][] Train(string model, ulong seed, int threads)
    {
        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = threads;
        try
        {
            var streams = new RandomStreams(seed);
            var init = streams.Stream(RandomStreams.Names.Init);
            Sequential net = model == "cnn-s3"
                ? LayerModels.CnnS3(init)
                : new Sequential(new Flatten(), new Linear(784, 512, init), new ReLU(), new Linear(512, 256, init), new ReLU(), new Linear(256, 10, init));
            var optimizer = new Adam(net.Parameters(), lr: 1e-3);
            var data = streams.Stream("data");
            for (int step = 0; step < Steps; step++)
            {
                var x = Tensor.Normal(data, 0f, 1f, Batch, 1, 28, 28);
                int[] y = Enumerable.Range(0, Batch).Select(_ => data.NextInt(10)).ToArray();
                optimizer.ZeroGrad();
                new CrossEntropyLoss().Forward(net.Call(x), y).Backward();
                optimizer.Step();
            }
            return net.Parameters().Select(p => p.ToArray()).ToArray();
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData("cnn-s3")]
    [InlineData("mlp-512-256")]
    public void SameSeed_BitIdenticalWeights_With1_2_3Threads(string model)
    {
        float[][] one = Train(model, seed: 42, threads: 1);
        foreach (int threads in new[] { 2, 3 })
        {
            float[][] many = Train(model, seed: 42, threads);
            for (int i = 0; i < one.Length; i++)
                TensorAssert.BitEqual(one[i], many[i], $"{model} parameter {i}: 1 vs {threads} threads after {Steps} steps");
        }
        float[][] otherSeed = Train(model, seed: 43, threads: 2);
        Assert.False(one[0].SequenceEqual(otherSeed[0]), "a different seed must give different weights");
    }
}
