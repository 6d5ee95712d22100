// Finite-difference checks of every layer's backward at small sizes: the analytic gradient of
// L = Σ y·u (u random) against (L(v + h) − L(v − h)) / 2h, with L summed in double.
// Tolerance (atol 5e-3, rtol 1e-2): the forward runs in float32, so with h = 1e-2 the central difference carries
// rounding error of about 1e-7·|L|/h plus O(h²) curvature error for batch norm; max pooling uses well-separated
// values so no perturbation changes a window's maximum.
using Experiments.Engine.NN;
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.Layers;

public class GradientCheckTests
{
    private const double H = 1e-2, Atol = 5e-3, Rtol = 1e-2;

    [Fact]
    public void Conv2d_StridePaddingNonSquare() => Check(
        [Normal(1, 2, 3, 6, 5), Normal(2, 4, 3, 3, 2, 0.4f), Normal(3, 4)],
        t => Functional.Conv2d(t[0], t[1], t[2], (2, 1), (1, 1)));

    [Fact]
    public void Conv1d_StridePadding() => Check(
        [Normal(4, 2, 3, 9), Normal(5, 4, 3, 3, 0.4f), Normal(6, 4)],
        t => Functional.Conv1d(t[0], t[1], t[2], stride: 2, padding: 1));

    [Fact]
    public void MaxPool2d_Padding() => Check([Distinct(7, 2, 2, 5, 6)], t => Functional.MaxPool2d(t[0], (3, 2), (2, 2), (1, 1)));

    [Fact]
    public void MaxPool1d() => Check([Distinct(8, 2, 3, 9)], t => Functional.MaxPool1d(t[0], 3, 2, 1));

    [Fact]
    public void AvgPool2d_CountIncludePad() => Check([Normal(9, 2, 2, 5, 6)], t => Functional.AvgPool2d(t[0], (3, 3), (2, 2), (1, 1)));

    [Fact]
    public void AvgPool2d_ExcludePad() => Check([Normal(10, 2, 2, 5, 6)], t => Functional.AvgPool2d(t[0], (3, 3), (2, 2), (1, 1), countIncludePad: false));

    [Fact]
    public void AdaptiveAvgPool2d() => Check([Normal(11, 2, 3, 5, 7)], t => Functional.AdaptiveAvgPool2d(t[0], (2, 3)));

    [Fact]
    public void BatchNorm_Training() => Check(
        [Normal(12, 4, 3, 5), Normal(13, 3), Normal(14, 3)],
        t => Functional.BatchNorm(t[0], Tensor.Zeros(3), Tensor.Ones(3), t[1], t[2], training: true));

    [Fact]
    public void BatchNorm_Eval() => Check(
        [Normal(15, 3, 2, 2, 3), Normal(16, 2), Normal(17, 2)],
        t => Functional.BatchNorm(t[0], Tensor.FromArray([0.3f, -0.2f]), Tensor.FromArray([0.8f, 1.7f]), t[1], t[2], training: false));

    [Fact]
    public void Dropout_WithAFixedMask() => Check([Normal(18, 3, 7)], t => Functional.Dropout(t[0], 0.4, training: true, new RandomStream(99)));

    private static Tensor Normal(ulong seed, params int[] shape) => Tensor.Normal(new RandomStream(seed), 0, 1, shape);

    private static Tensor Normal(ulong seed, int a, int b, int c, float std) => Tensor.Normal(new RandomStream(seed), 0, std, a, b, c);

    private static Tensor Normal(ulong seed, int a, int b, int c, int d, float std) => Tensor.Normal(new RandomStream(seed), 0, std, a, b, c, d);

    // A shuffled ramp 0, 0.1, 0.2, ...: every two values differ by ≥ 0.1 > 2h, so maxima never swap under perturbation.
    private static Tensor Distinct(ulong seed, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        int[] order = new RandomStream(seed).Permutation(t.Length);
        for (int i = 0; i < t.Length; i++) t.Data[i] = 0.1f * order[i] - 1f;
        return t;
    }

    private static void Check(Tensor[] leaves, Func<Tensor[], Tensor> f)
    {
        foreach (var leaf in leaves) leaf.RequireGrad();
        var y = f(leaves);
        var u = Tensor.Normal(new RandomStream(123), 0, 1, y.ShapeArray());
        y.Backward(u);

        for (int li = 0; li < leaves.Length; li++)
        {
            Tensor leaf = leaves[li];
            float[] analytic = leaf.Grad!.ToArray();
            for (int i = 0; i < leaf.Length; i++)
            {
                float saved = leaf.Data[i];
                leaf.Data[i] = saved + (float)H;
                double plus = Loss(f, leaves, u);
                leaf.Data[i] = saved - (float)H;
                double minus = Loss(f, leaves, u);
                leaf.Data[i] = saved;
                double numeric = (plus - minus) / (2 * H);
                Assert.True(Math.Abs(analytic[i] - numeric) <= Atol + Rtol * Math.Abs(numeric),
                    $"leaf {li} {leaf.ShapeString} element {i}: analytic {analytic[i]:G6}, finite difference {numeric:G6}");
            }
        }
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] leaves, Tensor u)
    {
        using var _ = Experiments.Engine.Autograd.NoGrad();
        var y = f(leaves);
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += (double)y.Data[i] * u.Data[i];
        return sum;
    }
}
