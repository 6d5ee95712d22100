// Tensor basics: creation, shapes, views sharing storage, element access and argument errors.
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void Zeros_Ones_Full_HaveShapeAndValues()
    {
        var z = Tensor.Zeros(2, 3);
        Assert.Equal([2, 3], z.ShapeArray());
        Assert.Equal(6, z.Length);
        Assert.All(z.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Tensor.Ones(4).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(Tensor.Full(2.5f, 1, 2, 3, 4).ToArray(), v => Assert.Equal(2.5f, v));
        Assert.Equal(0, Tensor.Scalar(3f).Rank);
        Assert.Equal(3f, Tensor.Scalar(3f).Item());
    }

    [Fact]
    public void FromArray_CopiesAndIndexesRowMajor()
    {
        float[] values = [1, 2, 3, 4, 5, 6];
        var t = Tensor.FromArray(values, 2, 3);
        values[0] = 100;
        Assert.Equal(1f, t[0, 0]);
        Assert.Equal(6f, t[1, 2]);
        Assert.Equal(4f, t[1, 0]);
    }

    [Fact]
    public void FromArray_WrongCount_SaysExpectedAndFound()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2));
        Assert.Contains("3 values", e.Message);
        Assert.Contains("[2, 2]", e.Message);
    }

    [Fact]
    public void Rank5_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(1, 1, 1, 1, 1));
        Assert.Contains("at most 4", e.Message);
    }

    [Fact]
    public void Reshape_And_Flatten_AreViewsSharingStorage()
    {
        var t = Tensor.FromArray([1f, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2);
        var r = t.Reshape(4, -1);
        var f = t.Flatten(1);
        Assert.Equal([4, 2], r.ShapeArray());
        Assert.Equal([2, 4], f.ShapeArray());
        Assert.True(r.SharesStorageWith(t));
        r[3, 1] = 42f;
        Assert.Equal(42f, t[1, 1, 1]);
        Assert.Equal(42f, f[1, 3]);
        Assert.Equal([8], t.Flatten().ShapeArray());
    }

    [Fact]
    public void Reshape_Incompatible_NamesBothShapes()
    {
        var t = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ArgumentException>(() => t.Reshape(4, -1));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => t.Reshape(-1, -1));
    }

    [Fact]
    public void Indexer_OutOfRange_And_WrongRank_Throw()
    {
        var t = Tensor.Zeros(2, 3);
        Assert.Throws<IndexOutOfRangeException>(() => t[2, 0]);
        Assert.Throws<InvalidOperationException>(() => t[0]);
        Assert.Throws<InvalidOperationException>(() => t.Item());
    }

    [Fact]
    public void RandomCreation_IsReproducibleFromTheStream()
    {
        var a = Tensor.Normal(new RandomStream(7), 0f, 1f, 3, 5);
        var b = Tensor.Normal(new RandomStream(7), 0f, 1f, 3, 5);
        var c = Tensor.Normal(new RandomStream(8), 0f, 1f, 3, 5);
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.NotEqual(a.ToArray(), c.ToArray());
        var u = Tensor.Uniform(new RandomStream(1), -2f, 3f, 1000);
        Assert.All(u.ToArray(), v => Assert.InRange(v, -2f, 3f));
    }

    [Fact]
    public void Uniform_BadBounds_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Uniform(new RandomStream(1), 1f, 0f, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Normal(new RandomStream(1), 0f, -1f, 3));
    }
}

public class NarrowTests
{
    [Fact]
    public void Narrow_IsAViewOfRows_AndPassesGradientToThem()
    {
        var t = Tensor.FromArray([1f, 2, 3, 4, 5, 6, 7, 8], 4, 2).RequireGrad();
        var rows = t.Narrow(0, 1, 2);
        Assert.Equal([2, 2], rows.ShapeArray());
        Assert.Equal([3f, 4, 5, 6], rows.ToArray());
        Assert.True(rows.SharesStorageWith(t));
        (rows * Tensor.FromArray([1f, 2, 3, 4], 2, 2)).Sum().Backward();
        Assert.Equal([0f, 0, 1, 2, 3, 4, 0, 0], t.Grad!.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Narrow(0, 3, 2));
        Assert.Throws<ArgumentException>(() => t.Narrow(1, 0, 1));
    }
}
