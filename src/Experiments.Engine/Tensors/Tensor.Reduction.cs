// Reductions: sum and mean over all elements or over one dimension, each with its backward.
//
// Shapes: over all elements, (any) -> () a scalar; over dim d, the tensor is seen as (outer, size, inner)
// and the result is (outer, inner) with d removed (or kept as 1 with keepDim). Backward broadcasts the
// output gradient back over the reduced dimension (times 1/count for mean).
using System.Numerics.Tensors;

namespace Experiments.Engine;

public partial class Tensor
{
    /// <summary>The sum of all elements, as a rank-0 tensor (PyTorch's <c>sum()</c>).</summary>
    public Tensor Sum() => ReduceAll(1f, "Sum");

    /// <summary>The mean of all elements, as a rank-0 tensor (PyTorch's <c>mean()</c>).</summary>
    public Tensor Mean()
    {
        if (Length == 0)
            throw new InvalidOperationException($"Mean of an empty tensor (shape {ShapeString}) is undefined.");
        return ReduceAll(1f / Length, "Mean");
    }

    /// <summary>Sum over dimension <paramref name="dim"/> (PyTorch's <c>sum(dim, keepdim)</c>).</summary>
    public Tensor Sum(int dim, bool keepDim = false) => ReduceDim(dim, keepDim, mean: false);

    /// <summary>Mean over dimension <paramref name="dim"/> (PyTorch's <c>mean(dim, keepdim)</c>).</summary>
    public Tensor Mean(int dim, bool keepDim = false) => ReduceDim(dim, keepDim, mean: true);

    private Tensor ReduceAll(float scale, string name)
    {
        var y = Scalar(TensorPrimitives.Sum(Data) * scale);
        Autograd.Record(y, name, [this], g =>
        {
            if (!RequiresGrad) return;
            Span<float> gx = Autograd.GradSink(this);
            TensorPrimitives.Add(gx, g.Data[0] * scale, gx);
        });
        return y;
    }

    private Tensor ReduceDim(int dim, bool keepDim, bool mean)
    {
        int d = NormalizeDim(dim);
        int size = _shape[d], outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= _shape[i];
        for (int i = d + 1; i < Rank; i++) inner *= _shape[i];
        if (mean && size == 0)
            throw new InvalidOperationException($"Mean over dimension {dim} of size 0 (shape {ShapeString}) is undefined.");
        float scale = mean ? 1f / size : 1f;

        int[] outShape = keepDim ? ShapeArray() : [.. _shape[..d], .. _shape[(d + 1)..]];
        if (keepDim) outShape[d] = 1;
        var y = Zeros(outShape);
        Span<float> x = Data, yd = y.Data;
        for (int o = 0; o < outer; o++)
        {
            Span<float> row = yd.Slice(o * inner, inner);
            for (int s = 0; s < size; s++)
                TensorPrimitives.Add(row, x.Slice((o * size + s) * inner, inner), row);
            if (mean) TensorPrimitives.Multiply(row, scale, row);
        }
        Autograd.Record(y, mean ? "MeanDim" : "SumDim", [this], g =>
        {
            if (!RequiresGrad) return;
            Span<float> gx = Autograd.GradSink(this);
            ReadOnlySpan<float> gy = g.Data;
            for (int o = 0; o < outer; o++)
                for (int s = 0; s < size; s++)
                {
                    Span<float> dst = gx.Slice((o * size + s) * inner, inner);
                    TensorPrimitives.MultiplyAdd(gy.Slice(o * inner, inner), scale, dst, dst);
                }
        });
        return y;
    }
}
