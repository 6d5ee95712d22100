// GemmArguments: the one argument check shared by every GEMM implementation.
namespace Experiments.Engine.Kernels;

internal static class GemmArguments
{
    /// <summary>Throws when sizes are negative or a matrix does not fit its span with the given leading dimension.</summary>
    public static void Check(bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"GEMM sizes must be non-negative; got M={m}, N={n}, K={k}.");
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        CheckMatrix("A", aRows, aCols, aLength, lda);
        CheckMatrix("B", bRows, bCols, bLength, ldb);
        CheckMatrix("C", m, n, cLength, ldc);
    }

    private static void CheckMatrix(string name, int rows, int cols, int length, int ld)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols)
            throw new ArgumentException($"GEMM matrix {name} is {rows}x{cols} but its leading dimension is {ld} (must be at least {cols}).");
        long needed = (long)(rows - 1) * ld + cols;
        if (needed > length)
            throw new ArgumentException($"GEMM matrix {name} ({rows}x{cols}, leading dimension {ld}) needs {needed} elements but its span has {length}.");
    }
}
