// ConvGemm: the two small matrix products a convolution's im2col form needs, as register-blocked Vector256
// loops without packing. The engine's packed GEMM (SimdGemm) wins on large square products; conv products
// are short and wide (Cout ≤ ~64 rows, Ho·Wo up to 784 columns, K = Cin·Kh·Kw often 9..300), where packing
// costs more than it saves.
//
// Shapes (row-major):
//   RowPanel:  C (M, N) (+)= A (M, K) · B (K, N), A read through strides (A[i, k] = a[i·ars + k·acs], so Aᵀ is free)
//              reuses each loaded B vector for 4 rows and each broadcast A value for 2 vectors (8 FMAs per 6 loads)
//   DotPanel:  C (M, N) += A (M, P) · Bᵀ, B (N, P): C[i, j] += Σ_p A[i, p]·B[j, p]
//              2 rows of A × 4 rows of B: 8 vector accumulators, 6 loads per 8 FMAs, then one horizontal sum
// Every element is a fixed sequence of float operations for a given shape (no threads inside), so results are
// deterministic. Used only when Vector256 is accelerated; otherwise the caller goes through Gemm (scalar fallback).
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Experiments.Engine.Kernels.Simd;

/// <summary>Unpacked Vector256 products for im2col convolutions; effectively computes what ReferenceGemm does.</summary>
internal static class ConvGemm
{
    private const int W = 8; // Vector256<float>.Count

    /// <summary>RowPanel copies 16-column panels of B to a contiguous buffer when K exceeds this.</summary>
    private const int PackAboveK = 64;

    /// <summary>True when the Vector256 loops run in hardware.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>C (M, N) (+)= A (M, K) · B (K, N), A[i, k] = a[i·ars + k·acs].</summary>
    public static void RowPanel(int m, int n, int k, ReadOnlySpan<float> a, int ars, int acs, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        if (m <= 0 || n <= 0) return;
        bool aFits = k == 0 || (long)(m - 1) * ars + (long)(k - 1) * acs < a.Length;
        if (!aFits || !RowsFit(b, ldb, k, n) || (long)(m - 1) * ldc + n > c.Length)
            throw new ArgumentException($"ConvGemm.RowPanel: spans too short for M={m}, N={n}, K={k}.");
        ref float A = ref MemoryMarshal.GetReference(a);
        ref float B = ref MemoryMarshal.GetReference(b);
        ref float C = ref MemoryMarshal.GetReference(c);
        // Column panels outside, row blocks inside: one 16-column panel of B (K × 64 bytes) stays in L1 while every
        // row block of A runs over it. Each element is one block's fused k-ordered sum, whatever block computes it.
        // When B's rows are far apart in memory and K is long, a panel read in place maps to few L1 sets and
        // thrashes (measured 7x slower at K = 250, row pitch 256 B); it is then copied to a contiguous K × 16 buffer.
        bool pack = k > PackAboveK;
        float[]? panel = pack ? ArrayPool<float>.Shared.Rent(k * 2 * W) : null;
        try
        {
            int j = 0;
            for (; j + 2 * W <= n; j += 2 * W)
            {
                ref float bPanel = ref B;
                int bj = j, bld = ldb;
                if (panel is not null)
                {
                    for (int p = 0; p < k; p++)
                        b.Slice(p * ldb + j, 2 * W).CopyTo(panel.AsSpan(p * 2 * W, 2 * W));
                    bPanel = ref MemoryMarshal.GetArrayDataReference(panel);
                    (bj, bld) = (0, 2 * W);
                }
                int i = 0;
                for (; i + 4 <= m; i += 4) Block4x2(ref A, i, ars, acs, ref bPanel, bld, ref Unsafe.Add(ref C, j - bj), ldc, bj, k, accumulate);
                for (; i < m; i++)
                {
                    Block1x1(ref A, i, ars, acs, ref bPanel, bld, ref Unsafe.Add(ref C, j - bj), ldc, bj, k, accumulate);
                    Block1x1(ref A, i, ars, acs, ref bPanel, bld, ref Unsafe.Add(ref C, j - bj), ldc, bj + W, k, accumulate);
                }
            }
            RowPanelTail(m, n, k, ref A, ars, acs, ref B, ldb, ref C, ldc, j, accumulate);
        }
        finally
        {
            if (panel is not null) ArrayPool<float>.Shared.Return(panel);
        }
    }

    // Columns j.. that do not fill a 16-column panel: 8-wide vectors, then scalars.
    private static void RowPanelTail(int m, int n, int k, ref float A, int ars, int acs, ref float B, int ldb, ref float C, int ldc, int j, bool accumulate)
    {
        for (; j + W <= n; j += W)
            for (int i = 0; i < m; i++) Block1x1(ref A, i, ars, acs, ref B, ldb, ref C, ldc, j, k, accumulate);
        for (; j < n; j++)
            for (int i = 0; i < m; i++) Scalar(ref A, i, ars, acs, ref B, ldb, ref C, ldc, j, k, accumulate);
    }

