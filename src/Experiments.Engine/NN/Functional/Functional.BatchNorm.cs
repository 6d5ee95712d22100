// Batch normalisation (PyTorch's F.batch_norm; Ioffe & Szegedy 2015, https://arxiv.org/abs/1502.03167),
// forward and backward side by side.
//
// Shapes: x (N, C), (N, C, L) or (N, C, H, W), seen as (N, C, S); statistics per channel over M = N·S values.
// Training: μ = mean, σ² = biased variance of the batch; x̂ = (x − μ)/√(σ² + eps); y = γ·x̂ + β;
//           running_mean ← (1 − m)·running_mean + m·μ;  running_var ← (1 − m)·running_var + m·σ²·M/(M − 1) (unbiased).
// Eval:     μ, σ² = running statistics (or the batch's when there are none, track_running_stats=False).
// Backward (training): dx = γ/√(σ²+eps) · (g − mean(g) − x̂·mean(g·x̂));  (eval): dx = γ/√(σ²+eps) · g
//           dγ = Σ g·x̂,  dβ = Σ g  (sums per channel over N and S).
// Per-slice sums run in TensorPrimitives (SIMD) and are accumulated over slices in double, in a fixed order.
// Channels run in parallel (one work item each), which never changes a result.
using System.Numerics.Tensors;
using Experiments.Engine.Kernels;

namespace Experiments.Engine.NN;

public static partial class Functional
{
    /// <summary>
    /// y = γ·(x − μ)/√(σ² + eps) + β per channel (PyTorch's <c>torch.nn.functional.batch_norm</c>); x (N, C, *).
    /// In training (or without running statistics) μ, σ² come from the batch and the running statistics, when given,
    /// are updated in place with <paramref name="momentum"/> (unbiased variance); otherwise the running statistics are used.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2)
            throw new ArgumentException($"BatchNorm expects input (N, C, *); got {input.ShapeString}.", nameof(input));
        int n = input.Size(0), c = input.Size(1), s = n * c == 0 ? 0 : input.Length / (n * c), m = n * s;
        CheckChannelVector("running_mean", runningMean, c, input);
        CheckChannelVector("running_var", runningVar, c, input);
        CheckChannelVector("weight", weight, c, input);
        CheckChannelVector("bias", bias, c, input);
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException("BatchNorm needs both running_mean and running_var, or neither.");
        bool useBatch = training || runningMean is null;
        if (useBatch && m <= 1)
            throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {input.ShapeString}. Use a batch of at least 2, or Eval() mode.", nameof(input));

        var y = input.RentLike();
        float[] xHat = BufferPool.RentFloats(input.Length);   // holds x − μ first, then (x − μ)/√(σ² + eps); owned by the node
        float[] invStd = BufferPool.RentFloats(c);
        var forward = new BatchNormForward(input, y, xHat, invStd, runningMean, runningVar, weight, bias,
            n, c, s, m, useBatch, training, momentum, eps);
        bool parallel = c > 1 && input.Length >= BatchNormParallelElements;
        Parallelism.For(c, parallel, forward);

