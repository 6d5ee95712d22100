// Autograd semantics: accumulation across Backward calls, no-grad scopes, leaf rules, freed graphs,
// gradients through shared subexpressions and broadcasting.
namespace Experiments.Engine.Tests.Autograd;

using Autograd = Experiments.Engine.Autograd;

public class AutogradTests
{
    [Fact]
    public void Backward_AccumulatesIntoGrad_UntilZeroed()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]).RequireGrad();
        (x * x).Sum().Backward();
        Assert.Equal([2f, 4f, 6f], x.Grad!.ToArray());
        (x * x).Sum().Backward();
        Assert.Equal([4f, 8f, 12f], x.Grad!.ToArray());
        x.ZeroGrad();
        Assert.Equal([0f, 0f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void SharedSubexpression_GetsTheSumOfBothPaths()
    {
        // y = (a·b) + (a·b)·a  ->  dy/da = b + 2ab, dy/db = a + a²
        var a = Tensor.FromArray([3f]).RequireGrad();
        var b = Tensor.FromArray([5f]).RequireGrad();
        var ab = a * b;
        (ab + ab * a).Sum().Backward();
        Assert.Equal(5f + 2 * 3 * 5, a.Grad!.Item());
        Assert.Equal(3f + 9f, b.Grad!.Item());
    }

    [Fact]
    public void NoGrad_RecordsNothing_AndNests()
    {
        var x = Tensor.Ones(2).RequireGrad();
        using (Autograd.NoGrad())
        {
            using (Autograd.NoGrad()) { }
            Assert.False(Autograd.IsGradEnabled);
            var y = x * x;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFn);
        }
        Assert.True(Autograd.IsGradEnabled);
        Assert.True((x * x).RequiresGrad);
    }

    [Fact]
    public void Backward_OnNonScalar_WithoutGradient_Throws()
    {
        var x = Tensor.Ones(2).RequireGrad();
        var e = Assert.Throws<InvalidOperationException>(() => (x * x).Backward());
        Assert.Contains("[2]", e.Message);
    }

    [Fact]
    public void Backward_WithExplicitGradient_UsesIt()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        (x * x).Backward(Tensor.FromArray([10f, 100f]));
        Assert.Equal([20f, 400f], x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_Twice_WithoutRetainGraph_Throws_WithRetainGraph_Accumulates()
    {
        var x = Tensor.FromArray([2f]).RequireGrad();
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(8f, x.Grad!.Item());
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", e.Message);
    }

    [Fact]
    public void RequiresGrad_OnNonLeaf_CannotBeChanged()
    {
        var x = Tensor.Ones(1).RequireGrad();
        var y = x * x;
        Assert.False(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }

    [Fact]
    public void IntermediateGrad_IsFreed_UnlessRetained()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var h = x * x;
        var k = (x * x).RetainGrad();
        (h.Sum() + k.Sum()).Backward();
        Assert.Null(h.Grad);
        Assert.Equal([1f, 1f], k.Grad!.ToArray());
    }

    [Fact]
    public void Detach_SharesValues_ButStopsGradient()
    {
        var x = Tensor.FromArray([3f]).RequireGrad();
        var d = x.Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.SharesStorageWith(x));
        (x * d).Sum().Backward();
        Assert.Equal(3f, x.Grad!.Item());
    }

    [Fact]
    public void BroadcastAdd_SumsGradientOverRepeatedDimensions()
    {
        var x = Tensor.Zeros(3, 4).RequireGrad();
        var bias = Tensor.Zeros(4).RequireGrad();
        var channel = Tensor.Zeros(3, 1).RequireGrad();
        (x + bias + channel).Sum().Backward();
        Assert.All(bias.Grad!.ToArray(), v => Assert.Equal(3f, v));
        Assert.All(channel.Grad!.ToArray(), v => Assert.Equal(4f, v));
        Assert.All(x.Grad!.ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void BroadcastMul_ValuesAndGradients()
    {
        var a = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3).RequireGrad();
        var b = Tensor.FromArray([10f, 20f, 30f]).RequireGrad();
        var y = a * b;
        Assert.Equal([10f, 40f, 90f, 40f, 100f, 180f], y.ToArray());
        y.Sum().Backward();
        Assert.Equal([10f, 20f, 30f, 10f, 20f, 30f], a.Grad!.ToArray());
        Assert.Equal([5f, 7f, 9f], b.Grad!.ToArray());
    }

    [Fact]
    public void IncompatibleBroadcast_NamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(2));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2]", e.Message);
    }

    [Fact]
    public void Reshape_PassesGradientBack()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2).RequireGrad();
        (x.Reshape(4) * Tensor.FromArray([1f, 10f, 100f, 1000f])).Sum().Backward();
        Assert.Equal([1f, 10f, 100f, 1000f], x.Grad!.ToArray());
    }
}
