// The unrolled max pooling (Kernels/Simd/PoolKernels.cs) against its scalar twin: same values, same argmax,
// on odd sizes (last row/column dropped by floor mode), ties and NaN, through the 8-lane and the scalar loops.
using Experiments.Engine.Kernels;
using Experiments.Engine.Kernels.Reference;
using Experiments.Engine.Kernels.Simd;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Layers;

public class PoolKernelTests
{
    [Theory]
    [InlineData(2, 3, 8, 8, 2)]
    [InlineData(3, 2, 7, 9, 2)]
    [InlineData(1, 1, 2, 2, 2)]
    [InlineData(2, 5, 1, 11, 1)]
    [InlineData(4, 3, 1, 28, 1)]
    [InlineData(2, 2, 3, 3, 2)]
    [InlineData(2, 3, 6, 24, 2)]     // 12 windows per row: one 8-lane step + 4 scalar
    [InlineData(1, 2, 5, 35, 2)]     // 17 windows: two 8-lane steps + 1, odd height and width
    [InlineData(2, 2, 4, 16, 2)]     // exactly 8 windows
    [InlineData(3, 2, 1, 33, 1)]     // (1, 2) windows in lanes
    public void MaxForward_IsBitIdenticalToTheTwin_IncludingArgmaxTiesAndNaN(int n, int c, int h, int w, int kh)
    {
        var g = new ConvGeometry(n, c, h, w, c, kh, 2, kh, 2, 0, 0);
        Assert.True(PoolKernels.Handles(g));
        var random = new RandomStream((ulong)(n * 100 + h * 10 + w));
        var x = new float[g.InputLength];
        for (int i = 0; i < x.Length; i++)
            x[i] = random.NextInt(4) switch { 0 => float.NaN, 1 => 1f, _ => random.NextInt(3) };   // many ties, some NaN
        float[] yRef = new float[g.OutputLength], yFast = new float[g.OutputLength];
        int[] aRef = new int[g.OutputLength], aFast = new int[g.OutputLength];
        ReferencePool.MaxForward(g, 0, n * c, x, yRef, aRef);
        PoolKernels.MaxForward(g, 0, n * c, x, yFast, aFast);
        TensorAssert.BitEqual(yRef, yFast, $"max pool values {g}");
        Assert.Equal(aRef, aFast);
    }

    [Fact]
    public void MaxForward_RejectsWindowsItDoesNotHandle()
    {
        var g = new ConvGeometry(1, 1, 6, 6, 1, 3, 3, 2, 2, 1, 1);
        Assert.False(PoolKernels.Handles(g));
        Assert.Throws<ArgumentException>(() => PoolKernels.MaxForward(g, 0, 1, new float[36], new float[9], new int[9]));
    }
}
