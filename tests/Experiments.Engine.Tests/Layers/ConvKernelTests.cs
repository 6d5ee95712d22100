// The im2col + GEMM convolution against its scalar twin (Kernels/Reference/ReferenceConv.cs) on odd shapes,
// and the fixed batch partitions: results are bit-identical whatever the thread count.
using Experiments.Engine.Kernels;
using Experiments.Engine.Kernels.Reference;
using Experiments.Engine.Kernels.Simd;
using Experiments.Engine.NN;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Layers;

[Collection(nameof(Experiments.Engine.Tests.NN.ThreadCountCollection))] // changes Parallelism.MaxThreads
public class ConvKernelTests
{
    // (N, Cin, H, W, Cout, Kh, Kw, Sh, Sw, Ph, Pw): odd sizes, strides 1..3, padding up to the kernel, 1-D (H = Kh = 1).
    public static TheoryData<int[]> Shapes => new()
    {
        new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 },
        new[] { 3, 2, 7, 9, 5, 3, 3, 1, 1, 0, 0 },
        new[] { 2, 3, 8, 5, 4, 3, 2, 2, 1, 1, 0 },
        new[] { 5, 3, 11, 13, 7, 5, 3, 3, 2, 2, 1 },
        new[] { 9, 1, 6, 6, 2, 6, 6, 1, 1, 0, 0 },
        new[] { 4, 2, 5, 7, 3, 2, 2, 2, 3, 2, 2 },
        new[] { 11, 6, 14, 14, 12, 3, 3, 1, 1, 1, 1 },
        new[] { 3, 5, 1, 17, 4, 1, 3, 1, 2, 0, 1 },
        new[] { 2, 4, 3, 4, 3, 5, 5, 1, 1, 2, 2 },
        new[] { 3, 10, 12, 12, 20, 5, 5, 1, 1, 0, 0 },
        new[] { 2, 1, 28, 28, 6, 3, 3, 1, 1, 1, 1 },
        new[] { 3, 3, 9, 33, 5, 2, 4, 1, 1, 0, 2 },
        new[] { 2, 7, 6, 40, 9, 3, 1, 1, 1, 1, 0 },
    };

    [Theory, MemberData(nameof(Shapes))]
    public void FastForwardAndBackward_MatchScalarTwin_OnEveryPath(int[] s)
    {
        foreach (var path in Enum.GetValues<ConvPath>())
            foreach (bool cache in new[] { false, true })
                CompareWithTwin(s, path, cache);
    }

    // cache: the forward keeps its im2col columns (poisoned with NaN first, so a column it fails to write shows) and the
    // backward reads them instead of recomputing.
    private static void CompareWithTwin(int[] s, ConvPath convGemm, bool cache)
    {
        var g = new ConvGeometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
        int cout = g.OutChannels;
        var random = new RandomStream(42);
        float[] x = Random(random, g.InputLength), weight = Random(random, g.WeightLength), bias = Random(random, cout);
        float[] gy = Random(random, g.OutputLength);

        float[] yRef = new float[g.OutputLength], yFast = new float[g.OutputLength];
        ReferenceConv.Forward(g, x, weight, bias, yRef);
        float[]? cols = cache ? Enumerable.Repeat(float.NaN, ConvKernels.ColumnCacheLength(g)).ToArray() : null;
        ConvKernels.Forward(g, x, weight, bias, yFast, convGemm, cols);
        TensorAssert.Close(yRef, yFast, 1e-5, 1e-4, $"forward {g} path={ConvKernels.Choose(g, convGemm)} cache={cache}");

        // Gradients start from non-zero values: kernels must add, not overwrite.
        float[] gxRef = Random(new RandomStream(1), g.InputLength), gwRef = Random(new RandomStream(2), g.WeightLength), gbRef = Random(new RandomStream(3), cout);
        float[] gxFast = (float[])gxRef.Clone(), gwFast = (float[])gwRef.Clone(), gbFast = (float[])gbRef.Clone();
        ReferenceConv.BackwardInput(g, gy, weight, gxRef);
        ReferenceConv.BackwardWeight(g, x, gy, gwRef);
        ReferenceConv.BackwardBias(g, gy, gbRef);
        ConvKernels.Backward(g, x, weight, gy, gxFast, gwFast, gbFast, convGemm, cols);
        TensorAssert.Close(gxRef, gxFast, 1e-4, 1e-4, $"grad x {g} path={ConvKernels.Choose(g, convGemm)} cache={cache}");
        TensorAssert.Close(gwRef, gwFast, 1e-4, 1e-4, $"grad w {g} path={ConvKernels.Choose(g, convGemm)} cache={cache}");
        TensorAssert.Close(gbRef, gbFast, 1e-4, 1e-4, $"grad b {g} path={ConvKernels.Choose(g, convGemm)} cache={cache}");
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 7, 5)]
    [InlineData(4, 16, 9)]
    [InlineData(5, 17, 3)]
    [InlineData(6, 784, 9)]
    [InlineData(9, 33, 0)]
    [InlineData(13, 25, 31)]
    [InlineData(12, 196, 54)]
    public void ConvGemm_RowAndDotPanels_MatchReferenceGemm_OnEveryRemainder(int m, int n, int k)
    {
        if (!ConvGemm.IsSupported) return; // the kernels only run with Vector256 in hardware; Gemm covers the rest
        var random = new RandomStream((ulong)(m * 1000 + n * 10 + k));
        float[] a = Random(random, m * k), b = Random(random, k * n), c0 = Random(random, m * n);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] expected = (float[])c0.Clone(), actual = (float[])c0.Clone();
            ReferenceGemm.Multiply(false, false, m, n, k, a, k, b, n, expected, n, accumulate);
            ConvGemm.RowPanel(m, n, k, a, k, 1, b, n, actual, n, accumulate);
            TensorAssert.Close(expected, actual, 1e-5, 1e-5, $"RowPanel {m}x{n}x{k} accumulate={accumulate}");
        }
        float[] aT = Random(random, k * m), expectedT = (float[])c0.Clone(), actualT = (float[])c0.Clone();
        ReferenceGemm.Multiply(true, false, m, n, k, aT, m, b, n, expectedT, n, accumulate: false);
        ConvGemm.RowPanel(m, n, k, aT, 1, m, b, n, actualT, n, accumulate: false);
        TensorAssert.Close(expectedT, actualT, 1e-5, 1e-5, $"RowPanel with transposed A {m}x{n}x{k}");

        // DotPanel: C (m, k) += A (m, n) · Bᵀ, B (k, n)
        float[] bd = Random(random, k * n), cd = Random(random, m * k);
        float[] expectedD = (float[])cd.Clone(), actualD = (float[])cd.Clone();
        float[] ad = Random(random, m * n);
        ReferenceGemm.Multiply(false, true, m, k, n, ad, n, bd, n, expectedD, k, accumulate: true);
        ConvGemm.DotPanel(m, k, n, ad, n, bd, n, actualD, k);
        TensorAssert.Close(expectedD, actualD, 1e-4, 1e-5, $"DotPanel {m}x{k} over {n}");
    }

    [Fact]
    public void Backward_SkipsGradientsThatAreNotWanted()
    {
        var g = new ConvGeometry(3, 2, 6, 5, 4, 3, 3, 1, 1, 1, 1);
        var random = new RandomStream(5);
        float[] x = Random(random, g.InputLength), weight = Random(random, g.WeightLength), gy = Random(random, g.OutputLength);
        float[] gwOnly = new float[g.WeightLength], gwBoth = new float[g.WeightLength], gx = new float[g.InputLength];
        ConvKernels.Backward(g, x, weight, gy, default, gwOnly, default);
        ConvKernels.Backward(g, x, weight, gy, gx, gwBoth, default);
        TensorAssert.BitEqual(gwBoth, gwOnly, "weight gradient with and without the input gradient");
        Assert.Contains(gx, v => v != 0f);
    }

    [Fact]
    public void Conv2dForwardAndBackward_AreBitIdentical_WithOneOrManyThreads()
    {
        (float[] Y, float[] Gx, float[] Gw, float[] Gb) Run()
        {
            var random = new RandomStream(9);
            var x = Tensor.Normal(random, 0, 1, 13, 3, 15, 11).RequireGrad();
            var w = Tensor.Normal(random, 0, 0.3f, 8, 3, 3, 3).RequireGrad();
            var b = Tensor.Normal(random, 0, 0.1f, 8).RequireGrad();
            var y = Functional.Conv2d(x, w, b, (2, 1), (1, 1));
            y.Backward(Tensor.Normal(random, 0, 1, y.ShapeArray()));
            return (y.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray());
        }

        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = Run();
            Parallelism.MaxThreads = Math.Max(2, Environment.ProcessorCount);
            var many = Run();
            TensorAssert.BitEqual(one.Y, many.Y, "output");
            TensorAssert.BitEqual(one.Gx, many.Gx, "input gradient");
            TensorAssert.BitEqual(one.Gw, many.Gw, "weight gradient");
            TensorAssert.BitEqual(one.Gb, many.Gb, "bias gradient");
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    [InlineData(8, 8)]
    [InlineData(9, 8)]
    [InlineData(64, 8)]
    public void BatchPartitions_CoverTheBatchOnce_AndDependOnlyOnItsSize(int batch, int expectedParts)
    {
        Assert.Equal(expectedParts, BatchPartitions.Count(batch));
        var seen = new int[batch];
        int previousEnd = 0;
        for (int p = 0; p < expectedParts; p++)
        {
            var (start, end) = BatchPartitions.Range(batch, p);
            Assert.Equal(previousEnd, start);
            Assert.True(end > start, $"partition {p} of batch {batch} is empty");
            for (int i = start; i < end; i++) seen[i]++;
            previousEnd = end;
        }
        Assert.Equal(batch, previousEnd);
        Assert.All(seen, c => Assert.Equal(1, c));
    }

    private static float[] Random(RandomStream random, int length)
    {
        var values = new float[length];
        random.FillNormal(values, 0f, 1f);
        return values;
    }
}
