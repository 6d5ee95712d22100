// Linear: y = x·Wᵀ + b as one primitive (GEMM with the bias added per row), forward and backward together.
//
// Shapes: x (*, In) seen as (R, In) with R the product of the leading sizes; W (Out, In); b (Out) or none;
//         y (*, Out).
// Backward: dL/dx += g·W  (R, Out)(Out, In);  dL/dW += gᵀ·x  (Out, R)(R, In);  dL/db += Σ_rows g.
using System.Numerics.Tensors;
using Experiments.Engine.Kernels;

namespace Experiments.Engine.NN;

public static partial class Functional
{
    /// <summary>
    /// y = x·Wᵀ + b (PyTorch's <c>torch.nn.functional.linear</c>): x (*, In), weight (Out, In), bias (Out) → (*, Out).
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear weight must be (Out, In); got {weight.ShapeString}.", nameof(weight));
        int outF = weight.Size(0), inF = weight.Size(1);
        if (input.Rank == 0 || input.Size(-1) != inF)
            throw new ArgumentException($"Linear expects input (*, {inF}) to match weight {weight.ShapeString}; got {input.ShapeString}.", nameof(input));
        if (bias is not null && (bias.Rank != 1 || bias.Size(0) != outF))
            throw new ArgumentException($"Linear bias must be ({outF}); got {bias.ShapeString}.", nameof(bias));

        int rows = inF == 0 ? 0 : input.Length / inF;
        int[] outShape = input.ShapeArray();
        outShape[^1] = outF;
        var y = Tensor.Rent(clear: false, outShape);
        Span<float> yd = y.Data;
        Gemm.Multiply(false, true, rows, outF, inF, input, inF, weight, inF, y, outF, accumulate: false);
        if (bias is not null)
            for (int r = 0; r < rows; r++)
            {
                Span<float> row = yd.Slice(r * outF, outF);
                TensorPrimitives.Add(row, bias.Data, row);
            }

        Autograd.Record(y, "Linear", bias is null ? [input, weight] : [input, weight, bias], g =>
        {
            ReadOnlySpan<float> gd = g.Data;
            if (input.RequiresGrad)
                Gemm.Multiply(false, false, rows, inF, outF, g, outF, weight, inF, input.EnsureGrad(), inF, accumulate: true);
            if (weight.RequiresGrad)
                Gemm.Multiply(true, false, outF, inF, rows, g, outF, input, inF, weight.EnsureGrad(), inF, accumulate: true);
            if (bias is not null && bias.RequiresGrad)
            {
                Span<float> gb = Autograd.GradSink(bias);
                for (int r = 0; r < rows; r++)
                    TensorPrimitives.Add(gb, gd.Slice(r * outF, outF), gb);
            }
        });
        return y;
    }
}
