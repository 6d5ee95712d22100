// ConvKernels: the fast 2-D convolution, im2col + the engine's GEMM, parallel over fixed batch partitions.
// Its scalar twin and test oracle is Kernels/Reference/ReferenceConv.cs.
//
// Shapes (g = ConvGeometry, P = Ho·Wo, Kc = Cin·Kh·Kw):
//   x_n (Cin, H, W) --im2col--> col (Kc, P);   col[(ci·Kh + kh)·Kw + kw, oh·Wo + ow] = x[ci, oh·Sh−Ph+kh, ow·Sw−Pw+kw] or 0
//   forward:   y_n (Cout, P)  = w (Cout, Kc) · col (Kc, P) + b
//   backward:  gw (Cout, Kc) += gy_n (Cout, P) · colᵀ (P, Kc)     (summed per partition, partitions added in order)
//              gcol (Kc, P)   = wᵀ (Kc, Cout) · gy_n (Cout, P);  gx_n += col2im(gcol)
//              gb (Cout)     += Σ_{n, p} gy_n[co, p]
// Products: ConvGemm's unpacked Vector256 loops for output planes of ≥ 32 (packing costs more than it saves on
// these short, wide matrices), the engine's packed GEMM otherwise and without Vector256 hardware. See Choose for
// the rule; tests run every path against the twin. (An implicit-GEMM variant without im2col was measured slower.)
// What it buys: the K = Cin·Kh·Kw inner products run in register-blocked FMA loops instead of 7 nested scalar
// loops; rows of col are filled with contiguous copies when the stride along W is 1.
using System.Buffers;
using System.Numerics.Tensors;

namespace Experiments.Engine.Kernels.Simd;

/// <summary>How <see cref="ConvKernels"/> forms its matrix products.</summary>
internal enum ConvPath
{
    /// <summary>Chosen by shape and hardware (<see cref="ConvKernels.Choose"/>).</summary>
    Auto,

    /// <summary>im2col + the engine's packed GEMM (the only path without Vector256 hardware).</summary>
    PackedGemm,

    /// <summary>im2col + the unpacked ConvGemm loops.</summary>
    ConvGemm,
}

/// <summary>im2col + GEMM convolution; effectively computes what <see cref="Reference.ReferenceConv"/> does.</summary>
internal static class ConvKernels
{
    /// <summary>y = conv(x, w) + b (b may be empty). <paramref name="path"/> forces a product path (tests); Auto picks by shape.</summary>
    public static void Forward(ConvGeometry g, ArraySegment<float> x, ArraySegment<float> w, ArraySegment<float> b, ArraySegment<float> y, ConvPath path = ConvPath.Auto)
    {
        g.CheckLengths(x.Count, y.Count, w.Count);
        bool useConvGemm = Choose(g, path) == ConvPath.ConvGemm;
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
                    if (useConvGemm)
                        ConvGemm.RowPanel(cout, plane, kc, w, kc, 1, col, plane, y.AsSpan(n * outSample, outSample), plane, accumulate: false);
                    else
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
        ArraySegment<float> gx, ArraySegment<float> gw, ArraySegment<float> gb, ConvPath path = ConvPath.Auto)
    {
        g.CheckLengths(x.Count, gy.Count, w.Count);
        bool useConvGemm = Choose(g, path) == ConvPath.ConvGemm;
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
                                if (useConvGemm)
                                    ConvGemm.DotPanel(cout, kc, plane, gy.AsSpan(n * outSample, outSample), plane, col, plane, partials.AsSpan(part * g.WeightLength, g.WeightLength), kc);
                                else
                                    Gemm.Multiply(false, true, cout, kc, plane, gy.Array!, gyn, plane, col, 0, plane, partials!, part * g.WeightLength, kc, accumulate: true);
                            }
                            if (wantX)
                            {
                                if (useConvGemm)
                                    ConvGemm.RowPanel(kc, plane, cout, w, 1, kc, gy.AsSpan(n * outSample, outSample), plane, col, plane, accumulate: false);
                                else
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
            AddBiasGradient(g, gy, gb);
        }
        finally
        {
            if (partials is not null) ArrayPool<float>.Shared.Return(partials);
        }
    }

    /// <summary>
    /// The product path for a shape: ConvGemm for output planes of at least 32 columns (its 16-column blocks fill);
    /// the packed GEMM for narrow planes (1-D convolutions over short sequences) and without Vector256 hardware.
    /// Measured on the cnn-s3 / cnn-mnist / cnn1d shapes (see the report of the conv work).
    /// </summary>
    internal static ConvPath Choose(in ConvGeometry g, ConvPath requested)
    {
        if (!ConvGemm.IsSupported) return ConvPath.PackedGemm;
        if (requested != ConvPath.Auto) return requested;
        return g.OutPlane < 32 ? ConvPath.PackedGemm : ConvPath.ConvGemm;
    }

    // gb (Cout) += Σ_{n, p} gy[n, co, p], in a fixed order.
    private static void AddBiasGradient(in ConvGeometry g, ArraySegment<float> gy, ArraySegment<float> gb)
    {
        if (gb.Count == 0) return;
        int plane = g.OutPlane, outSample = g.OutChannels * plane;
        ReadOnlySpan<float> gys = gy;
        Span<float> gbs = gb;
        for (int co = 0; co < g.OutChannels; co++)
        {
            float sum = 0f;
            for (int n = 0; n < g.Batch; n++)
                sum += TensorPrimitives.Sum(gys.Slice(n * outSample + co * plane, plane));
            gbs[co] += sum;
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
                        for (int ow = 0; ow < owStart; ow++) dst[ow] = 0f;
                        for (int ow = owEnd; ow < wo; ow++) dst[ow] = 0f;
                        int src = (ci * g.Height + ih) * g.Width + owStart * g.StrideW - g.PadW + kw;
                        if (g.StrideW == 1 && owEnd - owStart >= 16)
                            x.Slice(src, owEnd - owStart).CopyTo(dst.Slice(owStart));
                        else                                        // short runs: a plain loop beats a memmove call
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
                        if (g.StrideW == 1 && src.Length >= 32)
                        {
                            Span<float> target = gx.Slice(dst, src.Length);
                            TensorPrimitives.Add(target, src, target);
                        }
                        else                                        // short runs: a plain loop beats the call overhead
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
