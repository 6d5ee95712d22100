// ReferenceConv: plain-loop 2-D convolution (cross-correlation, as PyTorch), forward and the three backward
// parts. The oracle for Kernels/Simd/ConvKernels.cs (im2col + GEMM) and its fallback.
//
// Shapes (g = ConvGeometry; 1-D convolutions use H = Kh = 1):
//   x  (N, Cin, H, W)     w (Cout, Cin, Kh, Kw)     b (Cout)     y, gy (N, Cout, Ho, Wo)
//   y[n,co,oh,ow] = b[co] + Σ_{ci,kh,kw} x[n, ci, oh·Sh − Ph + kh, ow·Sw − Pw + kw] · w[co,ci,kh,kw]
//   (positions outside x read 0: zero padding)
namespace Experiments.Engine.Kernels.Reference;

/// <summary>Scalar twin of the im2col convolution: direct loops, one float accumulator per output.</summary>
internal static class ReferenceConv
{
    /// <summary>y = conv(x, w) + b.</summary>
    public static void Forward(in ConvGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y)
    {
        g.CheckLengths(x.Length, y.Length, w.Length);
        int ho = g.OutHeight, wo = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
            for (int co = 0; co < g.OutChannels; co++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++)
                    {
                        float sum = 0f;
                        for (int ci = 0; ci < g.InChannels; ci++)
                            for (int kh = 0; kh < g.KernelH; kh++)
                            {
                                int ih = oh * g.StrideH - g.PadH + kh;
                                if ((uint)ih >= (uint)g.Height) continue;
                                for (int kw = 0; kw < g.KernelW; kw++)
                                {
                                    int iw = ow * g.StrideW - g.PadW + kw;
                                    if ((uint)iw >= (uint)g.Width) continue;
                                    sum += x[((n * g.InChannels + ci) * g.Height + ih) * g.Width + iw]
                                         * w[((co * g.InChannels + ci) * g.KernelH + kh) * g.KernelW + kw];
                                }
                            }
                        y[((n * g.OutChannels + co) * ho + oh) * wo + ow] = (b.IsEmpty ? 0f : b[co]) + sum;
                    }
    }

    /// <summary>gx (N, Cin, H, W) += Σ gy[n,co,oh,ow] · w[co,ci,kh,kw] over the outputs each input feeds.</summary>
    public static void BackwardInput(in ConvGeometry g, ReadOnlySpan<float> gy, ReadOnlySpan<float> w, Span<float> gx)
    {
        g.CheckLengths(gx.Length, gy.Length, w.Length);
        int ho = g.OutHeight, wo = g.OutWidth;
        for (int n = 0; n < g.Batch; n++)
            for (int co = 0; co < g.OutChannels; co++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++)
                    {
                        float go = gy[((n * g.OutChannels + co) * ho + oh) * wo + ow];
                        for (int ci = 0; ci < g.InChannels; ci++)
                            for (int kh = 0; kh < g.KernelH; kh++)
                            {
                                int ih = oh * g.StrideH - g.PadH + kh;
                                if ((uint)ih >= (uint)g.Height) continue;
                                for (int kw = 0; kw < g.KernelW; kw++)
                                {
                                    int iw = ow * g.StrideW - g.PadW + kw;
                                    if ((uint)iw >= (uint)g.Width) continue;
                                    gx[((n * g.InChannels + ci) * g.Height + ih) * g.Width + iw] +=
                                        go * w[((co * g.InChannels + ci) * g.KernelH + kh) * g.KernelW + kw];
                                }
                            }
                    }
    }

    /// <summary>gw (Cout, Cin, Kh, Kw) += Σ_{n,oh,ow} gy[n,co,oh,ow] · x[n, ci, ih, iw].</summary>
    public static void BackwardWeight(in ConvGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> gy, Span<float> gw)
    {
        g.CheckLengths(x.Length, gy.Length, gw.Length);
        int ho = g.OutHeight, wo = g.OutWidth;
        for (int co = 0; co < g.OutChannels; co++)
            for (int ci = 0; ci < g.InChannels; ci++)
                for (int kh = 0; kh < g.KernelH; kh++)
                    for (int kw = 0; kw < g.KernelW; kw++)
                    {
                        float sum = 0f;
                        for (int n = 0; n < g.Batch; n++)
                            for (int oh = 0; oh < ho; oh++)
                            {
                                int ih = oh * g.StrideH - g.PadH + kh;
                                if ((uint)ih >= (uint)g.Height) continue;
                                for (int ow = 0; ow < wo; ow++)
                                {
                                    int iw = ow * g.StrideW - g.PadW + kw;
                                    if ((uint)iw >= (uint)g.Width) continue;
                                    sum += gy[((n * g.OutChannels + co) * ho + oh) * wo + ow]
                                         * x[((n * g.InChannels + ci) * g.Height + ih) * g.Width + iw];
                                }
                            }
                        gw[((co * g.InChannels + ci) * g.KernelH + kh) * g.KernelW + kw] += sum;
                    }
    }

    /// <summary>gb (Cout) += Σ_{n,oh,ow} gy[n,co,oh,ow].</summary>
    public static void BackwardBias(in ConvGeometry g, ReadOnlySpan<float> gy, Span<float> gb)
    {
        int plane = g.OutPlane;
        for (int co = 0; co < g.OutChannels; co++)
        {
            float sum = 0f;
            for (int n = 0; n < g.Batch; n++)
                for (int i = 0; i < plane; i++)
                    sum += gy[(n * g.OutChannels + co) * plane + i];
            gb[co] += sum;
        }
    }
}
