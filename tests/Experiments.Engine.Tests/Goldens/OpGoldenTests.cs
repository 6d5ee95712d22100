// Golden tests of the core ops, losses and modules against PyTorch (data/*.json from generate_goldens.py).
// One test class per family; each maps the family's "op" names to engine calls.
using Experiments.Engine.NN;
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.Goldens;

public class LinearGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("linear");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name) => GoldenRunner.Check(GoldenFile.Load("linear")[name], t => GoldenFile.Load("linear")[name].Op switch
    {
        "matmul" => Tensor.MatMul(t["a"], t["b"]),
        "linear" => Functional.Linear(t["x"], t["weight"], t.GetValueOrDefault("bias")),
        var op => throw new NotSupportedException(op),
    });
}

public class ActivationGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("activations");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = GoldenFile.Load("activations")[name];
        GoldenRunner.Check(c, t => c.Op switch
        {
            "relu" => Functional.Relu(t["x"]),
            "leaky_relu" => Functional.LeakyRelu(t["x"]),
            "tanh" => Functional.Tanh(t["x"]),
            "sigmoid" => Functional.Sigmoid(t["x"]),
            "gelu" => Functional.Gelu(t["x"]),
            "softmax" => Functional.Softmax(t["x"], c.Int("dim")),
            "log_softmax" => Functional.LogSoftmax(t["x"], c.Int("dim")),
            var op => throw new NotSupportedException(op),
        });
    }
}

public class TensorOpGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("tensor_ops");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = GoldenFile.Load("tensor_ops")[name];
        GoldenRunner.Check(c, t => c.Op switch
        {
            "add" => t["a"] + t["b"],
            "mul" => t["a"] * t["b"],
            "sum" => t["x"].Sum(),
            "mean" => t["x"].Mean(),
            "sum_dim" => t["x"].Sum(c.Int("dim"), c.Bool("keepdim")),
            "mean_dim" => t["x"].Mean(c.Int("dim"), c.Bool("keepdim")),
            "flatten" => Functional.Flatten(t["x"], c.Int("start_dim"), c.Int("end_dim")),
            var op => throw new NotSupportedException(op),
        });
    }
}

public class LossGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("losses");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = GoldenFile.Load("losses")[name];
        GoldenRunner.Check(c, t => c.Op switch
        {
            "cross_entropy" => new CrossEntropyLoss((float)c.Double("label_smoothing")).Forward(t["x"], c.Targets),
            "nll" => new NLLLoss().Forward(t["x"], c.Targets),
            "mse_onehot" => new MSELoss().Forward(t["x"], c.Targets),
            "mse" => new MSELoss().Forward(t["x"], t["y"]),
            var op => throw new NotSupportedException(op),
        });
    }
}

public class ModuleGoldenTests
{
    public static TheoryData<string> Cases => GoldenFile.CaseNames("modules");

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = GoldenFile.Load("modules")[name];
        var random = new RandomStream(0); // weights are replaced by the golden's
        Module model = c.Op switch
        {
            "mlp_a" => new Sequential(new Flatten(), new Linear(12, 7, random), new ReLU(), new Linear(7, 5, random), new Tanh(),
                                      new Linear(5, 3, random), new LogSoftmax(dim: 1)),
            "mlp_b" => new Sequential(new Linear(10, 9, random), new LeakyReLU(), new Linear(9, 8, random), new GELU(), new Linear(8, 6, random),
                                      new Sigmoid(), new Linear(6, 4, random), new Softmax(dim: 1)),
            var op => throw new NotSupportedException(op),
        };
        GoldenRunner.CheckModule(c, model);
    }
}
