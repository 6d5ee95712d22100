// Dropout (PyTorch's F.dropout; Srivastava et al. 2014), inverted scaling, forward and backward side by side.
//
// Shapes: any → same.  Training: keep each element with probability 1 − p, y = x·mask/(1 − p);
// dL/dx = g·mask/(1 − p).  Eval or p = 0: y = x (the same tensor). p = 1 gives zeros (and zero gradients).
// The mask: one 64-bit key per call from the given stream (the run's "dropout" stream, so runs reproduce), then a
// counter-based hash (SplitMix64's finaliser) of (key, i / 2) gives two 32-bit uniforms per pair of elements
// (low half for even i, high half for odd i); element i is kept when its uniform is ≥ round(p·2³²). Every element's
// draw depends only on (key, i), so the mask is computed in parallel chunks with the same result for any thread
// count, and the stream advances by one value per call whatever the tensor size.
using System.Globalization;
using System.Numerics.Tensors;
using Experiments.Engine.Kernels;
using Experiments.Engine.Random;

namespace Experiments.Engine.NN;

public static partial class Functional
{
    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1 − p) when
    /// <paramref name="training"/> (PyTorch's <c>torch.nn.functional.dropout</c>); returns the input unchanged otherwise.
    /// </summary>
    public static Tensor Dropout(Tensor input, double p, bool training, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        CheckDropoutProbability(p);
        if (!training || p == 0) return input;

        float scale = p == 1 ? 0f : (float)(1.0 / (1.0 - p));
        float[] mask = BufferPool.RentFloats(input.Length);   // owned by the graph node (or returned at once without one)
        var y = input.RentLike();
        ulong key = random.NextUInt64();
        uint threshold = p == 1 ? 0u : (uint)Math.Min(Math.Round(p * 4294967296.0), uint.MaxValue);
        var body = new DropoutChunks(input, y, mask, key, threshold, scale, keepNone: p == 1);
        int chunks = (mask.Length + DropoutChunk - 1) / DropoutChunk;
        Parallelism.For(chunks, parallel: chunks > 1, body);
        Autograd.Record(y, "Dropout", [input], g =>
        {
            if (!input.RequiresGrad) return;
            Span<float> gx = Autograd.GradSink(input);
            TensorPrimitives.MultiplyAdd(g.Data, mask, gx, gx);   // gx += g·mask, element by element
        });
        if (y.GradFn is { } node) node.Own(mask);
        else BufferPool.Return(mask);
        return y;
    }

    private const int DropoutChunk = 1 << 14;   // elements per work item (even, so a pair never spans two chunks)

    // One chunk of the mask and of y = x·mask.
    private readonly struct DropoutChunks(Tensor input, Tensor y, float[] mask, ulong key, uint threshold, float scale, bool keepNone) : IParallelBody
    {
        public void Invoke(int chunk)
        {
            int start = chunk * DropoutChunk, end = Math.Min(mask.Length, start + DropoutChunk);
            Span<float> m = mask.AsSpan(start, end - start);
            if (keepNone)
            {
                m.Clear();
            }
            else
            {
                for (int i = 0; i < m.Length; i += 2)
                {
                    ulong bits = DropoutHash(key, (ulong)(start + i) >> 1);
                    m[i] = (uint)bits >= threshold ? scale : 0f;
                    if (i + 1 < m.Length) m[i + 1] = (uint)(bits >> 32) >= threshold ? scale : 0f;
                }
            }
            TensorPrimitives.Multiply(input.Data.Slice(start, m.Length), m, y.Data.Slice(start, m.Length));
        }
    }

    // SplitMix64's output function over key + (pair + 1)·golden ratio: a well-mixed 64-bit value per pair index.
    private static ulong DropoutHash(ulong key, ulong pair)
    {
        ulong z = key + (pair + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    internal static void CheckDropoutProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"Dropout probability has to be between 0 and 1, but got {p}."));
    }
}
