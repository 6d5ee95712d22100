// Kernel contract: every SIMD activation kernel equals its scalar twin bit for bit at every length
// 0..3·width+1 (width = floats per Vector512, the widest), so each remainder path runs; backward kernels
// add into the sink rather than overwrite it; mismatched lengths are argument errors.
using System.Runtime.Intrinsics;
using Experiments.Engine.Kernels.Reference;
using Experiments.Engine.Kernels.Simd;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Kernels;

public class ActivationKernelContractTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 3 * Vector512<float>.Count + 1; n++) data.Add(n);
        return data;
    }

    private static float[] Values(int n, ulong seed)
    {
        var random = new RandomStream(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)random.NextNormal(0, 2);
        if (n > 2) { v[0] = 0f; v[1] = -0f; } // the kink itself: both twins must pick the same branch
        return v;
    }

    [Theory, MemberData(nameof(Lengths))]
    public void Relu_MatchesTwin_AndTensorPrimitivesMax(int n)
    {
        float[] x = Values(n, 5), simd = new float[n], reference = new float[n], primitives = new float[n];
        if (n > 4) { x[2] = float.NaN; x[3] = float.NegativeInfinity; x[4] = float.PositiveInfinity; }
        ActivationKernels.Relu(x, simd);
        ReferenceActivationKernels.Relu(x, reference);
        System.Numerics.Tensors.TensorPrimitives.Max(x, 0f, primitives);   // what Tensor.Relu used before: same bits
        TensorAssert.BitEqual(reference, simd, $"Relu n={n}");
        TensorAssert.BitEqual(primitives, simd, $"Relu vs TensorPrimitives.Max n={n}");
    }

    [Theory, MemberData(nameof(Lengths))]
    public void LeakyRelu_MatchesTwin(int n)
    {
        float[] x = Values(n, 1), simd = new float[n], reference = new float[n];
        ActivationKernels.LeakyRelu(x, simd, 0.01f);
        ReferenceActivationKernels.LeakyRelu(x, reference, 0.01f);
        TensorAssert.BitEqual(reference, simd, $"LeakyRelu n={n}");
    }

    [Theory, MemberData(nameof(Lengths))]
    public void BackwardKernels_MatchTwins_AndAccumulate(int n)
    {
        float[] a = Values(n, 2), g = Values(n, 3), start = Values(n, 4);
        (string Name, Action<float[]> Simd, Action<float[]> Reference)[] kernels =
        [
            ("ReluBackward", s => ActivationKernels.ReluBackward(a, g, s), s => ReferenceActivationKernels.ReluBackward(a, g, s)),
            ("LeakyReluBackward", s => ActivationKernels.LeakyReluBackward(a, g, s, 0.01f), s => ReferenceActivationKernels.LeakyReluBackward(a, g, s, 0.01f)),
            ("TanhBackward", s => ActivationKernels.TanhBackward(a, g, s), s => ReferenceActivationKernels.TanhBackward(a, g, s)),
            ("SigmoidBackward", s => ActivationKernels.SigmoidBackward(a, g, s), s => ReferenceActivationKernels.SigmoidBackward(a, g, s)),
        ];
        foreach (var (name, simd, reference) in kernels)
        {
            float[] s1 = (float[])start.Clone(), s2 = (float[])start.Clone();
            simd(s1);
            reference(s2);
            TensorAssert.BitEqual(s2, s1, $"{name} n={n}");
        }
        // Accumulation: applying a kernel to a sink holding `start` gives start + (kernel on zeros).
        if (n > 0)
        {
            float[] fromZero = new float[n], fromStart = (float[])start.Clone();
            ReferenceActivationKernels.TanhBackward(a, g, fromZero);
            ActivationKernels.TanhBackward(a, g, fromStart);
            for (int i = 0; i < n; i++)
                Assert.Equal(start[i] + fromZero[i], fromStart[i]);
        }
    }

    [Fact]
    public void MismatchedLengths_AreArgumentErrors()
    {
        Assert.Throws<ArgumentException>(() => ActivationKernels.LeakyRelu(new float[3], new float[4], 0.01f));
        Assert.Throws<ArgumentException>(() => ActivationKernels.ReluBackward(new float[3], new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => ReferenceActivationKernels.TanhBackward(new float[3], new float[2], new float[3]));
    }
}