    /// <summary>C (M, N) += A (M, P) · Bᵀ with B (N, P); leading dimensions lda, ldb, ldc.</summary>
    public static void DotPanel(int m, int n, int p, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (m <= 0 || n <= 0) return;
        if ((long)(m - 1) * lda + p > a.Length || !RowsFit(b, ldb, n, p) || (long)(m - 1) * ldc + n > c.Length)
            throw new ArgumentException($"ConvGemm.DotPanel: spans too short for M={m}, N={n}, P={p}.");
        ref float A = ref MemoryMarshal.GetReference(a);
        ref float B = ref MemoryMarshal.GetReference(b);
        ref float C = ref MemoryMarshal.GetReference(c);
        int i = 0;
        for (; i + 2 <= m; i += 2)
        {
            int j = 0;
            for (; j + 4 <= n; j += 4) Dot2x4(ref A, i, lda, ref B, j, ldb, ref C, ldc, p);
            for (; j < n; j++)
            {
                Unsafe.Add(ref C, i * ldc + j) += Dot(ref Unsafe.Add(ref A, i * lda), ref Unsafe.Add(ref B, j * ldb), p);
                Unsafe.Add(ref C, (i + 1) * ldc + j) += Dot(ref Unsafe.Add(ref A, (i + 1) * lda), ref Unsafe.Add(ref B, j * ldb), p);
            }
        }
        for (; i < m; i++)
            for (int j = 0; j < n; j++)
                Unsafe.Add(ref C, i * ldc + j) += Dot(ref Unsafe.Add(ref A, i * lda), ref Unsafe.Add(ref B, j * ldb), p);
    }

    // C[i..i+4, j..j+16] (+)= A[i..i+4, :] · B[:, j..j+16]: 8 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4x2(ref float A, int i, int ars, int acs, ref float B, int ldb, ref float C, int ldc, int j, int k, bool accumulate)
    {
        ref float c0 = ref Unsafe.Add(ref C, i * ldc + j);
        ref float c1 = ref Unsafe.Add(ref c0, ldc);
        ref float c2 = ref Unsafe.Add(ref c1, ldc);
        ref float c3 = ref Unsafe.Add(ref c2, ldc);
        Vector256<float> s00 = Vector256<float>.Zero, s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        ref float a0 = ref Unsafe.Add(ref A, i * ars);
        for (int p = 0; p < k; p++)
        {
            ref float bRow = ref Unsafe.Add(ref B, p * ldb + j);
            Vector256<float> b0 = Vector256.LoadUnsafe(ref bRow), b1 = Vector256.LoadUnsafe(ref bRow, W);
            ref float ap = ref Unsafe.Add(ref a0, p * acs);
            var x0 = Vector256.Create(ap);
            var x1 = Vector256.Create(Unsafe.Add(ref ap, ars));
            var x2 = Vector256.Create(Unsafe.Add(ref ap, 2 * ars));
            var x3 = Vector256.Create(Unsafe.Add(ref ap, 3 * ars));
            s00 = Vector256.FusedMultiplyAdd(x0, b0, s00); s01 = Vector256.FusedMultiplyAdd(x0, b1, s01);
            s10 = Vector256.FusedMultiplyAdd(x1, b0, s10); s11 = Vector256.FusedMultiplyAdd(x1, b1, s11);
            s20 = Vector256.FusedMultiplyAdd(x2, b0, s20); s21 = Vector256.FusedMultiplyAdd(x2, b1, s21);
            s30 = Vector256.FusedMultiplyAdd(x3, b0, s30); s31 = Vector256.FusedMultiplyAdd(x3, b1, s31);
        }
        Store(ref c0, s00, s01, accumulate);
        Store(ref c1, s10, s11, accumulate);
        Store(ref c2, s20, s21, accumulate);
        Store(ref c3, s30, s31, accumulate);
    }

