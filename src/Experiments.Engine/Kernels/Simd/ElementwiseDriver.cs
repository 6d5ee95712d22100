// ElementwiseDriver: the loops shared by every element-wise SIMD kernel (TensorPrimitives style). An op is a
// small readonly struct with a scalar and Vector128/256/512 Invoke; the driver picks the widest accelerated
// width, runs full vectors, and finishes the remainder (< one vector) with the scalar Invoke, so every
// length 0..n is handled in one place. With DOTNET_EnableHWIntrinsic=0 no width is accelerated and the
// whole span goes through the scalar Invoke.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Experiments.Engine.Kernels.Simd;

/// <summary>y = f(x), element-wise.</summary>
internal interface IUnaryOperator
{
    float Invoke(float x);
    Vector128<float> Invoke(Vector128<float> x);
    Vector256<float> Invoke(Vector256<float> x);
    Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>z = f(a, b), element-wise (gradient kernels: a is a forward value, b the output gradient).</summary>
internal interface IBinaryOperator
{
    float Invoke(float a, float b);
    Vector128<float> Invoke(Vector128<float> a, Vector128<float> b);
    Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);
    Vector512<float> Invoke(Vector512<float> a, Vector512<float> b);
}

internal static class ElementwiseDriver
{
    /// <summary>y[i] = op(x[i]).</summary>
    public static void Unary<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOperator
    {
        CheckLengths(x.Length, y.Length);
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                op.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < n; i++)
            Unsafe.Add(ref yr, i) = op.Invoke(Unsafe.Add(ref xr, i));
    }

    /// <summary>acc[i] += op(a[i], b[i]) (how backward kernels add into a gradient sink).</summary>
    public static void BinaryAccumulate<TOp>(TOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> acc) where TOp : struct, IBinaryOperator
    {
        CheckLengths(a.Length, b.Length);
        CheckLengths(a.Length, acc.Length);
        int n = a.Length, i = 0;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(acc);
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                (Vector512.LoadUnsafe(ref cr, (nuint)i) + op.Invoke(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i))).StoreUnsafe(ref cr, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.LoadUnsafe(ref cr, (nuint)i) + op.Invoke(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i))).StoreUnsafe(ref cr, (nuint)i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                (Vector128.LoadUnsafe(ref cr, (nuint)i) + op.Invoke(Vector128.LoadUnsafe(ref ar, (nuint)i), Vector128.LoadUnsafe(ref br, (nuint)i))).StoreUnsafe(ref cr, (nuint)i);
        for (; i < n; i++)
            Unsafe.Add(ref cr, i) += op.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i));
    }

    private static void CheckLengths(int expected, int found)
    {
        if (expected != found)
            throw new ArgumentException($"Element-wise kernel spans must have equal lengths; got {expected} and {found}.");
    }
}
