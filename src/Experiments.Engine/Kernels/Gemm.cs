// Gemm: the entry point every matmul goes through.
namespace Experiments.Engine.Kernels;

/// <summary>Single-precision GEMM: C (M, N) (+)= op(A) (M, K) · op(B) (K, N), row-major.</summary>
public static class Gemm
{
    /// <summary>C (+)= op(A)·op(B). Results do not depend on the thread count (fixed partitions).</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        Reference.ReferenceGemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }
}
