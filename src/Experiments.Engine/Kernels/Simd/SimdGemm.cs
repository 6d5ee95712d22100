// SimdGemm: packed, blocked single-precision GEMM with a Vector512 (or Vector256) register-tile micro-kernel.
//
// C (M, N) (+)= op(A) (M, K) · op(B) (K, N), row-major; scalar twin: Kernels/Reference/ReferenceGemm.cs.
//
// Structure (Goto/BLIS, https://www.cs.utexas.edu/~flame/pubs/GotoTOMS_revision.pdf):
//   for each K block of KC:                    (C is overwritten by the first block unless accumulating)
//     pack op(B)[kc, :] into column panels of NR (each panel: KC rows of NR contiguous floats)
//     pack op(A)[:, kc] into row panels of MR    (each panel: KC columns of MR contiguous floats)
//     for each (row block, column block) work item, in parallel:
//       for each MR×NR tile: micro-kernel over KC -> add into C
// Packing makes transposed operands free (the micro-kernel always reads unit-stride panels) and zero-pads
// edges, so the micro-kernel has no remainders; partial tiles go through a small staging tile.
// The micro-kernel keeps an MR×NR tile of C in registers (16 Vector512 accumulators for 8×32): each
// loaded B vector is reused MR times and each broadcast A value NR/W times.
// Determinism: work items and K blocks depend only on (M, N, K); see Parallelism.
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Experiments.Engine.Kernels.Simd;

/// <summary>Packed SIMD GEMM; effectively computes what <c>ReferenceGemm.Multiply</c> computes, up to float rounding order.</summary>
public static class SimdGemm
{
    private const int KC = 256;           // depth of one packed block
    private const int RowBlock = 64;      // rows of C per work item (multiple of MR)
    private const int ColBlock = 128;     // columns of C per work item (multiple of NR)
    private const long ParallelFlops = 1L << 18; // below this, threads cost more than they save

    /// <summary>True when a SIMD micro-kernel is available (Vector512 or Vector256 accelerated).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated;

    private static int MR => 8;
    private static int NR => Vector512.IsHardwareAccelerated ? 32 : 16;

