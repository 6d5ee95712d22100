// ConvKernels: the fast 2-D convolution, im2col + the engine's GEMM, parallel over fixed batch partitions.
// Its scalar twin and test oracle is Kernels/Reference/ReferenceConv.cs.
//
// Shapes (g = ConvGeometry, P = Ho·Wo, Kc = Cin·Kh·Kw):
//   x_n (Cin, H, W) --im2col--> col (Kc, P);   col[(ci·Kh + kh)·Kw + kw, oh·Wo + ow] = x[ci, oh·Sh−Ph+kh, ow·Sw−Pw+kw] or 0
//   forward:   y_n (Cout, P)  = w (Cout, Kc) · col (Kc, P) + b
//   backward:  gw (Cout, Kc) += gy_n (Cout, P) · colᵀ (P, Kc)     (summed per partition, partitions added in order)
//              gcol (Kc, P)   = wᵀ (Kc, Cout) · gy_n (Cout, P);  gx_n += col2im(gcol)
//              gb (Cout)     += Σ_{n, p} gy_n[co, p]
// Column cache: in training the forward can keep every sample's col (N·Kc·P floats, from BufferPool, owned by the graph
// node) so the weight gradient reads it instead of running im2col again (im2col was ~35% of the cnn-s3 conv2 forward; the cached weight gradient measured ~1.4x faster, best-of single calls).
// Products: ConvGemm's unpacked Vector256 loops for output planes of ≥ 32 (packing costs more than it saves on
// these short, wide matrices), the engine's packed GEMM otherwise and without Vector256 hardware. See Choose for
// the rule; tests run every path against the twin. (An implicit-GEMM variant without im2col was measured slower.)
// What it buys: the K = Cin·Kh·Kw inner products run in register-blocked FMA loops instead of 7 nested scalar
// loops; rows of col are filled (and col2im adds back) in Vector256 runs when the stride along W is 1.
using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// <summary>
    /// y = conv(x, w) + b (b may be empty). <paramref name="path"/> forces a product path (tests); Auto picks by shape.
    /// With <paramref name="cols"/> (at least <see cref="ColumnCacheLength"/> floats) every sample's im2col columns are
    /// kept there for <see cref="Backward"/>.
    /// </summary>
    public static void Forward(ConvGeometry g, ArraySegment<float> x, ArraySegment<float> w, ArraySegment<float> b, ArraySegment<float> y, ConvPath path = ConvPath.Auto, float[]? cols = null)
    {
        g.CheckLengths(x.Count, y.Count, w.Count);
        CheckCache(g, cols);
        BatchPartitions.Run(g.Batch, new ForwardBody(g, x, w, b, y, Choose(g, path) == ConvPath.ConvGemm, cols));
    }

    /// <summary>Floats of the column cache for <paramref name="g"/>: N · Kc · Ho·Wo.</summary>
    public static int ColumnCacheLength(in ConvGeometry g) => g.Batch * g.PatchSize * g.OutPlane;

    private static void CheckCache(in ConvGeometry g, float[]? cols)
    {
        if (cols is not null && cols.Length < ColumnCacheLength(g))
            throw new ArgumentException($"The column cache has {cols.Length} floats; {g} needs {ColumnCacheLength(g)} (N·Kc·Ho·Wo).", nameof(cols));
    }

    /// <summary>
    /// Adds the gradients of x, w and b (each skipped when its memory is empty) for output gradient gy.
    /// </summary>
    /// <remarks><paramref name="cols"/>: the column cache a <see cref="Forward"/> over the same x filled, or null to recompute.</remarks>
    public static void Backward(ConvGeometry g, ArraySegment<float> x, ArraySegment<float> w, ArraySegment<float> gy,
        ArraySegment<float> gx, ArraySegment<float> gw, ArraySegment<float> gb, ConvPath path = ConvPath.Auto, float[]? cols = null)
    {
        g.CheckLengths(x.Count, gy.Count, w.Count);
        CheckCache(g, cols);
        int parts = BatchPartitions.Count(g.Batch);
        bool wantW = gw.Count > 0, wantX = gx.Count > 0;
        float[]? partials = wantW ? ArrayPool<float>.Shared.Rent(Math.Max(1, parts * g.WeightLength)) : null;
        try
        {
            if (wantW || wantX)
                BatchPartitions.Run(g.Batch, new BackwardBody(g, x, w, gy, gx, partials, Choose(g, path) == ConvPath.ConvGemm, cols));
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

    // Forward over samples [start, end): im2col (into the cache when there is one), product with w, bias.
    private readonly struct ForwardBody(ConvGeometry g, ArraySegment<float> x, ArraySegment<float> w, ArraySegment<float> b, ArraySegment<float> y, bool useConvGemm, float[]? cols) : IPartitionBody
    {
        public void Invoke(int part, int start, int end)
        {
            int plane = g.OutPlane, kc = g.PatchSize, cout = g.OutChannels;
            int inSample = g.InChannels * g.InPlane, outSample = cout * plane;
            float[] scratch = cols ?? ArrayPool<float>.Shared.Rent(Math.Max(1, kc * plane));
            try
            {
                for (int n = start; n < end; n++)
                {
                    int at = cols is null ? 0 : n * kc * plane;
                    Span<float> col = scratch.AsSpan(at, kc * plane);
                    Im2Col(g, x.AsSpan(n * inSample, inSample), col);
                    if (useConvGemm)
                        ConvGemm.RowPanel(cout, plane, kc, w, kc, 1, col, plane, y.AsSpan(n * outSample, outSample), plane, accumulate: false);
                    else
                        Gemm.Multiply(false, false, cout, plane, kc, w.Array!, w.Offset, kc, scratch, at, plane, y.Array!, y.Offset + n * outSample, plane, accumulate: false);
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
                if (cols is null) ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }

    // Backward over samples [start, end): this partition's weight gradient into its slice of partials (gw wanted when
    // partials is not null), and gx += col2im(wᵀ·gy) (when gx is not empty).
    private readonly struct BackwardBody(ConvGeometry g, ArraySegment<float> x, ArraySegment<float> w, ArraySegment<float> gy,
        ArraySegment<float> gx, float[]? partials, bool useConvGemm, float[]? cols) : IPartitionBody
    {
        public void Invoke(int part, int start, int end)
        {
            int plane = g.OutPlane, kc = g.PatchSize, cout = g.OutChannels;
            int inSample = g.InChannels * g.InPlane, outSample = cout * plane;
            bool wantW = partials is not null, wantX = gx.Count > 0;
            float[] col = ArrayPool<float>.Shared.Rent(Math.Max(1, kc * plane));
            try
            {
                if (wantW) partials.AsSpan(part * g.WeightLength, g.WeightLength).Clear();
                for (int n = start; n < end; n++)
                {
                    int gyn = gy.Offset + n * outSample;
                    if (wantW)
                    {
                        // This sample's columns: from the forward's cache, or im2col again into the scratch.
                        float[] source = cols ?? col;
                        int at = cols is null ? 0 : n * kc * plane;
                        if (cols is null) Im2Col(g, x.AsSpan(n * inSample, inSample), col);
                        if (useConvGemm)
                            ConvGemm.DotPanel(cout, kc, plane, gy.AsSpan(n * outSample, outSample), plane, source.AsSpan(at, kc * plane), plane, partials.AsSpan(part * g.WeightLength, g.WeightLength), kc);
                        else
                            Gemm.Multiply(false, true, cout, kc, plane, gy.Array!, gyn, plane, source, at, plane, partials!, part * g.WeightLength, kc, accumulate: true);
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
        }
    }

    /// <summary>
    /// The product path for a shape: ConvGemm for output planes of at least 32 columns (its 16-column blocks fill);
    /// the packed GEMM for narrow planes (1-D convolutions over short sequences) and without Vector256 hardware.
    /// Chosen from measurements on the cnn-s3 / cnn-s4 / cnn1d layer shapes (2 cores, Vector256/FMA).
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
        if (x.Length < g.InChannels * g.InPlane || col.Length < g.PatchSize * plane)
            throw new ArgumentException($"Im2Col buffers too small for {g}: x {x.Length}, col {col.Length}.");
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float cr = ref MemoryMarshal.GetReference(col);
        for (int ci = 0; ci < g.InChannels; ci++)
            for (int kh = 0; kh < g.KernelH; kh++)
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    int row = ((ci * g.KernelH + kh) * g.KernelW + kw) * plane;
                    var (owStart, owEnd) = ValidColumns(g, kw, wo);
                    for (int oh = 0; oh < ho; oh++)
                    {
                        ref float dst = ref Unsafe.Add(ref cr, row + oh * wo);
                        int ih = oh * g.StrideH - g.PadH + kh;
                        if ((uint)ih >= (uint)g.Height || owStart >= owEnd)
                        {
                            Zero(ref dst, wo);
                            continue;
                        }
                        Zero(ref dst, owStart);
                        Zero(ref Unsafe.Add(ref dst, owEnd), wo - owEnd);
                        int src = (ci * g.Height + ih) * g.Width + owStart * g.StrideW - g.PadW + kw;
                        CopyRun(ref Unsafe.Add(ref xr, src), g.StrideW, ref Unsafe.Add(ref dst, owStart), owEnd - owStart);
                    }
                }
    }

    /// <summary>gx (Cin, H, W) += col2im(gcol (Kc, Ho·Wo)): each column entry goes back to the input it was copied from.</summary>
    internal static void Col2ImAdd(in ConvGeometry g, ReadOnlySpan<float> gcol, Span<float> gx)
    {
        int ho = g.OutHeight, wo = g.OutWidth, plane = ho * wo;
        if (gx.Length < g.InChannels * g.InPlane || gcol.Length < g.PatchSize * plane)
            throw new ArgumentException($"Col2ImAdd buffers too small for {g}: gx {gx.Length}, gcol {gcol.Length}.");
        ref float gr = ref MemoryMarshal.GetReference(gcol);
        ref float xr = ref MemoryMarshal.GetReference(gx);
        for (int ci = 0; ci < g.InChannels; ci++)
            for (int kh = 0; kh < g.KernelH; kh++)
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    int row = ((ci * g.KernelH + kh) * g.KernelW + kw) * plane;
                    var (owStart, owEnd) = ValidColumns(g, kw, wo);
                    if (owStart >= owEnd) continue;
                    for (int oh = 0; oh < ho; oh++)
                    {
                        int ih = oh * g.StrideH - g.PadH + kh;
                        if ((uint)ih >= (uint)g.Height) continue;
                        int dst = (ci * g.Height + ih) * g.Width + owStart * g.StrideW - g.PadW + kw;
                        AddRun(ref Unsafe.Add(ref gr, row + oh * wo + owStart), ref Unsafe.Add(ref xr, dst), g.StrideW, owEnd - owStart);
                    }
                }
    }

    // dst[0..count) = src[0, stride, 2·stride, ...]; Vector256 copies for contiguous runs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(ref float src, int stride, ref float dst, int count)
    {
        int i = 0;
        if (stride == 1 && Vector256.IsHardwareAccelerated)
            for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
                Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
        for (; i < count; i++) Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i * stride);
    }

    // dst[0, stride, 2·stride, ...] += src[0..count); Vector256 adds for contiguous runs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRun(ref float src, ref float dst, int stride, int count)
    {
        int i = 0;
        if (stride == 1 && Vector256.IsHardwareAccelerated)
            for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
                (Vector256.LoadUnsafe(ref dst, (nuint)i) + Vector256.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
        for (; i < count; i++) Unsafe.Add(ref dst, i * stride) += Unsafe.Add(ref src, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero(ref float dst, int count)
    {
        for (int i = 0; i < count; i++) Unsafe.Add(ref dst, i) = 0f;
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
