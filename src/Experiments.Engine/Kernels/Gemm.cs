// Gemm: the entry point every matmul goes through; the packed SIMD kernel when the hardware has vector
// support, the reference loops otherwise (e.g. DOTNET_EnableHWIntrinsic=0).
namespace Experiments.Engine.Kernels;

/// <summary>Single-precision GEMM: C (M, N) (+)= op(A) (M, K) · op(B) (K, N), row-major.</summary>
public static class Gemm
{
    /// <summary>C (+)= op(A)·op(B) on tensors' storage: each matrix starts at its offset in its array.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc, bool accumulate)
    {
        if (Simd.SimdGemm.IsSupported)
            Simd.SimdGemm.Multiply(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        else
            Reference.ReferenceGemm.Multiply(transA, transB, m, n, k, a.AsSpan(aOffset), lda, b.AsSpan(bOffset), ldb, c.AsSpan(cOffset), ldc, accumulate);
    }

    /// <summary>C (+)= op(A)·op(B) of tensors' data (A, B, C are the whole tensors).</summary>
    internal static void Multiply(bool transA, bool transB, int m, int n, int k, Tensor a, int lda, Tensor b, int ldb, Tensor c, int ldc, bool accumulate) =>
        Multiply(transA, transB, m, n, k, a.Storage, a.Offset, lda, b.Storage, b.Offset, ldb, c.Storage, c.Offset, ldc, accumulate);
}
