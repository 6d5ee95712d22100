// Module contract: hierarchical names, parameter counts equal PyTorch's, Train/Eval, state dict round
// trip and its errors, the torchsummary-style table.
using Experiments.Engine.NN;
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.NN;

public class ModuleTests
{
    private static Sequential Mlp(RandomStream random) => new(
        new Flatten(),
        new Linear(784, 32, random), new ReLU(),
        new Linear(32, 32, random), new ReLU(),
        new Linear(32, 10, random));

    [Fact]
    public void Mlp_784_32_32_10_Has26506Parameters_AsPyTorch()
    {
        Assert.Equal(26_506, Mlp(new RandomStream(1)).ParameterCount());
    }

    [Fact]
    public void StateDictKeys_AreHierarchical_InRegistrationOrder()
    {
        var model = new Outer(new RandomStream(1));
        Assert.Equal(["scale", "layers.0.weight", "layers.0.bias", "layers.2.weight"], model.StateDict().Keys.ToArray());
        Assert.Equal(["scale", "layers.0.weight", "layers.0.bias", "layers.2.weight"], model.NamedParameters().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void StateDict_RoundTrip_CopiesValues()
    {
        var source = Mlp(new RandomStream(1));
        var target = Mlp(new RandomStream(2));
        var (missing, unexpected) = target.LoadStateDict(source.StateDict().Clone());
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        foreach (var ((name, a), (_, b)) in source.NamedParameters().Zip(target.NamedParameters()))
            Assert.True(a.ToArray().SequenceEqual(b.ToArray()), $"{name} differs after LoadStateDict");
    }

    [Fact]
    public void LoadStateDict_MissingAndUnexpectedKeys_AreListed_AndNothingIsCopied()
    {
        var target = Mlp(new RandomStream(2));
        float before = target.Parameters().First()[0, 0];
        var state = Mlp(new RandomStream(1)).StateDict();
        var broken = new StateDict();
        foreach (var (k, v) in state)
            broken.Add(k == "1.bias" ? "1.bais" : k, v);
        var e = Assert.Throws<StateDictException>(() => target.LoadStateDict(broken));
        Assert.Equal(["1.bias"], e.MissingKeys);
        Assert.Equal(["1.bais"], e.UnexpectedKeys);
        Assert.Contains("1.bais", e.Message);
        Assert.Equal(before, target.Parameters().First()[0, 0]);

        var (missing, unexpected) = target.LoadStateDict(broken, strict: false);
        Assert.Equal(["1.bias"], missing);
        Assert.Equal(["1.bais"], unexpected);
    }

    [Fact]
    public void LoadStateDict_ShapeMismatch_IsAnErrorEvenWhenNotStrict()
    {
        var target = new Sequential(new Linear(4, 3, new RandomStream(1)));
        var other = new Sequential(new Linear(5, 3, new RandomStream(1)));
        var e = Assert.Throws<StateDictException>(() => target.LoadStateDict(other.StateDict(), strict: false));
        Assert.Contains("0.weight: expected [3, 4] (this module), found [3, 5]", e.Message);
    }

    [Fact]
    public void TrainEval_AreRecursive()
    {
        var model = new Outer(new RandomStream(1));
        model.Eval();
        Assert.All(model.NamedModules(), m => Assert.False(m.Module.IsTraining));
        model.Train();
        Assert.All(model.NamedModules(), m => Assert.True(m.Module.IsTraining));
    }

    [Fact]
    public void DuplicateOrDottedNames_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new BadModule("w", "w"));
        Assert.Throws<ArgumentException>(() => new BadModule("a.b", "c"));
    }

    [Fact]
    public void Summary_ListsLayers_OutputShapes_AndTotals_LikeTorchsummary()
    {
        var model = Mlp(new RandomStream(1));
        model.Train();
        var summary = model.Summary(1, 28, 28);
        Assert.Equal(["Flatten-1", "Linear-2", "ReLU-3", "Linear-4", "ReLU-5", "Linear-6"], summary.Rows.Select(r => r.Layer).ToArray());
        Assert.Equal([-1, 784], summary.Rows[0].OutputShape);
        Assert.Equal([-1, 10], summary.Rows[5].OutputShape);
        Assert.Equal([25_120L, 0, 1_056, 0, 330], summary.Rows.Skip(1).Select(r => r.ParameterCount).ToArray());
        Assert.Equal(26_506, summary.TotalParameters);
        Assert.Equal(26_506, summary.TrainableParameters);
        Assert.True(model.IsTraining, "Summary must restore the training mode");
        string table = summary.ToString();
        Assert.Contains("Linear-2", table);
        Assert.Contains("[-1, 32]", table);
        Assert.Contains("Total params: 26,506", table);
    }

    [Fact]
    public void FrozenParameters_AreNonTrainable()
    {
        var model = Mlp(new RandomStream(1));
        foreach (var p in model.Parameters().Take(2)) p.RequiresGrad = false;
        var summary = model.Summary(784);
        Assert.Equal(25_120, summary.NonTrainableParameters);
    }

    [Fact]
    public void Linear_ForwardShapes_AndPyTorchDefaultInitBounds()
    {
        var layer = new Linear(50, 7, new RandomStream(3));
        double bound = 1.0 / Math.Sqrt(50);
        Assert.All(layer.Weight.ToArray(), w => Assert.InRange(w, -bound, bound));
        Assert.All(layer.Bias!.ToArray(), b => Assert.InRange(b, -bound, bound));
        Assert.Equal([4, 7], layer.Forward(Tensor.Zeros(4, 50)).ShapeArray());
        Assert.Equal([2, 3, 7], layer.Forward(Tensor.Zeros(2, 3, 50)).ShapeArray());
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(4, 49)));
        Assert.Contains("[4, 49]", e.Message);
        Assert.Equal("Linear(in_features=50, out_features=7, bias=True)", layer.ToString());
    }

    private sealed class Outer : Module
    {
        public Outer(RandomStream random)
        {
            RegisterParameter("scale", new Parameter(Tensor.Ones(1)));
            RegisterModule("layers", new Sequential(new Linear(3, 4, random), new ReLU(), new Linear(4, 2, random, bias: false)));
            RegisterBuffer("scratch", Tensor.Zeros(2), persistent: false);
        }

        public override Tensor Forward(Tensor input) => input;
    }

    private sealed class BadModule : Module
    {
        public BadModule(string first, string second)
        {
            RegisterParameter(first, new Parameter(1));
            RegisterBuffer(second, Tensor.Zeros(1));
        }

        public override Tensor Forward(Tensor input) => input;
    }
}
