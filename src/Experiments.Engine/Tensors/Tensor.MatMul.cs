// Matrix product of two 2-D tensors with its backward; the GEMM itself lives in Kernels/Gemm.cs.
//
// Shapes: a (M, K), b (K, N) -> y (M, N).
// Backward: dL/da += g·bᵀ  (M, N)(N, K);  dL/db += aᵀ·g  (K, M)(M, N).
using Experiments.Engine.Kernels;

namespace Experiments.Engine;

public partial class Tensor
{
    /// <summary>Matrix product a·b of 2-D tensors (PyTorch's <c>torch.matmul</c> / <c>mm</c>): (M, K)·(K, N) → (M, N).</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        if (a.Rank != 2 || b.Rank != 2 || a._shape[1] != b._shape[0])
            throw new ArgumentException($"MatMul needs (M, K)·(K, N); got {a.ShapeString}·{b.ShapeString}.");
        int m = a._shape[0], k = a._shape[1], n = b._shape[1];
        var y = Zeros(m, n);
        Gemm.Multiply(false, false, m, n, k, a, k, b, n, y, n, accumulate: false);
        Autograd.Record(y, "MatMul", [a, b], g =>
        {
            if (a.RequiresGrad) Gemm.Multiply(false, true, m, k, n, g, n, b, n, a.EnsureGrad(), k, accumulate: true);
            if (b.RequiresGrad) Gemm.Multiply(true, false, k, n, m, a, k, g, n, b.EnsureGrad(), n, accumulate: true);
        });
        return y;
    }

    /// <summary>Matrix product this·<paramref name="other"/> (see <see cref="MatMul(Tensor, Tensor)"/>).</summary>
    public Tensor MatMul(Tensor other) => MatMul(this, other);
}
