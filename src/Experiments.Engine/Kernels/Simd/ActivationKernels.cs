// ActivationKernels: SIMD forward and backward kernels of the element-wise activations that
// TensorPrimitives does not cover (leaky ReLU forward; every backward), and ReLU forward, where TensorPrimitives.Max
// (x, 0) — IEEE maximum with its NaN and signed-zero handling — measured ~13x slower than one compare-and-select (best-of-300 single calls, shared 2-core VM). Scalar twins:
// Kernels/Reference/ReferenceActivationKernels.cs. Backward kernels ADD into the gradient sink.
using System.Runtime.Intrinsics;

namespace Experiments.Engine.Kernels.Simd;

/// <summary>SIMD activation kernels; each has a scalar twin in <c>ReferenceActivationKernels</c>.</summary>
public static class ActivationKernels
{
    /// <summary>Effectively computes y[i] = max(x[i], 0) with NaN propagated (x &gt; 0 or NaN ? x : +0), as TensorPrimitives.Max(x, 0) and torch.relu.</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => ElementwiseDriver.Unary(default(ReluOp), x, y);

    /// <summary>Effectively computes y[i] = x[i] &gt; 0 ? x[i] : slope·x[i].</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float slope) => ElementwiseDriver.Unary(new LeakyReluOp(slope), x, y);

    /// <summary>Effectively computes gx[i] += x[i] &gt; 0 ? g[i] : 0 (ReLU backward).</summary>
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> gx) => ElementwiseDriver.BinaryAccumulate(new LeakyReluGradOp(0f), x, g, gx);

    /// <summary>Effectively computes gx[i] += x[i] &gt; 0 ? g[i] : slope·g[i] (leaky ReLU backward).</summary>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> gx, float slope) => ElementwiseDriver.BinaryAccumulate(new LeakyReluGradOp(slope), x, g, gx);

    /// <summary>Effectively computes gx[i] += g[i]·(1 − y[i]²) from the tanh output y.</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> gx) => ElementwiseDriver.BinaryAccumulate(default(TanhGradOp), y, g, gx);

    /// <summary>Effectively computes gx[i] += g[i]·y[i]·(1 − y[i]) from the sigmoid output y.</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> gx) => ElementwiseDriver.BinaryAccumulate(default(SigmoidGradOp), y, g, gx);

    // NaN fails both x > 0 and x == x, so ~(x == x) lets it through unchanged; −0 and negatives become +0.
    private readonly struct ReluOp : IUnaryOperator
    {
        public float Invoke(float x) => x > 0f || float.IsNaN(x) ? x : 0f;
        public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero) | ~Vector128.Equals(x, x), x, Vector128<float>.Zero);
        public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero) | ~Vector256.Equals(x, x), x, Vector256<float>.Zero);
        public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero) | ~Vector512.Equals(x, x), x, Vector512<float>.Zero);
    }

    private readonly struct LeakyReluOp(float slope) : IUnaryOperator
    {
        public float Invoke(float x) => x > 0f ? x : slope * x;
        public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, x * slope);
        public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * slope);
        public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * slope);
    }

    // a = forward input x, b = output gradient g.
    private readonly struct LeakyReluGradOp(float slope) : IBinaryOperator
    {
        public float Invoke(float x, float g) => x > 0f ? g : slope * g;
        public Vector128<float> Invoke(Vector128<float> x, Vector128<float> g) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), g, g * slope);
        public Vector256<float> Invoke(Vector256<float> x, Vector256<float> g) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), g, g * slope);
        public Vector512<float> Invoke(Vector512<float> x, Vector512<float> g) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), g, g * slope);
    }

    // a = forward output y, b = output gradient g. Written as g − g·y·y in both widths so scalar and vector agree bit for bit.
    private readonly struct TanhGradOp : IBinaryOperator
    {
        public float Invoke(float y, float g) => g - g * y * y;
        public Vector128<float> Invoke(Vector128<float> y, Vector128<float> g) => g - g * y * y;
        public Vector256<float> Invoke(Vector256<float> y, Vector256<float> g) => g - g * y * y;
        public Vector512<float> Invoke(Vector512<float> y, Vector512<float> g) => g - g * y * y;
    }

    private readonly struct SigmoidGradOp : IBinaryOperator
    {
        public float Invoke(float y, float g) => g * y * (1f - y);
        public Vector128<float> Invoke(Vector128<float> y, Vector128<float> g) => g * y * (Vector128<float>.One - y);
        public Vector256<float> Invoke(Vector256<float> y, Vector256<float> g) => g * y * (Vector256<float>.One - y);
        public Vector512<float> Invoke(Vector512<float> y, Vector512<float> g) => g * y * (Vector512<float>.One - y);
    }
}
