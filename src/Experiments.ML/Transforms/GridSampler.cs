// GridSampler: the resampling shared by rotation, affine and elastic distortion, transcribed from what torchvision
// 0.14 does for tensors (functional_tensor._gen_affine_grid / _create_identity_grid / _apply_grid_transform) and
// what torch's CPU grid_sample(padding_mode="zeros", align_corners=False) then computes.
//
// Shapes: src and dst are (C, H, W) float32 planes of one image; every output pixel (y, x) gets one source location
// (ix, iy) in pixel-index space, shared by all channels.
//
// The float32 steps follow torch's order so nearest-neighbour results match exactly:
//   affine grid:   gx = x·(m0 / (W/2)) + y·(m1 / (W/2)) + m2 / (W/2),  x = j − W/2 + 0.5, y = i − H/2 + 0.5
//   elastic grid:  gx = (2j + 1)/W − 1 + dx[i, j]   (identity grid + displacement, normalized units)
//   unnormalize:   ix = (gx + 1)·(W/2) − 0.5        (align_corners = False)
//   nearest:       round half to even (std::nearbyint); outside the image the sample is 0
//   bilinear:      the four neighbours weighted (1−wx)(1−wy) … as in torch's CPU kernel, outside neighbours are 0
// Fill (torchvision's mask trick): the image is sampled together with a channel of ones, the "mask"; for nearest a
// pixel whose mask is < 0.5 becomes fill, for bilinear out = sample·mask + (1 − mask)·fill. torchvision's random
// transforms always pass a fill (default 0), so with fill 0 bilinear borders are sample·mask, as in torchvision.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Experiments.ML.Transforms;

