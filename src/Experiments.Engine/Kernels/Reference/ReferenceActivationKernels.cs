// ReferenceActivationKernels: plain-loop twins of Kernels/Simd/ActivationKernels.cs (fallback and test oracle).
// Shapes: every span has the same length n.
namespace Experiments.Engine.Kernels.Reference;

/// <summary>Scalar twins of <c>ActivationKernels</c>.</summary>
public static class ReferenceActivationKernels
{
    /// <summary>y[i] = x[i] &gt; 0 or NaN ? x[i] : +0 (max(x, 0) with NaN propagated).</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0f || float.IsNaN(x[i]) ? x[i] : 0f;
    }

    /// <summary>y[i] = x[i] &gt; 0 ? x[i] : slope·x[i].</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float slope)
    {
        Check(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : slope * x[i];
    }

    /// <summary>gx[i] += x[i] &gt; 0 ? g[i] : 0.</summary>
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> gx) => LeakyReluBackward(x, g, gx, 0f);

    /// <summary>gx[i] += x[i] &gt; 0 ? g[i] : slope·g[i].</summary>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> gx, float slope)
    {
        Check(x.Length, g.Length); Check(x.Length, gx.Length);
        for (int i = 0; i < x.Length; i++) gx[i] += x[i] > 0f ? g[i] : slope * g[i];
    }

    /// <summary>gx[i] += g[i] − g[i]·y[i]·y[i].</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> gx)
    {
        Check(y.Length, g.Length); Check(y.Length, gx.Length);
        for (int i = 0; i < y.Length; i++) gx[i] += g[i] - g[i] * y[i] * y[i];
    }

    /// <summary>gx[i] += g[i]·y[i]·(1 − y[i]).</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> gx)
    {
        Check(y.Length, g.Length); Check(y.Length, gx.Length);
        for (int i = 0; i < y.Length; i++) gx[i] += g[i] * y[i] * (1f - y[i]);
    }

    private static void Check(int expected, int found)
    {
        if (expected != found)
            throw new ArgumentException($"Element-wise kernel spans must have equal lengths; got {expected} and {found}.");
    }
}
