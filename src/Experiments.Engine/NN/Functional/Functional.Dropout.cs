// Dropout (PyTorch's F.dropout; Srivastava et al. 2014), inverted scaling, forward and backward side by side.
//
// Shapes: any → same.  Training: keep each element with probability 1 − p (mask drawn from the given stream in
// row-major order), y = x·mask/(1 − p);  dL/dx = g·mask/(1 − p).  Eval or p = 0: y = x (the same tensor).
// p = 1 gives zeros (and zero gradients). The stream should be the run's "dropout" stream so runs reproduce.
using System.Globalization;
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
        for (int i = 0; i < mask.Length; i++)
            mask[i] = random.NextDouble() >= p ? scale : 0f;
        var y = input.RentLike();
        ReadOnlySpan<float> x = input.Data;
        Span<float> yd = y.Data;
        for (int i = 0; i < mask.Length; i++) yd[i] = x[i] * mask[i];
        Autograd.Record(y, "Dropout", [input], g =>
        {
            if (!input.RequiresGrad) return;
            Span<float> gx = Autograd.GradSink(input);
            ReadOnlySpan<float> gd = g.Data;
            for (int i = 0; i < mask.Length; i++) gx[i] += gd[i] * mask[i];
        });
        if (y.GradFn is { } node) node.Own(mask);
        else BufferPool.Return(mask);
        return y;
    }

    internal static void CheckDropoutProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"Dropout probability has to be between 0 and 1, but got {p}."));
    }
}
