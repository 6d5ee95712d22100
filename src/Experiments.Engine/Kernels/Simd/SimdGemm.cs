// SimdGemm: packed, blocked single-precision GEMM with a Vector512 (or Vector256) register-tile micro-kernel.
//
// C (M, N) (+)= op(A) (M, K) · op(B) (K, N), row-major; scalar twin: Kernels/Reference/ReferenceGemm.cs.
//
// Structure (after Goto/BLIS, https://www.cs.utexas.edu/~flame/pubs/GotoTOMS_revision.pdf):
//   C is cut into a fixed grid of work items (row block × column block), run in parallel; each item:
//     for each K block of KC:                  (C is overwritten by the first block unless accumulating)
//       pack its op(B)[kc, cols] into column panels of NR (KC rows of NR contiguous floats, zero-padded)
//       for each row panel of MR rows:
//         A is read in place when not transposed (MR row streams); transposed A and the last partial
//         panel are packed (KC columns of MR contiguous floats, zero-padded)
//         for each column panel: micro-kernel over KC -> add into C
// One parallel loop per GEMM, no shared packing phase: B is packed once per row block (cheap next to the
// block's FLOPs), and reading A in place saves packing it at all for the common x·Wᵀ and g·W products.
// Partial tiles go through a small staging tile.
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
    private const int MinRowBlock = 32;   // fewest rows of C per work item (multiple of MR)
    private const int DotMinK = 128;      // below this, the dot kernel's horizontal sums cost more than packing B
    private const int DotMaxN = 64;       // above this, packing B (once per row block) pays off and the 8×32 tile wins
    private const int MinItems = 4;       // work items wanted for load balance on 2+ threads
    private const int ColBlock = 128;     // columns of C per work item (multiple of NR)
    private const long ParallelFlops = 1L << 20; // below this, threads cost more than they save

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

        // The grid depends on the shape only (never on the thread count): see Parallelism.
        // Column blocks of ColBlock; rows split into as few blocks as give >= MinItems items (each row block
        // re-packs its B block, so fewer is cheaper), but at least MinRowBlock rows each.
        int colBlocks = (n + ColBlock - 1) / ColBlock;
        int rowBlocks = Math.Max(1, Math.Min((m + MinRowBlock - 1) / MinRowBlock, (MinItems + colBlocks - 1) / colBlocks));
        int rowBlock = ((m + rowBlocks - 1) / rowBlocks + MR - 1) / MR * MR;
        rowBlocks = (m + rowBlock - 1) / rowBlock;
        var job = new Job(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate, rowBlock, colBlocks);
        bool parallel = 2L * m * n * k >= ParallelFlops;
        if (!transA && transB && k >= DotMinK && n <= DotMaxN && Vector512.IsHardwareAccelerated)
            Parallelism.For(rowBlocks * colBlocks, parallel, new DotItems(job));
        else
            Parallelism.For(rowBlocks * colBlocks, parallel, new PackedItems(job));
    }

    // The two loop bodies over work items (row block × column block), as structs: no closure per GEMM.
    private readonly struct DotItems(Job job) : IParallelBody
    {
        public void Invoke(int item) => ComputeItemDot(job, item / job.ColBlocks, item % job.ColBlocks);
    }

    private readonly struct PackedItems(Job job) : IParallelBody
    {
        public void Invoke(int item) => ComputeItem(job, item / job.ColBlocks, item % job.ColBlocks);
    }

    // A·Bᵀ with both operands row-major in K (x·Wᵀ, every Linear forward): rows of A and rows of B are
    // contiguous, so each C element is a dot product vectorised along K — no packing at all. A 4×4 tile keeps
    // 16 Vector512 accumulators; per 16 k: 4 A loads, 4 B loads, 16 FMAs (each load reused 4 times).
    // Lanes are summed horizontally at the end and the K remainder (< 16) is added in scalar.
    private static void ComputeItemDot(in Job job, int rowBlock, int colBlock)
    {
        int i0 = rowBlock * job.RowBlock, iEnd = Math.Min(job.M, i0 + job.RowBlock);
        int j0 = colBlock * ColBlock, jEnd = Math.Min(job.N, j0 + ColBlock);
        for (int i = i0; i < iEnd; i += 4)
        {
            int rows = Math.Min(4, iEnd - i);
            for (int j = j0; j < jEnd; j += 4)
            {
                int cols = Math.Min(4, jEnd - j);
                if (rows == 4 && cols == 4)
                {
                    Dot4x4(job, i, j);
                    continue;
                }
                for (int r = 0; r < rows; r++)
                    for (int q = 0; q < cols; q++)
                        Dot1x1(job, i + r, j + q);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x4(in Job job, int i, int j)
    {
        int k = job.K, lda = job.Lda, ldb = job.Ldb, ldc = job.Ldc;
        ref float a0 = ref job.A[job.AOffset + i * lda];
        ref float a1 = ref Unsafe.Add(ref a0, lda);
        ref float a2 = ref Unsafe.Add(ref a0, 2 * lda);
        ref float a3 = ref Unsafe.Add(ref a0, 3 * lda);
        ref float b0 = ref job.B[job.BOffset + j * ldb];
        ref float b1 = ref Unsafe.Add(ref b0, ldb);
        ref float b2 = ref Unsafe.Add(ref b0, 2 * ldb);
        ref float b3 = ref Unsafe.Add(ref b0, 3 * ldb);
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
        int p = 0;
        for (; p <= k - 16; p += 16)
        {
            Vector512<float> vb0 = Vector512.LoadUnsafe(ref b0, (nuint)p), vb1 = Vector512.LoadUnsafe(ref b1, (nuint)p);
            Vector512<float> vb2 = Vector512.LoadUnsafe(ref b2, (nuint)p), vb3 = Vector512.LoadUnsafe(ref b3, (nuint)p);
            Vector512<float> va = Vector512.LoadUnsafe(ref a0, (nuint)p);
            c00 = Vector512.FusedMultiplyAdd(va, vb0, c00); c01 = Vector512.FusedMultiplyAdd(va, vb1, c01);
            c02 = Vector512.FusedMultiplyAdd(va, vb2, c02); c03 = Vector512.FusedMultiplyAdd(va, vb3, c03);
            va = Vector512.LoadUnsafe(ref a1, (nuint)p);
            c10 = Vector512.FusedMultiplyAdd(va, vb0, c10); c11 = Vector512.FusedMultiplyAdd(va, vb1, c11);
            c12 = Vector512.FusedMultiplyAdd(va, vb2, c12); c13 = Vector512.FusedMultiplyAdd(va, vb3, c13);
            va = Vector512.LoadUnsafe(ref a2, (nuint)p);
            c20 = Vector512.FusedMultiplyAdd(va, vb0, c20); c21 = Vector512.FusedMultiplyAdd(va, vb1, c21);
            c22 = Vector512.FusedMultiplyAdd(va, vb2, c22); c23 = Vector512.FusedMultiplyAdd(va, vb3, c23);
            va = Vector512.LoadUnsafe(ref a3, (nuint)p);
            c30 = Vector512.FusedMultiplyAdd(va, vb0, c30); c31 = Vector512.FusedMultiplyAdd(va, vb1, c31);
            c32 = Vector512.FusedMultiplyAdd(va, vb2, c32); c33 = Vector512.FusedMultiplyAdd(va, vb3, c33);
        }
        Span<float> sums =
        [
            Vector512.Sum(c00), Vector512.Sum(c01), Vector512.Sum(c02), Vector512.Sum(c03),
            Vector512.Sum(c10), Vector512.Sum(c11), Vector512.Sum(c12), Vector512.Sum(c13),
            Vector512.Sum(c20), Vector512.Sum(c21), Vector512.Sum(c22), Vector512.Sum(c23),
            Vector512.Sum(c30), Vector512.Sum(c31), Vector512.Sum(c32), Vector512.Sum(c33),
        ];
        for (; p < k; p++)
        {
            float x0 = Unsafe.Add(ref a0, p), x1 = Unsafe.Add(ref a1, p), x2 = Unsafe.Add(ref a2, p), x3 = Unsafe.Add(ref a3, p);
            float y0 = Unsafe.Add(ref b0, p), y1 = Unsafe.Add(ref b1, p), y2 = Unsafe.Add(ref b2, p), y3 = Unsafe.Add(ref b3, p);
            sums[0] += x0 * y0; sums[1] += x0 * y1; sums[2] += x0 * y2; sums[3] += x0 * y3;
            sums[4] += x1 * y0; sums[5] += x1 * y1; sums[6] += x1 * y2; sums[7] += x1 * y3;
            sums[8] += x2 * y0; sums[9] += x2 * y1; sums[10] += x2 * y2; sums[11] += x2 * y3;
            sums[12] += x3 * y0; sums[13] += x3 * y1; sums[14] += x3 * y2; sums[15] += x3 * y3;
        }
        for (int r = 0; r < 4; r++)
        {
            Span<float> row = job.C.AsSpan(job.COffset + (i + r) * ldc + j, 4);
            for (int q = 0; q < 4; q++) row[q] = job.Accumulate ? row[q] + sums[r * 4 + q] : sums[r * 4 + q];
        }
    }

    // One C element of A·Bᵀ, same lane split and summation order as Dot4x4 (edges of the grid).
    private static void Dot1x1(in Job job, int i, int j)
    {
        int k = job.K;
        ref float a = ref job.A[job.AOffset + i * job.Lda];
        ref float b = ref job.B[job.BOffset + j * job.Ldb];
        Vector512<float> acc = default;
        int p = 0;
        for (; p <= k - 16; p += 16)
            acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)p), Vector512.LoadUnsafe(ref b, (nuint)p), acc);
        float sum = Vector512.Sum(acc);
        for (; p < k; p++) sum += Unsafe.Add(ref a, p) * Unsafe.Add(ref b, p);
        ref float c = ref job.C[job.COffset + i * job.Ldc + j];
        c = job.Accumulate ? c + sum : sum;
    }

    private readonly record struct Job(bool TransA, bool TransB, int M, int N, int K,
        float[] A, int AOffset, int Lda, float[] B, int BOffset, int Ldb, float[] C, int COffset, int Ldc,
        bool Accumulate, int RowBlock, int ColBlocks);

    private static void ComputeItem(in Job job, int rowBlock, int colBlock)
    {
        int mr = MR, nr = NR;
        int i0 = rowBlock * job.RowBlock, iEnd = Math.Min(job.M, i0 + job.RowBlock);
        int j0 = colBlock * ColBlock, jEnd = Math.Min(job.N, j0 + ColBlock);
        int colPanels = (jEnd - j0 + nr - 1) / nr;
        int kcMax = Math.Min(KC, job.K);
        float[] packedB = ArrayPool<float>.Shared.Rent(colPanels * nr * kcMax);
        float[] packedA = ArrayPool<float>.Shared.Rent(mr * kcMax);
        try
        {
            Span<float> stage = stackalloc float[8 * 32];
            float[] c = job.C;
            int ldc = job.Ldc;
            for (int p0 = 0; p0 < job.K; p0 += KC)
            {
                int kc = Math.Min(KC, job.K - p0);
                bool add = job.Accumulate || p0 > 0;
                for (int panel = 0; panel < colPanels; panel++)
                    PackB(job, p0, kc, j0 + panel * nr, packedB.AsSpan(panel * kc * nr, kc * nr));
                for (int i = i0; i < iEnd; i += mr)
                {
                    int rows = Math.Min(mr, job.M - i);
                    ref float ap = ref packedA[0];
                    nint rs = 1, ps = mr;
                    if (!job.TransA && rows == mr)
                    {
                        ap = ref job.A[job.AOffset + i * job.Lda + p0];   // read A in place: row r at r·lda
                        rs = job.Lda;
                        ps = 1;
                    }
                    else
                    {
                        PackA(job, p0, kc, i, rows, packedA.AsSpan(0, kc * mr));
                    }
                    for (int panel = 0; panel < colPanels; panel++)
                    {
                        int j = j0 + panel * nr, cols = Math.Min(nr, job.N - j);
                        ref float bp = ref packedB[panel * kc * nr];
                        if (rows == mr && cols == nr)
                        {
                            Tile(ref ap, rs, ps, ref bp, kc, ref c[job.COffset + i * ldc + j], ldc, add);
                            continue;
                        }
                        // Edge tile: compute into a full staging tile, then store the valid part.
                        Tile(ref ap, rs, ps, ref bp, kc, ref MemoryMarshal.GetReference(stage), nr, add: false);
                        for (int r = 0; r < rows; r++)
                        {
                            Span<float> dst = c.AsSpan(job.COffset + (i + r) * ldc + j, cols);
                            ReadOnlySpan<float> src = stage.Slice(r * nr, cols);
                            if (add) for (int q = 0; q < cols; q++) dst[q] += src[q];
                            else src.CopyTo(dst);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedA);
            ArrayPool<float>.Shared.Return(packedB);
        }
    }

    // Rows i0..i0+rows of op(A)[:, p0..p0+kc): dst[p·MR + r] = op(A)(i0 + r, p0 + p), 0 past the rows.
    private static void PackA(in Job job, int p0, int kc, int i0, int rows, Span<float> dst)
    {
        int mr = MR;
        float[] a = job.A;
        if (rows < mr) dst.Clear();
        if (job.TransA)
        {
            for (int p = 0; p < kc; p++)
                a.AsSpan(job.AOffset + (p0 + p) * job.Lda + i0, rows).CopyTo(dst.Slice(p * mr, rows));
        }
        else
        {
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> src = a.AsSpan(job.AOffset + (i0 + r) * job.Lda + p0, kc);
                for (int p = 0; p < kc; p++) dst[p * mr + r] = src[p];
            }
        }
    }

    // Columns j0..j0+NR of op(B)[p0..p0+kc, :]: dst[p·NR + j] = op(B)(p0 + p, j0 + j), 0 past N.
    private static void PackB(in Job job, int p0, int kc, int j0, Span<float> dst)
    {
        int nr = NR, cols = Math.Min(nr, job.N - j0);
        float[] b = job.B;
        if (cols < nr) dst.Clear();
        if (job.TransB)
        {
            for (int j = 0; j < cols; j++)
            {
                ReadOnlySpan<float> src = b.AsSpan(job.BOffset + (j0 + j) * job.Ldb + p0, kc);
                for (int p = 0; p < kc; p++) dst[p * nr + j] = src[p];
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
                b.AsSpan(job.BOffset + (p0 + p) * job.Ldb + j0, cols).CopyTo(dst.Slice(p * nr, cols));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(ref float ap, nint rs, nint ps, ref float bp, int kc, ref float c, int ldc, bool add)
    {
        if (Vector512.IsHardwareAccelerated) Tile8x32(ref ap, rs, ps, ref bp, kc, ref c, ldc, add);
        else Tile8x16(ref ap, rs, ps, ref bp, kc, ref c, ldc, add);
    }

    // 8×32 tile with Vector512: 16 accumulators; per k: 2 B loads, 8 A broadcasts, 16 FMAs.
    // A element (r, p) is at ap[r·rs + p·ps]: (1, MR) for a packed panel, (lda, 1) for A read in place.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x32(ref float ap, nint rs, nint ps, ref float bp, int kc, ref float c, int ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref bp, (nuint)(p * 32));
            Vector512<float> b1 = Vector512.LoadUnsafe(ref bp, (nuint)(p * 32 + 16));
            ref float a = ref Unsafe.Add(ref ap, p * ps);
            Vector512<float> av = Vector512.Create(a);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(Unsafe.Add(ref a, 1 * rs));
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(Unsafe.Add(ref a, 2 * rs));
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(Unsafe.Add(ref a, 3 * rs));
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(Unsafe.Add(ref a, 4 * rs));
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40); c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(Unsafe.Add(ref a, 5 * rs));
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50); c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(Unsafe.Add(ref a, 6 * rs));
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60); c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(Unsafe.Add(ref a, 7 * rs));
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
    private static void Tile8x16(ref float ap, nint rs, nint ps, ref float bp, int kc, ref float c, int ldc, bool add)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.LoadUnsafe(ref bp, (nuint)(p * 16));
            Vector256<float> b1 = Vector256.LoadUnsafe(ref bp, (nuint)(p * 16 + 8));
            ref float a = ref Unsafe.Add(ref ap, p * ps);
            Vector256<float> av = Vector256.Create(a);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00); c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(Unsafe.Add(ref a, 1 * rs));
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10); c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(Unsafe.Add(ref a, 2 * rs));
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20); c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(Unsafe.Add(ref a, 3 * rs));
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30); c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(Unsafe.Add(ref a, 4 * rs));
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40); c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(Unsafe.Add(ref a, 5 * rs));
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50); c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            av = Vector256.Create(Unsafe.Add(ref a, 6 * rs));
            c60 = Vector256.FusedMultiplyAdd(av, b0, c60); c61 = Vector256.FusedMultiplyAdd(av, b1, c61);
            av = Vector256.Create(Unsafe.Add(ref a, 7 * rs));
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