    // C[i, j..j+8] (+)= A[i, :] · B[:, j..j+8].
    private static void Block1x1(ref float A, int i, int ars, int acs, ref float B, int ldb, ref float C, int ldc, int j, int k, bool accumulate)
    {
        Vector256<float> s = Vector256<float>.Zero;
        ref float ai = ref Unsafe.Add(ref A, i * ars);
        for (int p = 0; p < k; p++)
            s = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ai, p * acs)), Vector256.LoadUnsafe(ref Unsafe.Add(ref B, p * ldb + j)), s);
        ref float ci = ref Unsafe.Add(ref C, i * ldc + j);
        (accumulate ? s + Vector256.LoadUnsafe(ref ci) : s).StoreUnsafe(ref ci);
    }

    // C[i, j] (+)= Σ_p A[i, p]·B[p, j], the same fused sequence a vector lane runs.
    private static void Scalar(ref float A, int i, int ars, int acs, ref float B, int ldb, ref float C, int ldc, int j, int k, bool accumulate)
    {
        float s = 0f;
        ref float ai = ref Unsafe.Add(ref A, i * ars);
        for (int p = 0; p < k; p++)
            s = MathF.FusedMultiplyAdd(Unsafe.Add(ref ai, p * acs), Unsafe.Add(ref B, p * ldb + j), s);
        ref float cij = ref Unsafe.Add(ref C, i * ldc + j);
        cij = accumulate ? cij + s : s;
    }

    // Every one of the `count` rows of `length` elements (pitch ld) lies inside b.
    private static bool RowsFit(ReadOnlySpan<float> b, int ld, int count, int length) =>
        count == 0 || length == 0 || (long)(count - 1) * ld + length <= b.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float c, Vector256<float> s0, Vector256<float> s1, bool accumulate)
    {
        if (accumulate)
        {
            s0 += Vector256.LoadUnsafe(ref c);
            s1 += Vector256.LoadUnsafe(ref c, W);
        }
        s0.StoreUnsafe(ref c);
        s1.StoreUnsafe(ref c, W);
    }

    // C[i..i+2, j..j+4] += dot products of A rows i, i+1 with B rows j..j+3 over P.
    private static void Dot2x4(ref float A, int i, int lda, ref float B, int j, int ldb, ref float C, int ldc, int p)
    {
        ref float a0 = ref Unsafe.Add(ref A, i * lda);
        ref float a1 = ref Unsafe.Add(ref a0, lda);
        ref float b0 = ref Unsafe.Add(ref B, j * ldb);
        ref float b1 = ref Unsafe.Add(ref B, (j + 1) * ldb);
        ref float b2 = ref Unsafe.Add(ref B, (j + 2) * ldb);
        ref float b3 = ref Unsafe.Add(ref B, (j + 3) * ldb);
        Vector256<float> s00 = Vector256<float>.Zero, s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int q = 0;
        for (; q + W <= p; q += W)
        {
            var x0 = Vector256.LoadUnsafe(ref a0, (nuint)q);
            var x1 = Vector256.LoadUnsafe(ref a1, (nuint)q);
            var y0 = Vector256.LoadUnsafe(ref b0, (nuint)q);
            var y1 = Vector256.LoadUnsafe(ref b1, (nuint)q);
            var y2 = Vector256.LoadUnsafe(ref b2, (nuint)q);
            var y3 = Vector256.LoadUnsafe(ref b3, (nuint)q);
            s00 = Vector256.FusedMultiplyAdd(x0, y0, s00); s01 = Vector256.FusedMultiplyAdd(x0, y1, s01);
            s02 = Vector256.FusedMultiplyAdd(x0, y2, s02); s03 = Vector256.FusedMultiplyAdd(x0, y3, s03);
            s10 = Vector256.FusedMultiplyAdd(x1, y0, s10); s11 = Vector256.FusedMultiplyAdd(x1, y1, s11);
            s12 = Vector256.FusedMultiplyAdd(x1, y2, s12); s13 = Vector256.FusedMultiplyAdd(x1, y3, s13);
        }
        ref float c0 = ref Unsafe.Add(ref C, i * ldc + j);
        ref float c1 = ref Unsafe.Add(ref c0, ldc);
        c0 += Finish(s00, ref a0, ref b0, q, p); Unsafe.Add(ref c0, 1) += Finish(s01, ref a0, ref b1, q, p);
        Unsafe.Add(ref c0, 2) += Finish(s02, ref a0, ref b2, q, p); Unsafe.Add(ref c0, 3) += Finish(s03, ref a0, ref b3, q, p);
        c1 += Finish(s10, ref a1, ref b0, q, p); Unsafe.Add(ref c1, 1) += Finish(s11, ref a1, ref b1, q, p);
        Unsafe.Add(ref c1, 2) += Finish(s12, ref a1, ref b2, q, p); Unsafe.Add(ref c1, 3) += Finish(s13, ref a1, ref b3, q, p);
    }

    // One dot product over P with the same vector-then-tail order as Dot2x4.
    private static float Dot(ref float a, ref float b, int p)
    {
        Vector256<float> s = Vector256<float>.Zero;
        int q = 0;
        for (; q + W <= p; q += W)
            s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)q), Vector256.LoadUnsafe(ref b, (nuint)q), s);
        return Finish(s, ref a, ref b, q, p);
    }

    // Horizontal sum of the lanes, then the scalar tail q..p.
    private static float Finish(Vector256<float> s, ref float a, ref float b, int q, int p)
    {
        float sum = Vector256.Sum(s);
        for (; q < p; q++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, q), Unsafe.Add(ref b, q), sum);
        return sum;
    }
}
