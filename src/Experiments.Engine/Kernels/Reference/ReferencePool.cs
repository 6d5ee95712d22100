// ReferencePool: plain-loop pooling over planes, forward and backward (PyTorch's CPU kernels, floor mode,
// dilation 1). Planes are the N·C slices of x (N, C, H, W); 1-D pooling uses H = Kh = 1.
//
// Shapes (g = ConvGeometry with OutChannels = C):  x, gx (N·C, H, W)   y, gy, argmax (N·C, Ho, Wo)
//   window of (oh, ow): rows oh·Sh − Ph .. + Kh − 1, columns ow·Sw − Pw .. + Kw − 1
//   max:  y = max over the window's in-range positions (padding is −∞); argmax = plane index of the FIRST
//         maximum in row-major scan (strict >, NaN wins: PyTorch's tie rule); gx[argmax] += gy
//   avg:  y = Σ window / divisor, divisor = Kh·Kw counting padding (count_include_pad) or the in-range count
//   adaptive avg: rows ⌊oh·H/Ho⌋ .. ⌈(oh+1)·H/Ho⌉ − 1, columns likewise; y = mean
namespace Experiments.Engine.Kernels.Reference;

/// <summary>Scalar pooling kernels; the oracle for Kernels/Simd/PoolKernels.cs.</summary>
internal static class ReferencePool
{
    /// <summary>Max pooling of planes [first, first + count); writes y and the argmax index of each output.</summary>
    public static void MaxForward(in ConvGeometry g, int first, int count, ReadOnlySpan<float> x, Span<float> y, Span<int> argmax)
    {
        int ho = g.OutHeight, wo = g.OutWidth;
        for (int p = first; p < first + count; p++)
        {
            ReadOnlySpan<float> xp = x.Slice(p * g.InPlane, g.InPlane);
            for (int oh = 0; oh < ho; oh++)
                for (int ow = 0; ow < wo; ow++)
                {
                    int h0 = oh * g.StrideH - g.PadH, w0 = ow * g.StrideW - g.PadW;
                    int h1 = Math.Min(h0 + g.KernelH, g.Height), w1 = Math.Min(w0 + g.KernelW, g.Width);
                    h0 = Math.Max(h0, 0);
                    w0 = Math.Max(w0, 0);
                    int best = h0 * g.Width + w0;
                    float max = float.NegativeInfinity;
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                        {
                            float v = xp[ih * g.Width + iw];
                            if (v > max || float.IsNaN(v))
                            {
                                max = v;
                                best = ih * g.Width + iw;
                            }
                        }
                    int o = (p * ho + oh) * wo + ow;
                    y[o] = max;
                    argmax[o] = best;
                }
        }
    }

    /// <summary>gx[plane, argmax] += gy for planes [first, first + count).</summary>
    public static void MaxBackward(in ConvGeometry g, int first, int count, ReadOnlySpan<float> gy, ReadOnlySpan<int> argmax, Span<float> gx)
    {
        int plane = g.OutPlane;
        for (int p = first; p < first + count; p++)
            for (int i = p * plane; i < (p + 1) * plane; i++)
                gx[p * g.InPlane + argmax[i]] += gy[i];
    }

    /// <summary>Average pooling of planes [first, first + count).</summary>
    public static void AvgForward(in ConvGeometry g, bool countIncludePad, int first, int count, ReadOnlySpan<float> x, Span<float> y)
    {
        int ho = g.OutHeight, wo = g.OutWidth;
        for (int p = first; p < first + count; p++)
            for (int oh = 0; oh < ho; oh++)
                for (int ow = 0; ow < wo; ow++)
                {
                    var (h0, h1, w0, w1, divisor) = AvgWindow(g, countIncludePad, oh, ow);
                    float sum = 0f;
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            sum += x[p * g.InPlane + ih * g.Width + iw];
                    y[(p * ho + oh) * wo + ow] = sum / divisor;
                }
    }

    /// <summary>gx += gy / divisor over each output's window, planes [first, first + count).</summary>
    public static void AvgBackward(in ConvGeometry g, bool countIncludePad, int first, int count, ReadOnlySpan<float> gy, Span<float> gx)
    {
        int ho = g.OutHeight, wo = g.OutWidth;
        for (int p = first; p < first + count; p++)
            for (int oh = 0; oh < ho; oh++)
                for (int ow = 0; ow < wo; ow++)
                {
                    var (h0, h1, w0, w1, divisor) = AvgWindow(g, countIncludePad, oh, ow);
                    float share = gy[(p * ho + oh) * wo + ow] / divisor;
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            gx[p * g.InPlane + ih * g.Width + iw] += share;
                }
    }

    /// <summary>Adaptive average pooling of <paramref name="planes"/> planes (H, W) → (Ho, Wo).</summary>
    public static void AdaptiveAvgForward(int planes, int h, int w, int ho, int wo, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int p = 0; p < planes; p++)
            for (int oh = 0; oh < ho; oh++)
                for (int ow = 0; ow < wo; ow++)
                {
                    int h0 = oh * h / ho, h1 = ((oh + 1) * h + ho - 1) / ho;
                    int w0 = ow * w / wo, w1 = ((ow + 1) * w + wo - 1) / wo;
                    float sum = 0f;
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            sum += x[(p * h + ih) * w + iw];
                    y[(p * ho + oh) * wo + ow] = sum / ((h1 - h0) * (w1 - w0));
                }
    }

    /// <summary>gx += gy / window size over each output's window.</summary>
    public static void AdaptiveAvgBackward(int planes, int h, int w, int ho, int wo, ReadOnlySpan<float> gy, Span<float> gx)
    {
        for (int p = 0; p < planes; p++)
            for (int oh = 0; oh < ho; oh++)
                for (int ow = 0; ow < wo; ow++)
                {
                    int h0 = oh * h / ho, h1 = ((oh + 1) * h + ho - 1) / ho;
                    int w0 = ow * w / wo, w1 = ((ow + 1) * w + wo - 1) / wo;
                    float share = gy[(p * ho + oh) * wo + ow] / ((h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            gx[(p * h + ih) * w + iw] += share;
                }
    }

    // PyTorch's avg_pool2d window: the divisor counts padded positions up to H + Ph (count_include_pad) or only in-range ones.
    private static (int H0, int H1, int W0, int W1, int Divisor) AvgWindow(in ConvGeometry g, bool countIncludePad, int oh, int ow)
    {
        int h0 = oh * g.StrideH - g.PadH, w0 = ow * g.StrideW - g.PadW;
        int h1 = Math.Min(h0 + g.KernelH, g.Height + g.PadH), w1 = Math.Min(w0 + g.KernelW, g.Width + g.PadW);
        int padded = (h1 - h0) * (w1 - w0);
        h0 = Math.Max(h0, 0);
        w0 = Math.Max(w0, 0);
        h1 = Math.Min(h1, g.Height);
        w1 = Math.Min(w1, g.Width);
        return (h0, h1, w0, w1, countIncludePad ? padded : (h1 - h0) * (w1 - w0));
    }
}
