// PoolKernels: the fast max pooling for the windows every seed CNN uses — width 2, height 1 or 2, stride equal
// to the window, no padding (MaxPool2d(2), MaxPool1d(2)). Its scalar twin and oracle is ReferencePool.MaxForward.
//
// Shapes: x (N·C, H, W) → y, argmax (N·C, Ho, Wo), Ho = H / Kh, Wo = W / 2; window (oh, ow) covers rows
// oh·Kh .. oh·Kh + Kh − 1, columns 2·ow, 2·ow + 1.
// What it buys: no window bounds or clipping per output and the 2 or 4 comparisons unrolled; the comparison
// sequence is ReferencePool's (row-major scan, strict >, NaN wins), so results and argmax are bit-identical.
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
                for (int ow = 0; ow < wo; ow++, o++)
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
}
