// softmax and log_softmax over one dimension, with their backward.
//
// Shapes: any -> same; the tensor is seen as (outer, size, inner) around dim, and each of the outer·inner
// lines of `size` elements is normalised. Forward subtracts the line max before exp (no overflow).
// Backward:  softmax:      dL/dx = y ⊙ (g − Σ g⊙y)
//            log_softmax:  dL/dx = g − e^y · Σ g
using System.Buffers;
using System.Numerics.Tensors;

namespace Experiments.Engine;

public partial class Tensor
{
    /// <summary>e^x / Σ e^x along <paramref name="dim"/> (PyTorch's <c>softmax(dim)</c>).</summary>
    public Tensor Softmax(int dim = -1) => SoftmaxCore(dim, log: false);

    /// <summary>x − log Σ e^x along <paramref name="dim"/> (PyTorch's <c>log_softmax(dim)</c>).</summary>
    public Tensor LogSoftmax(int dim = -1) => SoftmaxCore(dim, log: true);

    private Tensor SoftmaxCore(int dim, bool log)
    {
        var (outer, size, inner) = Lines(dim);
        var y = RentLike();
        ForEachLine(Data, y.Data, outer, size, inner, (x, yl) => SoftmaxLine(x, yl, log));
        Autograd.Record(y, log ? "LogSoftmax" : "Softmax", [this], g =>
        {
            if (!RequiresGrad) return;
            Span<float> gx = Autograd.GradSink(this);
            float[] buffer = ArrayPool<float>.Shared.Rent(3 * size);
            try
            {
                Span<float> yl = buffer.AsSpan(0, size), gl = buffer.AsSpan(size, size), dl = buffer.AsSpan(2 * size, size);
                for (int o = 0; o < outer; o++)
                    for (int i = 0; i < inner; i++)
                    {
                        int start = o * size * inner + i;
                        Gather(y.Data, start, inner, yl);
                        Gather(g.Data, start, inner, gl);
                        if (log)
                        {
                            float sum = TensorPrimitives.Sum(gl);
                            TensorPrimitives.Exp(yl, dl);
                            TensorPrimitives.Multiply(dl, -sum, dl);
                            TensorPrimitives.Add(dl, gl, dl);          // g − e^y Σg
                        }
                        else
                        {
                            float dot = TensorPrimitives.Dot(gl, yl);
                            TensorPrimitives.Subtract(gl, dot, dl);
                            TensorPrimitives.Multiply(dl, yl, dl);     // y ⊙ (g − Σ g⊙y)
                        }
                        for (int s = 0; s < size; s++) gx[start + s * inner] += dl[s];
                    }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        });
        return y;
    }

    private static void SoftmaxLine(Span<float> x, Span<float> y, bool log)
    {
        if (x.Length == 0) return;
        if (x.Length < ShortLine)
        {
            // Plain loops for short lines (class scores), where per-call SIMD setup dominates.
            float m = x[0];
            for (int i = 1; i < x.Length; i++) m = MathF.Max(m, x[i]);
            float s = 0f;
            for (int i = 0; i < x.Length; i++) s += MathF.Exp(x[i] - m);
            if (log)
            {
                float logSum = MathF.Log(s);
                for (int i = 0; i < x.Length; i++) y[i] = x[i] - m - logSum;
            }
            else
            {
                for (int i = 0; i < x.Length; i++) y[i] = MathF.Exp(x[i] - m) / s;
            }
            return;
        }
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            // y = (x − max) − log Σ e^(x − max); e^(x − max) is staged in x's line buffer (a copy).
            TensorPrimitives.Exp(y, x);
            float logSum = MathF.Log(TensorPrimitives.Sum(x));
            TensorPrimitives.Subtract(y, logSum, y);
        }
        else
        {
            TensorPrimitives.Exp(y, y);
            float sum = TensorPrimitives.Sum(y);
            TensorPrimitives.Divide(y, sum, y);
        }
    }

    private const int ShortLine = 64;

    private (int Outer, int Size, int Inner) Lines(int dim)
    {
        int d = NormalizeDim(dim);
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= _shape[i];
        for (int i = d + 1; i < Rank; i++) inner *= _shape[i];
        return (outer, _shape[d], inner);
    }

    // Runs `line` on copies of each (outer, ·, inner) line of src and scatters the result into dst.
    private static void ForEachLine(ReadOnlySpan<float> src, Span<float> dst, int outer, int size, int inner, LineAction line)
    {
        float[] buffer = ArrayPool<float>.Shared.Rent(2 * size);
        try
        {
            Span<float> xl = buffer.AsSpan(0, size), yl = buffer.AsSpan(size, size);
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    int start = o * size * inner + i;
                    Gather(src, start, inner, xl);
                    line(xl, yl);
                    for (int s = 0; s < size; s++) dst[start + s * inner] = yl[s];
                }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static void Gather(ReadOnlySpan<float> src, int start, int stride, Span<float> line)
    {
        if (stride == 1) src.Slice(start, line.Length).CopyTo(line);
        else for (int s = 0; s < line.Length; s++) line[s] = src[start + s * stride];
    }

    private delegate void LineAction(Span<float> x, Span<float> y);
}
