// PoolKernels: the fast max pooling for the windows every seed CNN uses — width 2, height 1 or 2, stride equal
// to the window, no padding (MaxPool2d(2), MaxPool1d(2)). Its scalar twin and oracle is ReferencePool.MaxForward.
//
// Shapes: x (N·C, H, W) → y, argmax (N·C, Ho, Wo), Ho = H / Kh, Wo = W / 2; window (oh, ow) covers rows
// oh·Kh .. oh·Kh + Kh − 1, columns 2·ow, 2·ow + 1.
// What it buys: no window bounds or clipping per output, the 2 or 4 comparisons unrolled, and 8 windows per step in
// Vector256 lanes (even/odd columns split by a shuffle, branch-free selects; a last overlapping step covers the row's tail; ~10x on the cnn-s3 pool, best-of-300 single calls on the shared 2-core VM); the comparison
// sequence is ReferencePool's (row-major scan, strict >, NaN wins), so results and argmax are bit-identical.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Experiments.Engine.Kernels.Simd;

/// <summary>Unrolled max pooling for (1, 2) and (2, 2) windows with stride = window and no padding.</summary>
internal static class PoolKernels
{
    /// <summary>True when <see cref="MaxForward"/> handles this geometry.</summary>
    public static bool Handles(in ConvGeometry g) =>
        g.KernelW == 2 && g.StrideW == 2 && (g.KernelH == 1 || g.KernelH == 2) && g.StrideH == g.KernelH && g.PadH == 0 && g.PadW == 0;

    /// <summary>Max pooling of planes [first, first + count), writing y and the argmax index (within the plane) of each output.</summary>
    public static void MaxForward(in ConvGeometry g, int first, int count, ReadOnlySpan<float> x, Span<float> y, Span<int> argmax)
    {
        if (!Handles(g))
            throw new ArgumentException($"PoolKernels.MaxForward handles (1, 2) and (2, 2) windows with equal stride and no padding; got {g}. Use ReferencePool.MaxForward.");
        int w = g.Width, ho = g.OutHeight, wo = g.OutWidth, plane = g.InPlane;
        bool twoRows = g.KernelH == 2;
        for (int p = first; p < first + count; p++)
        {
            ReadOnlySpan<float> xp = x.Slice(p * plane, plane);
            int o = p * ho * wo;
            for (int oh = 0; oh < ho; oh++)
            {
                int row = oh * g.KernelH * w;
                int ow = 0;
                if (Vector256.IsHardwareAccelerated && wo >= W)
                {
                    for (; ow + W <= wo; ow += W, o += W)
                        MaxWindows8(xp, row, 2 * ow, w, twoRows, y.Slice(o, W), argmax.Slice(o, W));
                    if (ow < wo)
                    {
                        // The last < 8 windows: one more 8-lane step ending at the row's last window (it recomputes a
                        // few windows with the same lane-wise steps, so they get the same values).
                        int back = W - (wo - ow);
                        MaxWindows8(xp, row, 2 * (ow - back), w, twoRows, y.Slice(o - back, W), argmax.Slice(o - back, W));
                        o += wo - ow;
                        ow = wo;
                    }
                }
                for (; ow < wo; ow++, o++)
                {
                    int i = row + 2 * ow, best = i;
                    float max = xp[i];
                    float v = xp[i + 1];
                    if (v > max || float.IsNaN(v)) { max = v; best = i + 1; }
                    if (twoRows)
                    {
                        v = xp[i + w];
                        if (v > max || float.IsNaN(v)) { max = v; best = i + w; }
                        v = xp[i + w + 1];
                        if (v > max || float.IsNaN(v)) { max = v; best = i + w + 1; }
                    }
                    y[o] = max;
                    argmax[o] = best;
                }
            }
        }
    }

    private const int W = 8; // Vector256<float>.Count

    /// <summary>
    /// 8 adjacent windows at once: columns col .. col + 15 of the window row(s) are split into even (window column 0)
    /// and odd (window column 1) lanes, then the scalar loop's comparisons run lane-wise in the same order, with
    /// selects instead of branches (on random activations every comparison is a coin flip for a branch predictor).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxWindows8(ReadOnlySpan<float> xp, int row, int col, int w, bool twoRows, Span<float> y, Span<int> argmax)
    {
        ref float top = ref MemoryMarshal.GetReference(xp.Slice(row + col, 2 * W));
        var (v00, v01) = Deinterleave(Vector256.LoadUnsafe(ref top), Vector256.LoadUnsafe(ref top, W));
        Vector256<int> i00 = Vector256.Create(row + col) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        Vector256<float> max = v00;
        Vector256<int> best = i00;
        Take(v01, i00 + Vector256<int>.One, ref max, ref best);
        if (twoRows)
        {
            ref float bottom = ref MemoryMarshal.GetReference(xp.Slice(row + w + col, 2 * W));
            var (v10, v11) = Deinterleave(Vector256.LoadUnsafe(ref bottom), Vector256.LoadUnsafe(ref bottom, W));
            Vector256<int> i10 = i00 + Vector256.Create(w);
            Take(v10, i10, ref max, ref best);
            Take(v11, i10 + Vector256<int>.One, ref max, ref best);
        }
        max.StoreUnsafe(ref MemoryMarshal.GetReference(y));
        best.StoreUnsafe(ref MemoryMarshal.GetReference(argmax));
    }

    // (a0 a1 ... a15) → (a0 a2 ... a14), (a1 a3 ... a15).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) Deinterleave(Vector256<float> low, Vector256<float> high)
    {
        Vector256<int> order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        Vector256<float> l = Vector256.Shuffle(low, order), h = Vector256.Shuffle(high, order);
        return (Vector256.Create(l.GetLower(), h.GetLower()), Vector256.Create(l.GetUpper(), h.GetUpper()));
    }

    // Lane-wise "if (v > max || NaN(v)) { max = v; best = index; }".
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector256<float> v, Vector256<int> index, ref Vector256<float> max, ref Vector256<int> best)
    {
        Vector256<float> take = Vector256.GreaterThan(v, max) | ~Vector256.Equals(v, v);
        max = Vector256.ConditionalSelect(take, v, max);
        best = Vector256.ConditionalSelect(take.AsInt32(), index, best);
    }
}
