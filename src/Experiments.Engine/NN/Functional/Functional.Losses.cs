// Loss primitives with their backward: cross-entropy from logits (optional label smoothing), NLL from
// log-probabilities, MSE. Mean reduction, as PyTorch's default.
//
// Shapes: input (N, C); targets N class indices in [0, C) (PyTorch's Long target); result a scalar ().
//   cross_entropy:  q = (1 − ε)·onehot(t) + ε/C;  L = −(1/N) Σ_n Σ_c q[n,c]·log_softmax(x)[n,c]
//                   dL/dx = g·(softmax(x) − q)/N       (fused; softmax recomputed in backward, no stored copy)
//   nll:            L = −(1/N) Σ_n x[n, t_n];          dL/dx[n, t_n] = −g/N
//   mse:            L = (1/M) Σ (x − y)², M = numel;   dL/dx = 2g(x − y)/M,  dL/dy = −2g(x − y)/M
// The per-sample sums are accumulated in double, in sample order (deterministic).
using System.Numerics.Tensors;

namespace Experiments.Engine.NN;

public static partial class Functional
{
    /// <summary>
    /// Cross-entropy between logits (N, C) and class indices (PyTorch's <c>cross_entropy(input, target,
    /// label_smoothing=ε)</c>, reduction='mean').
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> targets, float labelSmoothing = 0f)
    {
        var (n, c) = CheckClassification("CrossEntropy", logits, targets);
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label_smoothing must be in [0, 1] (PyTorch's range).");
        int[] t = BufferPool.RentInts(n);          // owned by the graph node (or returned at once without one)
        targets.CopyTo(t);
        Span<float> x = logits.Data;
        float[] prob = BufferPool.RentFloats(c);   // one row of softmax(x); backward recomputes it the same way
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = x.Slice(i * c, c);
            var (max, sum, rowSum) = SoftmaxRow(row, prob);
            double logSum = Math.Log(sum) + max;              // log Σ e^x
            // −Σ_c q_c (x_c − logSum) = logSum − Σ_c q_c x_c
            double qx = (1.0 - labelSmoothing) * row[t[i]];
            if (labelSmoothing != 0f) qx += (double)labelSmoothing / c * rowSum;
            total += logSum - qx;
        }
        BufferPool.Return(prob);
        var loss = Tensor.Scalar((float)(total / n));
        float offTarget = labelSmoothing / c, onTarget = 1f - labelSmoothing + offTarget;
        Autograd.Record(loss, "CrossEntropy", [logits], g =>
        {
            if (!logits.RequiresGrad) return;
            Span<float> gx = Autograd.GradSink(logits);
            float scale = g.Item() / n;
            ReadOnlySpan<float> xs = logits.Data;
            float[] p = BufferPool.RentFloats(c);
            for (int i = 0; i < n; i++)
            {
                SoftmaxRow(xs.Slice(i * c, c), p);
                for (int j = 0; j < c; j++)
                    gx[i * c + j] += scale * (p[j] - (j == t[i] ? onTarget : offTarget));
            }
            BufferPool.Return(p);
        });
        if (loss.GradFn is { } node) node.Own(t);
        else BufferPool.Return(t);
        return loss;
    }

    // prob = softmax(row) computed as e^(x − max)·(1/Σ); returns max, Σ e^(x − max) and Σ x. Plain loops: rows are
    // short (C = 10 here), where per-call SIMD setup costs more than it saves. Forward and backward both call it,
    // so the backward's probabilities are bit-identical to the forward's.
    private static (float Max, float Sum, float RowSum) SoftmaxRow(ReadOnlySpan<float> row, Span<float> prob)
    {
        int c = row.Length;
        float max = row[0];
        for (int j = 1; j < c; j++) max = MathF.Max(max, row[j]);
        float sum = 0f, rowSum = 0f;
        for (int j = 0; j < c; j++)
        {
            prob[j] = MathF.Exp(row[j] - max);
            sum += prob[j];
            rowSum += row[j];
        }
        float inv = 1f / sum;
        for (int j = 0; j < c; j++) prob[j] *= inv;
        return (max, sum, rowSum);
    }

    /// <summary>Negative log-likelihood of log-probabilities (N, C) at class indices (PyTorch's <c>nll_loss</c>, reduction='mean').</summary>
    public static Tensor NllLoss(Tensor logProbabilities, ReadOnlySpan<int> targets)
    {
        var (n, c) = CheckClassification("NllLoss", logProbabilities, targets);
        int[] t = targets.ToArray();
        Span<float> x = logProbabilities.Data;
        double total = 0;
        for (int i = 0; i < n; i++) total -= x[i * c + t[i]];
        var loss = Tensor.Scalar((float)(total / n));
        Autograd.Record(loss, "NllLoss", [logProbabilities], g =>
        {
            if (!logProbabilities.RequiresGrad) return;
            Span<float> gx = Autograd.GradSink(logProbabilities);
            float scale = g.Item() / n;
            for (int i = 0; i < n; i++) gx[i * c + t[i]] -= scale;
        });
        return loss;
    }

    /// <summary>Mean squared error between tensors of equal shape (PyTorch's <c>mse_loss</c>, reduction='mean').</summary>
    public static Tensor MseLoss(Tensor input, Tensor target)
    {
        if (!input.SameShape(target))
            throw new ArgumentException($"MseLoss needs input and target of equal shape; got {input.ShapeString} and {target.ShapeString}.", nameof(target));
        if (input.Length == 0)
            throw new ArgumentException("MseLoss of empty tensors is undefined.", nameof(input));
        var diff = new float[input.Length];
        TensorPrimitives.Subtract(input.Data, target.Data, diff);
        double total = 0;
        foreach (float d in diff) total += (double)d * d;
        int m = input.Length;
        var loss = Tensor.Scalar((float)(total / m));
        Autograd.Record(loss, "MseLoss", [input, target], g =>
        {
            float scale = 2f * g.Item() / m;
            if (input.RequiresGrad) TensorPrimitives.MultiplyAdd(diff, scale, Autograd.GradSink(input), Autograd.GradSink(input));
            if (target.RequiresGrad) TensorPrimitives.MultiplyAdd(diff, -scale, Autograd.GradSink(target), Autograd.GradSink(target));
        });
        return loss;
    }

    /// <summary>MSE between input (N, C) and the one-hot encoding of class indices (PyTorch: <c>mse_loss(x, one_hot(t, C).float())</c>).</summary>
    public static Tensor MseLoss(Tensor input, ReadOnlySpan<int> targets) => MseLoss(input, OneHot(targets, CheckClassification("MseLoss", input, targets).C));

    /// <summary>One-hot encoding (N, C) of class indices (PyTorch's <c>one_hot(t, C).float()</c>).</summary>
    public static Tensor OneHot(ReadOnlySpan<int> targets, int numClasses)
    {
        if (numClasses <= 0) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "OneHot needs at least one class.");
        var y = Tensor.Zeros(targets.Length, numClasses);
        Span<float> data = y.Data;
        for (int i = 0; i < targets.Length; i++)
        {
            if ((uint)targets[i] >= (uint)numClasses)
                throw new ArgumentOutOfRangeException(nameof(targets), $"Target {i} is {targets[i]}, outside the class range [0, {numClasses}).");
            data[i * numClasses + targets[i]] = 1f;
        }
        return y;
    }

    private static (int N, int C) CheckClassification(string loss, Tensor input, ReadOnlySpan<int> targets)
    {
        if (input.Rank != 2)
            throw new ArgumentException($"{loss} expects input (N, C); got {input.ShapeString}. Flatten extra dimensions first.", nameof(input));
        int n = input.Size(0), c = input.Size(1);
        if (n == 0 || c == 0)
            throw new ArgumentException($"{loss} needs at least one sample and one class; got input {input.ShapeString}.", nameof(input));
        if (targets.Length != n)
            throw new ArgumentException($"{loss} got {targets.Length} targets for a batch of {n} (input {input.ShapeString}).", nameof(targets));
        for (int i = 0; i < n; i++)
            if ((uint)targets[i] >= (uint)c)
                throw new ArgumentOutOfRangeException(nameof(targets), $"{loss}: target {i} is {targets[i]}, outside the class range [0, {c}) of input {input.ShapeString}.");
        return (n, c);
    }
}
