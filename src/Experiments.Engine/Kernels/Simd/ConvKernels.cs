// ConvKernels: the fast 2-D convolution, im2col + the engine's GEMM, parallel over fixed batch partitions.
// Its scalar twin and test oracle is Kernels/Reference/ReferenceConv.cs.
//
// Shapes (g = ConvGeometry, P = Ho·Wo, Kc = Cin·Kh·Kw):
//   x_n (Cin, H, W) --im2col--> col (Kc, P);   col[(ci·Kh + kh)·Kw + kw, oh·Wo + ow] = x[ci, oh·Sh−Ph+kh, ow·Sw−Pw+kw] or 0
//   forward:   y_n (Cout, P)  = w (Cout, Kc) · col (Kc, P) + b
//   backward:  gw (Cout, Kc) += gy_n (Cout, P) · colᵀ (P, Kc)     (summed per partition, partitions added in order)
//              gcol (Kc, P)   = wᵀ (Kc, Cout) · gy_n (Cout, P);  gx_n += col2im(gcol)
//              gb (Cout)     += Σ_{n, p} gy_n[co, p]
// What it buys: the K = Cin·Kh·Kw inner products run in the packed GEMM instead of 7 nested scalar loops,
// and rows of col are filled with contiguous copies when the stride along W is 1.
using System.Buffers;
using System.Numerics.Tensors;

namespace Experiments.Engine.Kernels.Simd;