    /// <summary>C (+)= op(A)·op(B) on spans (copies them to arrays first; kernels call the array overload).</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        GemmArguments.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        float[] cArray = c.ToArray();
        Multiply(transA, transB, m, n, k, a.ToArray(), 0, lda, b.ToArray(), 0, ldb, cArray, 0, ldc, accumulate);
        cArray.CopyTo(c);
    }

    /// <summary>
    /// C (+)= op(A)·op(B) where each matrix starts at its offset in its array (see the file header for shapes).
    /// Arrays, not spans, because the work items run on other threads.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc, bool accumulate)
    {
        if (!IsSupported)
            throw new PlatformNotSupportedException("SimdGemm needs Vector512 or Vector256 hardware acceleration; use Gemm.Multiply, which falls back to the reference kernel.");
        GemmArguments.Check(transA, transB, m, n, k, a.Length - aOffset, lda, b.Length - bOffset, ldb, c.Length - cOffset, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) c.AsSpan(cOffset + i * ldc, n).Clear();
            return;
        }

        int mr = MR, nr = NR;
        int rowPanels = (m + mr - 1) / mr, colPanels = (n + nr - 1) / nr;
        int kcMax = Math.Min(KC, k);
        float[] packedA = ArrayPool<float>.Shared.Rent(rowPanels * mr * kcMax);
        float[] packedB = ArrayPool<float>.Shared.Rent(colPanels * nr * kcMax);
        try
        {
            var job = new Job(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, packedA, packedB);
            int rowBlocks = (m + RowBlock - 1) / RowBlock, colBlocks = (n + ColBlock - 1) / ColBlock;
            bool parallel = 2L * m * n * k >= ParallelFlops;
            for (int p0 = 0; p0 < k; p0 += KC)
            {
                int kc = Math.Min(KC, k - p0);
                bool add = accumulate || p0 > 0;
                Parallelism.For(colPanels, parallel, panel => PackB(job, p0, kc, panel));
                Parallelism.For(rowPanels, parallel, panel => PackA(job, p0, kc, panel));
                Parallelism.For(rowBlocks * colBlocks, parallel, item => ComputeBlock(job, kc, add, item / colBlocks, item % colBlocks));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedA);
            ArrayPool<float>.Shared.Return(packedB);
        }
    }

    private sealed record Job(bool TransA, bool TransB, int M, int N, int K,
        float[] A, int AOffset, int Lda, float[] B, int BOffset, int Ldb, float[] C, int COffset, int Ldc,
        float[] PackedA, float[] PackedB);

    // Panel `panel` of op(A)[:, p0..p0+kc): packedA[(panel·kc + p)·MR + r] = op(A)(panel·MR + r, p0 + p), 0 past M.
    private static void PackA(Job job, int p0, int kc, int panel)
    {
        int mr = MR, i0 = panel * mr, rows = Math.Min(mr, job.M - i0);
        float[] a = job.A;
        int aOffset = job.AOffset;
        Span<float> dst = job.PackedA.AsSpan(panel * kc * mr, kc * mr);
        if (rows < mr) dst.Clear();
        for (int r = 0; r < rows; r++)
        {
            int i = i0 + r;
            if (job.TransA)
                for (int p = 0; p < kc; p++) dst[p * mr + r] = a[aOffset + (p0 + p) * job.Lda + i];
            else
            {
                ReadOnlySpan<float> src = a.AsSpan(aOffset + i * job.Lda + p0, kc);
                for (int p = 0; p < kc; p++) dst[p * mr + r] = src[p];
            }
        }
    }

    // Panel `panel` of op(B)[p0..p0+kc, :]: packedB[(panel·kc + p)·NR + j] = op(B)(p0 + p, panel·NR + j), 0 past N.
    private static void PackB(Job job, int p0, int kc, int panel)
    {
        int nr = NR, j0 = panel * nr, cols = Math.Min(nr, job.N - j0);
        float[] b = job.B;
        int bOffset = job.BOffset;
        Span<float> dst = job.PackedB.AsSpan(panel * kc * nr, kc * nr);
        if (cols < nr) dst.Clear();
        if (job.TransB)
        {
            for (int j = 0; j < cols; j++)
            {
                ReadOnlySpan<float> src = b.AsSpan(bOffset + (j0 + j) * job.Ldb + p0, kc);
                for (int p = 0; p < kc; p++) dst[p * nr + j] = src[p];
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
                b.AsSpan(bOffset + (p0 + p) * job.Ldb + j0, cols).CopyTo(dst.Slice(p * nr, cols));
        }
    }

    private static void ComputeBlock(Job job, int kc, bool add, int rowBlock, int colBlock)
    {
        int mr = MR, nr = NR;
        int iEnd = Math.Min(job.M, (rowBlock + 1) * RowBlock), jEnd = Math.Min(job.N, (colBlock + 1) * ColBlock);
        float[] c = job.C;
        int ldc = job.Ldc;
        Span<float> stage = stackalloc float[8 * 32];
        for (int i0 = rowBlock * RowBlock; i0 < iEnd; i0 += mr)
        {
            ref float ap = ref job.PackedA[i0 / mr * kc * mr];
            int rows = Math.Min(mr, job.M - i0);
            for (int j0 = colBlock * ColBlock; j0 < jEnd; j0 += nr)
            {
                ref float bp = ref job.PackedB[j0 / nr * kc * nr];
                int cols = Math.Min(nr, job.N - j0);
                if (rows == mr && cols == nr)
                {
                    Tile(ref ap, ref bp, kc, ref c[job.COffset + i0 * ldc + j0], ldc, add);
                }
                else
                {
                    // Edge tile: compute into a full staging tile, then add the valid part.
                    ref float s = ref MemoryMarshal.GetReference(stage);
                    Tile(ref ap, ref bp, kc, ref s, nr, add: false);
                    for (int r = 0; r < rows; r++)
                    {
                        Span<float> dst = c.AsSpan(job.COffset + (i0 + r) * ldc + j0, cols);
                        ReadOnlySpan<float> src = stage.Slice(r * nr, cols);
                        if (add) for (int j = 0; j < cols; j++) dst[j] += src[j];
                        else src.CopyTo(dst);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(ref float ap, ref float bp, int kc, ref float c, int ldc, bool add)
    {
        if (Vector512.IsHardwareAccelerated) Tile8x32(ref ap, ref bp, kc, ref c, ldc, add);
        else Tile8x16(ref ap, ref bp, kc, ref c, ldc, add);
    }

    // 8×32 tile with Vector512: 16 accumulators; per k: 2 B loads, 8 A broadcasts, 16 FMAs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x32(ref float ap, ref float bp, int kc, ref float c, int ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref bp, (nuint)(p * 32));
            Vector512<float> b1 = Vector512.LoadUnsafe(ref bp, (nuint)(p * 32 + 16));
            ref float a = ref Unsafe.Add(ref ap, p * 8);
            Vector512<float> av = Vector512.Create(a);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40); c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50); c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60); c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Vector512.FusedMultiplyAdd(av, b0, c70); c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
        }
        Store512(ref c, 0, c00, c01, add); Store512(ref c, ldc, c10, c11, add);
        Store512(ref c, 2 * ldc, c20, c21, add); Store512(ref c, 3 * ldc, c30, c31, add);
        Store512(ref c, 4 * ldc, c40, c41, add); Store512(ref c, 5 * ldc, c50, c51, add);
        Store512(ref c, 6 * ldc, c60, c61, add); Store512(ref c, 7 * ldc, c70, c71, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref float c, int offset, Vector512<float> v0, Vector512<float> v1, bool add)
    {
        ref float row = ref Unsafe.Add(ref c, offset);
        if (add)
        {
            v0 += Vector512.LoadUnsafe(ref row);
            v1 += Vector512.LoadUnsafe(ref row, 16);
        }
        v0.StoreUnsafe(ref row);
        v1.StoreUnsafe(ref row, 16);
    }

    // 8×16 tile with Vector256 (no AVX-512): 16 accumulators, same shape of loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x16(ref float ap, ref float bp, int kc, ref float c, int ldc, bool add)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.LoadUnsafe(ref bp, (nuint)(p * 16));
            Vector256<float> b1 = Vector256.LoadUnsafe(ref bp, (nuint)(p * 16 + 8));
            ref float a = ref Unsafe.Add(ref ap, p * 8);
            Vector256<float> av = Vector256.Create(a);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00); c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10); c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20); c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30); c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(Unsafe.Add(ref a, 4));
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40); c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(Unsafe.Add(ref a, 5));
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50); c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            av = Vector256.Create(Unsafe.Add(ref a, 6));
            c60 = Vector256.FusedMultiplyAdd(av, b0, c60); c61 = Vector256.FusedMultiplyAdd(av, b1, c61);
            av = Vector256.Create(Unsafe.Add(ref a, 7));
            c70 = Vector256.FusedMultiplyAdd(av, b0, c70); c71 = Vector256.FusedMultiplyAdd(av, b1, c71);
        }
        Store256(ref c, 0, c00, c01, add); Store256(ref c, ldc, c10, c11, add);
        Store256(ref c, 2 * ldc, c20, c21, add); Store256(ref c, 3 * ldc, c30, c31, add);
        Store256(ref c, 4 * ldc, c40, c41, add); Store256(ref c, 5 * ldc, c50, c51, add);
        Store256(ref c, 6 * ldc, c60, c61, add); Store256(ref c, 7 * ldc, c70, c71, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(ref float c, int offset, Vector256<float> v0, Vector256<float> v1, bool add)
    {
        ref float row = ref Unsafe.Add(ref c, offset);
        if (add)
        {
            v0 += Vector256.LoadUnsafe(ref row);
            v1 += Vector256.LoadUnsafe(ref row, 8);
        }
        v0.StoreUnsafe(ref row);
        v1.StoreUnsafe(ref row, 8);
    }
}
