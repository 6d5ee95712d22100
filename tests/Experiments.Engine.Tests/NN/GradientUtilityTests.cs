// Gradient clipping (by global norm, by value) and the non-finite check.
using Experiments.Engine.NN;
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.NN;

public class GradientUtilityTests
{
    private static Tensor WithGrad(float[] values, float[] grad)
    {
        var p = Tensor.FromArray(values).RequireGrad();
        p.Grad = Tensor.FromArray(grad);
        return p;
    }

    [Fact]
    public void ByNorm_ScalesToMaxNorm_AndReturnsTheNormBefore()
    {
        // ‖(3, 4, 12)‖₂ = 13, split over two parameters.
        var a = WithGrad([0f, 0f], [3f, 4f]);
        var b = WithGrad([0f], [12f]);
        double total = ClipGrad.ByNorm([a, b], maxNorm: 6.5);
        Assert.Equal(13.0, total, 6);
        double coef = 6.5 / (13.0 + 1e-6);
        Assert.Equal((float)(3 * coef), a.Grad![0], 6);
        Assert.Equal((float)(12 * coef), b.Grad![0], 6);
    }

    [Fact]
    public void ByNorm_BelowMax_LeavesGradientsAlone_InfinityNormIsMaxAbs()
    {
        var a = WithGrad([0f, 0f], [3f, -4f]);
        Assert.Equal(5.0, ClipGrad.ByNorm([a], maxNorm: 10), 6);
        Assert.Equal([3f, -4f], a.Grad!.ToArray());
        Assert.Equal(4.0, ClipGrad.ByNorm([a], maxNorm: 10, normType: double.PositiveInfinity), 6);
    }

    [Fact]
    public void ByNorm_NonFinite_ThrowsWhenAsked()
    {
        var a = WithGrad([0f], [float.NaN]);
        Assert.Throws<InvalidOperationException>(() => ClipGrad.ByNorm([a], 1.0, errorIfNonFinite: true));
        Assert.True(double.IsNaN(ClipGrad.ByNorm([a], 1.0)));
    }

    [Fact]
    public void ByValue_Clamps()
    {
        var a = WithGrad([0f, 0f, 0f], [-5f, 0.5f, 7f]);
        ClipGrad.ByValue([a], 1f);
        Assert.Equal([-1f, 0.5f, 1f], a.Grad!.ToArray());
    }

    [Fact]
    public void NonFiniteCheck_NamesTensorPartAndStep()
    {
        var model = new Sequential(new Linear(3, 4, new RandomStream(1)), new ReLU(), new Linear(4, 2, new RandomStream(2)));
        var x = Tensor.Ones(2, 3);
        model.Forward(x).Sum().Backward();
        NonFiniteCheck.ThrowIfNonFinite(model, step: 41);
        model.NamedParameters().Single(p => p.Name == "2.weight").Parameter.Grad!.Data[5] = float.PositiveInfinity;
        var e = Assert.Throws<NonFiniteException>(() => NonFiniteCheck.ThrowIfNonFinite(model, step: 42));
        Assert.Equal("2.weight", e.TensorName);
        Assert.Equal("gradient", e.Part);
        Assert.Equal(42, e.Step);
        Assert.Equal(5, e.FirstIndex);
        Assert.Contains("'2.weight' at step 42", e.Message);
    }
}
