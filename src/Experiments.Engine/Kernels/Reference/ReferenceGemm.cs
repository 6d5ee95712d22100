// ReferenceGemm: the plain-loop GEMM, oracle for the SIMD kernel in Kernels/Simd/SimdGemm.cs.
//
// Shapes (row-major, leading dimensions lda/ldb/ldc in elements):
//   op(A): (M, K)   A is (M, K) or, when transA, (K, M)
//   op(B): (K, N)   B is (K, N) or, when transB, (N, K)
//   C:     (M, N)   C = op(A)·op(B)  (+ C when accumulate)
namespace Experiments.Engine.Kernels.Reference;

/// <summary>Scalar twin of the packed SIMD GEMM: effectively computes C (+)= op(A)·op(B) with one float accumulator per element.</summary>
public static class ReferenceGemm
{
    /// <summary>C (M, N) (+)= op(A) (M, K) · op(B) (K, N), summing k in increasing order.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        GemmArguments.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
        }
    }
}
