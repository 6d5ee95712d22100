// GEMM contract: the packed SIMD kernel (through Gemm.Multiply) agrees with the reference loops for every
// transpose combination, odd sizes around the tile and block edges, leading dimensions wider than the
// matrix, offsets, and accumulate on/off; results are bit-identical for 1 and 2 threads.
//
// Tolerance: the kernels sum in different orders (tiles, K blocks, FMA), so they are compared with the
// classical bound for a K-term float dot product, |error| <= γ_K·Σ_k |a_ik·b_kj| with γ_K ≈ K·2⁻²⁴, doubled
// for the two implementations' independent errors.
using Experiments.Engine.Kernels;
using Experiments.Engine.Kernels.Reference;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Kernels;

[Collection(nameof(Experiments.Engine.Tests.NN.ThreadCountCollection))]
public class GemmContractTests
{
    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 0, 5, 3 }, { 4, 0, 3 }, { 3, 4, 0 }, { 1, 1, 1 }, { 7, 9, 5 }, { 8, 32, 16 }, { 9, 33, 17 },
        { 17, 15, 300 }, { 64, 128, 256 }, { 65, 129, 257 }, { 100, 32, 784 }, { 3, 200, 11 },
    };

    [Theory, MemberData(nameof(Sizes))]
    public void MatchesReference_AllTransposes_WithOffsetsAndLeadingDims(int m, int n, int k)
    {
        var random = new RandomStream((ulong)(m * 1_000_000 + n * 1000 + k));
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                foreach (bool accumulate in new[] { false, true })
                {
                    int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
                    int lda = aCols + 3, ldb = bCols + 1, ldc = n + 2, aOff = 5, bOff = 2, cOff = 7;
                    float[] a = Fill(random, aOff + aRows * lda), b = Fill(random, bOff + bRows * ldb), c0 = Fill(random, cOff + m * ldc);
                    float[] actual = (float[])c0.Clone(), expected = (float[])c0.Clone();
                    Gemm.Multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, actual, cOff, ldc, accumulate);
                    ReferenceGemm.Multiply(transA, transB, m, n, k, a.AsSpan(aOff), lda, b.AsSpan(bOff), ldb, expected.AsSpan(cOff), ldc, accumulate);

                    // Bound per element from |A|·|B| (+|C| when accumulating).
                    float[] absA = a.Select(Math.Abs).ToArray(), absB = b.Select(Math.Abs).ToArray(), bound = new float[expected.Length];
                    ReferenceGemm.Multiply(transA, transB, m, n, k, absA.AsSpan(aOff), lda, absB.AsSpan(bOff), ldb, bound.AsSpan(cOff), ldc, false);
                    string what = $"GEMM m={m} n={n} k={k} transA={transA} transB={transB} accumulate={accumulate}";
                    for (int i = 0; i < expected.Length; i++)
                    {
                        bool inC = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
                        if (!inC)
                        {
                            Assert.True(c0[i] == actual[i], $"{what}: wrote outside C at {i}");
                            continue;
                        }
                        double allowed = 2.0 * (k + 2) * Math.Pow(2, -24) * (bound[i] + Math.Abs(c0[i])) + 1e-30;
                        if (Math.Abs(actual[i] - expected[i]) > allowed)
                            Assert.Fail($"{what}: at row {(i - cOff) / ldc}, col {(i - cOff) % ldc}: reference {expected[i]:R}, simd {actual[i]:R}, allowed {allowed:G3}");
                    }
                }
    }

    [Fact]
    public void ThreadCount_DoesNotChangeBits()
    {
        var random = new RandomStream(11);
        int m = 150, n = 300, k = 600;
        float[] a = Fill(random, m * k), b = Fill(random, k * n);
        int saved = Parallelism.MaxThreads;
        try
        {
            var results = new List<float[]>();
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.MaxThreads = threads;
                var c = new float[m * n];
                Gemm.Multiply(false, true, m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
                results.Add(c);
            }
            TensorAssert.BitEqual(results[0], results[1], "GEMM 1 vs 2 threads");
            TensorAssert.BitEqual(results[0], results[2], "GEMM 1 vs 3 threads");
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void BadArguments_SayWhichMatrixAndWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 3, 3, 3, new float[8], 0, 3, new float[9], 0, 3, new float[9], 0, 3, false));
        Assert.Contains("matrix A", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 3, 3, 3, new float[9], 0, 3, new float[9], 0, 2, new float[9], 0, 3, false));
        Assert.Contains("leading dimension", e.Message);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, -1, 3, 3, new float[9], 0, 3, new float[9], 0, 3, new float[9], 0, 3, false));
    }

    private static float[] Fill(RandomStream random, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)random.NextUniform(-1, 1);
        return v;
    }
}