/// <summary>im2col + GEMM convolution; effectively computes what <see cref="Reference.ReferenceConv"/> does.</summary>
internal static class ConvKernels
{
    /// <summary>y = conv(x, w) + b (b may be empty).</summary>
    public static void Forward(ConvGeometry g, ArraySegment<float> x, ArraySegment<float> w, ArraySegment<float> b, ArraySegment<float> y)
    {
        g.CheckLengths(x.Count, y.Count, w.Count);
        int plane = g.OutPlane, kc = g.PatchSize, cout = g.OutChannels;
        int inSample = g.InChannels * g.InPlane, outSample = cout * plane;
        BatchPartitions.Run(g.Batch, (_, start, end) =>
        {
            float[] col = ArrayPool<float>.Shared.Rent(Math.Max(1, kc * plane));
            try
            {
                for (int n = start; n < end; n++)
                {
                    Im2Col(g, x.AsSpan(n * inSample, inSample), col);
                    Gemm.Multiply(false, false, cout, plane, kc, w.Array!, w.Offset, kc, col, 0, plane, y.Array!, y.Offset + n * outSample, plane, accumulate: false);
                    if (b.Count > 0)
                        for (int co = 0; co < cout; co++)
                        {
                            Span<float> row = y.AsSpan(n * outSample + co * plane, plane);
                            TensorPrimitives.Add(row, b[co], row);
                        }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(col);
            }
        });
    }

    /// <summary>
    /// Adds the gradients of x, w and b (each skipped when its memory is empty) for output gradient gy.
    /// </summary>
    public static void Backward(ConvGeometry g, ArraySegment<float> x, ArraySegment<float> w, ArraySegment<float> gy,
        ArraySegment<float> gx, ArraySegment<float> gw, ArraySegment<float> gb)
    {
        g.CheckLengths(x.Count, gy.Count, w.Count);
        int plane = g.OutPlane, kc = g.PatchSize, cout = g.OutChannels;
        int inSample = g.InChannels * g.InPlane, outSample = cout * plane;
        int parts = BatchPartitions.Count(g.Batch);
        bool wantW = gw.Count > 0, wantX = gx.Count > 0;
        float[]? partials = wantW ? ArrayPool<float>.Shared.Rent(Math.Max(1, parts * g.WeightLength)) : null;
        try
        {
            if (wantW || wantX)
                BatchPartitions.Run(g.Batch, (part, start, end) =>
                {
                    float[] col = ArrayPool<float>.Shared.Rent(Math.Max(1, kc * plane));
                    try
                    {
                        if (wantW) partials.AsSpan(part * g.WeightLength, g.WeightLength).Clear();
                        for (int n = start; n < end; n++)
                        {
                            int gyn = gy.Offset + n * outSample;
                            if (wantW)
                            {
                                Im2Col(g, x.AsSpan(n * inSample, inSample), col);
                                Gemm.Multiply(false, true, cout, kc, plane, gy.Array!, gyn, plane, col, 0, plane, partials!, part * g.WeightLength, kc, accumulate: true);
                            }
                            if (wantX)
                            {
                                Gemm.Multiply(true, false, kc, plane, cout, w.Array!, w.Offset, kc, gy.Array!, gyn, plane, col, 0, plane, accumulate: false);
                                Col2ImAdd(g, col, gx.AsSpan(n * inSample, inSample));
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(col);
                    }
                });
            if (wantW)
            {
                Span<float> target = gw.AsSpan(0, g.WeightLength);
                for (int p = 0; p < parts; p++)
                    TensorPrimitives.Add(target, partials.AsSpan(p * g.WeightLength, g.WeightLength), target);
            }
            if (gb.Count > 0)
            {
                ReadOnlySpan<float> gys = gy;
                Span<float> gbs = gb;
                for (int co = 0; co < cout; co++)
                {
                    float sum = 0f;
                    for (int n = 0; n < g.Batch; n++)
                        sum += TensorPrimitives.Sum(gys.Slice(n * outSample + co * plane, plane));
                    gbs[co] += sum;
                }
            }
        }
        finally
        {
            if (partials is not null) ArrayPool<float>.Shared.Return(partials);
        }
    }

    /// <summary>col (Kc, Ho·Wo) from one sample x (Cin, H, W), zeros where the window hangs over the padding.</summary>
    internal static void Im2Col(in ConvGeometry g, ReadOnlySpan<float> x, Span<float> col)
    {
        int ho = g.OutHeight, wo = g.OutWidth, plane = ho * wo;
        for (int ci = 0; ci < g.InChannels; ci++)
            for (int kh = 0; kh < g.KernelH; kh++)
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    Span<float> row = col.Slice(((ci * g.KernelH + kh) * g.KernelW + kw) * plane, plane);
                    var (owStart, owEnd) = ValidColumns(g, kw, wo);
                    for (int oh = 0; oh < ho; oh++)
                    {
                        Span<float> dst = row.Slice(oh * wo, wo);
                        int ih = oh * g.StrideH - g.PadH + kh;
                        if ((uint)ih >= (uint)g.Height || owStart >= owEnd)
                        {
                            dst.Clear();
                            continue;
                        }
                        dst.Slice(0, owStart).Clear();
                        dst.Slice(owEnd).Clear();
                        int src = (ci * g.Height + ih) * g.Width + owStart * g.StrideW - g.PadW + kw;
                        if (g.StrideW == 1)
                            x.Slice(src, owEnd - owStart).CopyTo(dst.Slice(owStart));
                        else
                            for (int ow = owStart; ow < owEnd; ow++, src += g.StrideW)
                                dst[ow] = x[src];
                    }
                }
    }

    /// <summary>gx (Cin, H, W) += col2im(gcol (Kc, Ho·Wo)): each column entry goes back to the input it was copied from.</summary>
    internal static void Col2ImAdd(in ConvGeometry g, ReadOnlySpan<float> gcol, Span<float> gx)
    {
        int ho = g.OutHeight, wo = g.OutWidth, plane = ho * wo;
        for (int ci = 0; ci < g.InChannels; ci++)
            for (int kh = 0; kh < g.KernelH; kh++)
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    ReadOnlySpan<float> row = gcol.Slice(((ci * g.KernelH + kh) * g.KernelW + kw) * plane, plane);
                    var (owStart, owEnd) = ValidColumns(g, kw, wo);
                    if (owStart >= owEnd) continue;
                    for (int oh = 0; oh < ho; oh++)
                    {
                        int ih = oh * g.StrideH - g.PadH + kh;
                        if ((uint)ih >= (uint)g.Height) continue;
                        int dst = (ci * g.Height + ih) * g.Width + owStart * g.StrideW - g.PadW + kw;
                        ReadOnlySpan<float> src = row.Slice(oh * wo + owStart, owEnd - owStart);
                        if (g.StrideW == 1)
                        {
                            Span<float> target = gx.Slice(dst, src.Length);
                            TensorPrimitives.Add(target, src, target);
                        }
                        else
                            for (int i = 0; i < src.Length; i++, dst += g.StrideW)
                                gx[dst] += src[i];
                    }
                }
    }

    // Output columns ow in [start, end) whose input column ow·Sw − Pw + kw lies inside 0..W−1.
    private static (int Start, int End) ValidColumns(in ConvGeometry g, int kw, int wo)
    {
        int offset = kw - g.PadW;                                   // iw = ow·Sw + offset
        int start = offset >= 0 ? 0 : (-offset + g.StrideW - 1) / g.StrideW;
        int end = g.Width - 1 - offset < 0 ? 0 : Math.Min(wo, (g.Width - 1 - offset) / g.StrideW + 1);
        return (Math.Min(start, wo), Math.Max(Math.Min(start, wo), end));
    }
}