internal static class GridSampler
{
    /// <summary>
    /// Resamples src (C, H, W) into dst (C, H, W) through torchvision's inverse affine matrix
    /// <paramref name="matrix"/> (six numbers [a, b, c, d, e, f], centre-relative coordinates, computed in double
    /// and rounded to float32 as torch.tensor(matrix, dtype=float32) does).
    /// </summary>
    public static void Affine(ReadOnlySpan<float> src, Span<float> dst, int channels, int height, int width,
        ReadOnlySpan<double> matrix, Interpolation interpolation, float fill)
    {
        for (int k = 0; k < 6; k++)
            if (!double.IsFinite(matrix[k])) throw new ArgumentException($"The affine matrix must be finite; element {k} is {matrix[k]:R}.", nameof(matrix));
        float halfW = 0.5f * width, halfH = 0.5f * height;
        // rescaled_theta = theta.T / [0.5 w, 0.5 h]: x outputs divide by W/2, y outputs by H/2.
        float r0 = (float)matrix[0] / halfW, r1 = (float)matrix[1] / halfW, r2 = (float)matrix[2] / halfW;
        float r3 = (float)matrix[3] / halfH, r4 = (float)matrix[4] / halfH, r5 = (float)matrix[5] / halfH;
        if (interpolation == Interpolation.Nearest && channels == 1)
        {
            AffineNearestGray(src, dst, height, width, r0, r1, r2, r3, r4, r5, fill);
            return;
        }
        Span<float> lanes = stackalloc float[LaneScratch];
        bool grayBilinear = channels == 1 && interpolation == Interpolation.Bilinear;
        Vector256<float> laneX = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f), x0 = Vector256.Create(-halfW + 0.5f);
        for (int i = 0; i < height; i++)
        {
            float y = -halfH + 0.5f + i;
            float yr1 = y * r1, yr4 = y * r4; // the same products torch adds: (x·r0 + y·r1) + r2
            int j = 0;
            if (grayBilinear)
            {
                for (; j <= width - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    Vector256<float> x = x0 + (laneX + Vector256.Create((float)j));
                    Vector256<float> ix = (x * Vector256.Create(r0) + Vector256.Create(yr1) + Vector256.Create(r2) + Vector256<float>.One) * Vector256.Create(halfW) - Vector256.Create(0.5f);
                    Vector256<float> iy = (x * Vector256.Create(r3) + Vector256.Create(yr4) + Vector256.Create(r5) + Vector256<float>.One) * Vector256.Create(halfH) - Vector256.Create(0.5f);
                    BilinearGray8(src, dst.Slice(i * width + j, Vector256<float>.Count), height, width, ix, iy, fill, lanes);
                }
            }
            for (; j < width; j++)
            {
                float x = -halfW + 0.5f + j;
                float gx = x * r0 + yr1 + r2;
                float gy = x * r3 + yr4 + r5;
                float ix = (gx + 1f) * halfW - 0.5f;
                float iy = (gy + 1f) * halfH - 0.5f;
                SamplePixel(src, dst, channels, height, width, i * width + j, ix, iy, interpolation, fill);
            }
        }
    }

    // The hot case (grayscale, nearest: RandomRotation's default) without the per-channel loop; same float steps.
    // Eight pixels of a row at a time compute their source index with Vector256 (the same float operations in the
    // same order, so the indices equal the scalar ones; Round is half to even like nearbyint). Outside pixels read
    // index 0 and are replaced by the fill with a vector select, so the eight loads have no branch and no bounds
    // check (every index is inside src). A row whose width is not a multiple of 8 ends with one overlapping block
    // (the last 8 pixels; recomputing a pixel gives the same value, src and dst never overlap); rows narrower than 8
    // go pixel by pixel.
    private static void AffineNearestGray(ReadOnlySpan<float> src, Span<float> dst, int height, int width,
        float r0, float r1, float r2, float r3, float r4, float r5, float fill)
    {
        float halfW = 0.5f * width, halfH = 0.5f * height;
        src = src[..(height * width)];
        dst = dst[..(height * width)];
        ref float source = ref MemoryMarshal.GetReference(src);
        Span<int> index = stackalloc int[Vector256<int>.Count];
        Vector256<float> lanes = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        Vector256<float> x0 = Vector256.Create(-halfW + 0.5f), vr0 = Vector256.Create(r0), vr2 = Vector256.Create(r2);
        Vector256<float> vr3 = Vector256.Create(r3), vr5 = Vector256.Create(r5), one = Vector256<float>.One;
        Vector256<float> vHalfW = Vector256.Create(halfW), vHalfH = Vector256.Create(halfH), half = Vector256.Create(0.5f);
        Vector256<float> vFill = Vector256.Create(fill);
        Vector256<uint> vWidth = Vector256.Create((uint)width), vHeight = Vector256.Create((uint)height);
        Vector256<int> stride = Vector256.Create(width);
        bool narrow = width < Vector256<float>.Count;
        int blocks = (width + Vector256<float>.Count - 1) / Vector256<float>.Count;   // the last may overlap its neighbour
        for (int i = 0; i < height; i++)
        {
            float y = -halfH + 0.5f + i;
            float yr1 = y * r1, yr4 = y * r4;
            Vector256<float> vyr1 = Vector256.Create(yr1), vyr4 = Vector256.Create(yr4);
            Span<float> row = dst.Slice(i * width, width);
            if (narrow)
            {
                for (int j = 0; j < row.Length; j++)
                {
                    float x = -halfW + 0.5f + j;
                    float ix = (x * r0 + yr1 + r2 + 1f) * halfW - 0.5f;
                    float iy = (x * r3 + yr4 + r5 + 1f) * halfH - 0.5f;
                    int nx = (int)MathF.Round(ix), ny = (int)MathF.Round(iy); // MathF.Round: half to even, like nearbyint
                    row[j] = (uint)nx < (uint)width && (uint)ny < (uint)height ? src[ny * width + nx] : fill;
                }
                continue;
            }
            for (int block = 0; block < blocks; block++)
            {
                int j = Math.Min(block * Vector256<float>.Count, width - Vector256<float>.Count);
                Vector256<float> x = x0 + (lanes + Vector256.Create((float)j));
                Vector256<float> ix = (x * vr0 + vyr1 + vr2 + one) * vHalfW - half;
                Vector256<float> iy = (x * vr3 + vyr4 + vr5 + one) * vHalfH - half;
                Vector256<int> nx = Vector256.ConvertToInt32(Vector256.Round(ix));
                Vector256<int> ny = Vector256.ConvertToInt32(Vector256.Round(iy));
                Vector256<int> inside = (Vector256.LessThan(nx.AsUInt32(), vWidth) & Vector256.LessThan(ny.AsUInt32(), vHeight)).AsInt32();
                (inside & (ny * stride + nx)).CopyTo(index);
                // Built from registers (writing eight floats to memory and reading them back as one vector would stall
                // store forwarding).
                Vector256<float> sampled = Vector256.Create(
                    Unsafe.Add(ref source, index[0]), Unsafe.Add(ref source, index[1]), Unsafe.Add(ref source, index[2]), Unsafe.Add(ref source, index[3]),
                    Unsafe.Add(ref source, index[4]), Unsafe.Add(ref source, index[5]), Unsafe.Add(ref source, index[6]), Unsafe.Add(ref source, index[7]));
                Vector256.ConditionalSelect(inside.AsSingle(), sampled, vFill).CopyTo(row.Slice(j));
            }
        }
    }

    /// <summary>
    /// Resamples src through the identity grid plus a displacement field in torchvision's normalized units
    /// (dx, dy: H × W each; +1 in dx moves the sample point by W/2 pixels), as F.elastic_transform.
    /// </summary>
    public static void Displaced(ReadOnlySpan<float> src, Span<float> dst, int channels, int height, int width,
        ReadOnlySpan<float> dx, ReadOnlySpan<float> dy, Interpolation interpolation, float fill)
    {
        float halfW = 0.5f * width, halfH = 0.5f * height;
        Span<float> lanes = stackalloc float[LaneScratch];
        bool grayBilinear = channels == 1 && interpolation == Interpolation.Bilinear;
        Vector256<float> laneX = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        for (int i = 0; i < height; i++)
        {
            float baseY = (2f * i + 1f) / height - 1f;
            int j = 0;
            if (grayBilinear)
            {
                for (; j <= width - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    int p = i * width + j;
                    Vector256<float> jf = laneX + Vector256.Create((float)j);
                    Vector256<float> gx = (Vector256.Create(2f) * jf + Vector256<float>.One) / Vector256.Create((float)width) - Vector256<float>.One + Vector256.Create(dx.Slice(p, Vector256<float>.Count));
                    Vector256<float> gy = Vector256.Create(baseY) + Vector256.Create(dy.Slice(p, Vector256<float>.Count));
                    Vector256<float> ix = (gx + Vector256<float>.One) * Vector256.Create(halfW) - Vector256.Create(0.5f);
                    Vector256<float> iy = (gy + Vector256<float>.One) * Vector256.Create(halfH) - Vector256.Create(0.5f);
                    BilinearGray8(src, dst.Slice(p, Vector256<float>.Count), height, width, ix, iy, fill, lanes);
                }
            }
            for (; j < width; j++)
            {
                int p = i * width + j;
                float gx = (2f * j + 1f) / width - 1f + dx[p];
                float gy = baseY + dy[p];
                float ix = (gx + 1f) * halfW - 0.5f;
                float iy = (gy + 1f) * halfH - 0.5f;
                SamplePixel(src, dst, channels, height, width, p, ix, iy, interpolation, fill);
            }
        }
    }

    private const int LaneScratch = 8 * 8;

    // Bilinear sampling of eight grayscale pixels at (ix, iy): the weights, in-image masks, mask sum and blend are
    // vector operations in exactly SamplePixel's order (so the results equal its results); only the four neighbour
    // loads per lane are scalar. lanes: 64 floats of scratch.
    private static void BilinearGray8(ReadOnlySpan<float> src, Span<float> dst, int height, int width,
        Vector256<float> ix, Vector256<float> iy, float fill, Span<float> lanes)
    {
        Vector256<float> one = Vector256<float>.One;
        Vector256<float> xw = Vector256.Floor(ix), yn = Vector256.Floor(iy);
        Vector256<float> we = ix - xw, ea = one - we;
        Vector256<float> no = iy - yn, so = one - no;
        Vector256<float> nw = so * ea, ne = so * we, sw = no * ea, se = no * we;
        Vector256<int> x0 = Vector256.ConvertToInt32(xw), y0 = Vector256.ConvertToInt32(yn);
        Vector256<int> x1 = x0 + Vector256<int>.One, y1 = y0 + Vector256<int>.One;
        Vector256<uint> w = Vector256.Create((uint)width), h = Vector256.Create((uint)height);
        Vector256<float> inX0 = Vector256.LessThan(x0.AsUInt32(), w).AsSingle(), inX1 = Vector256.LessThan(x1.AsUInt32(), w).AsSingle();
        Vector256<float> inY0 = Vector256.LessThan(y0.AsUInt32(), h).AsSingle(), inY1 = Vector256.LessThan(y1.AsUInt32(), h).AsSingle();
        Vector256<float> mNw = nw & inX0 & inY0, mNe = ne & inX1 & inY0, mSw = sw & inX0 & inY1, mSe = se & inX1 & inY1;
        Vector256<float> mask = mNw * one + mNe * one + mSw * one + mSe * one;

        Span<float> wNw = lanes[..8], wNe = lanes.Slice(8, 8), wSw = lanes.Slice(16, 8), wSe = lanes.Slice(24, 8);
        Span<float> vNw = lanes.Slice(32, 8), vNe = lanes.Slice(40, 8), vSw = lanes.Slice(48, 8), vSe = lanes.Slice(56, 8);
        mNw.CopyTo(wNw); mNe.CopyTo(wNe); mSw.CopyTo(wSw); mSe.CopyTo(wSe);
        for (int l = 0; l < 8; l++)
        {
            int ax = x0.GetElement(l), ay = y0.GetElement(l);
            vNw[l] = wNw[l] != 0f ? src[ay * width + ax] : 0f;
            vNe[l] = wNe[l] != 0f ? src[ay * width + ax + 1] : 0f;
            vSw[l] = wSw[l] != 0f ? src[(ay + 1) * width + ax] : 0f;
            vSe[l] = wSe[l] != 0f ? src[(ay + 1) * width + ax + 1] : 0f;
        }
        Vector256<float> v = Vector256.Create(vNw) * mNw + Vector256.Create(vNe) * mNe + Vector256.Create(vSw) * mSw + Vector256.Create(vSe) * mSe;
        (v * mask + (one - mask) * Vector256.Create(fill)).CopyTo(dst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SamplePixel(ReadOnlySpan<float> src, Span<float> dst, int channels, int height, int width,
        int pixel, float ix, float iy, Interpolation interpolation, float fill)
    {
        int plane = height * width;
        if (interpolation == Interpolation.Nearest)
        {
            int nx = (int)MathF.Round(ix), ny = (int)MathF.Round(iy); // half to even, like nearbyint
            bool inside = (uint)nx < (uint)width && (uint)ny < (uint)height && float.IsFinite(ix) && float.IsFinite(iy);
            int at = ny * width + nx;
            for (int c = 0; c < channels; c++)
                dst[c * plane + pixel] = inside ? src[c * plane + at] : fill;
            return;
        }

        float xw = MathF.Floor(ix), yn = MathF.Floor(iy);
        float we = ix - xw, ea = 1f - we;   // torch names: w = x − x_west, e = 1 − w
        float no = iy - yn, so = 1f - no;   // n = y − y_north, s = 1 − n
        float nw = so * ea, ne = so * we, sw = no * ea, se = no * we;
        int x0 = (int)xw, y0 = (int)yn, x1 = x0 + 1, y1 = y0 + 1;
        bool inX0 = (uint)x0 < (uint)width, inX1 = (uint)x1 < (uint)width;
        bool inY0 = (uint)y0 < (uint)height, inY1 = (uint)y1 < (uint)height;
        float mNw = inX0 && inY0 ? nw : 0f, mNe = inX1 && inY0 ? ne : 0f;
        float mSw = inX0 && inY1 ? sw : 0f, mSe = inX1 && inY1 ? se : 0f;
        float mask = mNw * 1f + mNe * 1f + mSw * 1f + mSe * 1f;
        float oneMinusMask = 1f - mask;
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<float> s = src.Slice(c * plane, plane);
            float vNw = mNw != 0f ? s[y0 * width + x0] : 0f;
            float vNe = mNe != 0f ? s[y0 * width + x1] : 0f;
            float vSw = mSw != 0f ? s[y1 * width + x0] : 0f;
            float vSe = mSe != 0f ? s[y1 * width + x1] : 0f;
            float v = vNw * mNw + vNe * mNe + vSw * mSw + vSe * mSe;
            dst[c * plane + pixel] = v * mask + oneMinusMask * fill;
        }
    }
}