        Tensor[] inputs = (weight, bias) switch
        {
            (null, null) => [input],
            (null, { } b) => [input, b],
            ({ } w, null) => [input, w],
            ({ } w, { } b) => [input, w, b],
        };
        Autograd.Record(y, "BatchNorm", inputs, gy =>
        {
            // Gradients are created here, on this thread; the channel bodies only add into their own slices.
            Tensor? gx = input.RequiresGrad ? input.EnsureGrad() : null;
            Tensor? gWeight = weight is not null && weight.RequiresGrad ? weight.EnsureGrad() : null;
            Tensor? gBias = bias is not null && bias.RequiresGrad ? bias.EnsureGrad() : null;
            var backward = new BatchNormBackward(gy, xHat, invStd, weight, gx, gWeight, gBias, n, c, s, m, useBatch);
            Parallelism.For(c, parallel, backward);
        });
        if (y.GradFn is { } node)
        {
            node.Own(xHat);
            node.Own(invStd);
        }
        else
        {
            BufferPool.Return(xHat);
            BufferPool.Return(invStd);
        }
        return y;
    }

    // Channels are independent: each is normalised (and differentiated) by one work item, with the same operations in
    // the same order as a sequential loop, so results do not depend on the thread count.
    private const int BatchNormParallelElements = 1 << 15;

    // One channel of the forward pass: statistics (batch or running), x̂ and y, and the running-statistics update.
    private readonly struct BatchNormForward(Tensor input, Tensor y, float[] xHat, float[] invStd,
        Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        int n, int c, int s, int m, bool useBatch, bool training, double momentum, double eps) : IParallelBody
    {
        public void Invoke(int ch)
        {
            ReadOnlySpan<float> x = input.Data;
            Span<float> yd = y.Data;
            double mu, variance;
            if (useBatch)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += TensorPrimitives.Sum(x.Slice((i * c + ch) * s, s));
                mu = sum / m;
                double sq = 0;
                for (int i = 0; i < n; i++)
                {
                    Span<float> centered = xHat.AsSpan((i * c + ch) * s, s);
                    TensorPrimitives.Subtract(x.Slice((i * c + ch) * s, s), (float)mu, centered);
                    sq += TensorPrimitives.SumOfSquares(centered);
                }
                variance = sq / m;
                if (training && runningMean is not null)
                {
                    runningMean.Data[ch] = (float)((1 - momentum) * runningMean.Data[ch] + momentum * mu);
                    runningVar!.Data[ch] = (float)((1 - momentum) * runningVar.Data[ch] + momentum * variance * m / (m - 1));
                }
            }
            else
            {
                mu = runningMean!.Data[ch];
                variance = runningVar!.Data[ch];
                for (int i = 0; i < n; i++)
                    TensorPrimitives.Subtract(x.Slice((i * c + ch) * s, s), (float)mu, xHat.AsSpan((i * c + ch) * s, s));
            }
            float inv = invStd[ch] = (float)(1.0 / Math.Sqrt(variance + eps));
            float gamma = weight is null ? 1f : weight.Data[ch], beta = bias is null ? 0f : bias.Data[ch];
            for (int i = 0; i < n; i++)
            {
                Span<float> h = xHat.AsSpan((i * c + ch) * s, s);
                TensorPrimitives.Multiply(h, inv, h);
                Span<float> ys = yd.Slice((i * c + ch) * s, s);
                TensorPrimitives.Multiply(h, gamma, ys);
                TensorPrimitives.Add(ys, beta, ys);
            }
        }
    }

    // One channel of the backward pass: dγ, dβ and dx for that channel's slices.
    private readonly struct BatchNormBackward(Tensor gy, float[] xHat, float[] invStd, Tensor? weight,
        Tensor? gx, Tensor? gWeight, Tensor? gBias, int n, int c, int s, int m, bool useBatch) : IParallelBody
    {
        public void Invoke(int ch)
        {
            ReadOnlySpan<float> g = gy.Data;
            double sumG = 0, sumGx = 0;
            for (int i = 0; i < n; i++)
            {
                int start = (i * c + ch) * s;
                sumG += TensorPrimitives.Sum(g.Slice(start, s));
                sumGx += TensorPrimitives.Dot(g.Slice(start, s), xHat.AsSpan(start, s));
            }
            if (gWeight is not null) gWeight.Data[ch] += (float)sumGx;
            if (gBias is not null) gBias.Data[ch] += (float)sumG;
            if (gx is null) return;
            // gx += scale·g − scale·mean(g) − scale·mean(g·x̂)·x̂   (the last two terms only with batch statistics)
            Span<float> gxd = gx.Data;
            float scale = (weight is null ? 1f : weight.Data[ch]) * invStd[ch];
            float shift = useBatch ? (float)(-scale * sumG / m) : 0f, slope = useBatch ? (float)(-scale * sumGx / m) : 0f;
            for (int i = 0; i < n; i++)
            {
                int start = (i * c + ch) * s;
                Span<float> gxs = gxd.Slice(start, s);
                TensorPrimitives.MultiplyAdd(g.Slice(start, s), scale, gxs, gxs);
                if (!useBatch) continue;
                TensorPrimitives.Add(gxs, shift, gxs);
                TensorPrimitives.MultiplyAdd(xHat.AsSpan(start, s), slope, gxs, gxs);
            }
        }
    }

    // A per-channel vector (running statistics, γ, β) must be (C); checked without allocating (this runs every step).
    private static void CheckChannelVector(string name, Tensor? t, int c, Tensor input)
    {
        if (t is not null && (t.Rank != 1 || t.Size(0) != c))
            throw new ArgumentException($"BatchNorm {name} must be ({c}) for input {input.ShapeString}; got {t.ShapeString}.");
    }
}
