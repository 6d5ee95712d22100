// GoldenRunner: runs one golden case through the engine and compares the output and every gradient with
// PyTorch's. Each family has a small test class mapping its "op" names to engine calls; new families
// (conv, pooling, batch norm, ...) add a class like LinearGoldenTests and reuse Check/CheckModule.
using Experiments.Engine.NN;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Goldens;

public static class GoldenRunner
{
    // Issue 3's tolerances: forward atol 1e-5 / rtol 1e-4; gradients atol 1e-4 (rtol 1e-4 for large magnitudes).
    public const double ForwardAtol = 1e-5, ForwardRtol = 1e-4, GradAtol = 1e-4, GradRtol = 1e-4;

    /// <summary>
    /// Makes every input and param of <paramref name="golden"/> a leaf that requires grad, runs
    /// <paramref name="forward"/>, compares the output, back-propagates the case's upstream gradient and
    /// compares the gradient of every leaf.
    /// </summary>
    public static void Check(GoldenCase golden, Func<IReadOnlyDictionary<string, Tensor>, Tensor> forward)
    {
        var leaves = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in golden.Inputs.Concat(golden.Params))
            leaves.Add(name, t.ToTensor().RequireGrad());
        var output = forward(leaves);
        TensorAssert.Close(golden.Output.Shape, golden.Output.Data, output, ForwardAtol, ForwardRtol, $"{golden} output");
        output.Backward(golden.Upstream.ToTensor());
        foreach (var (name, expected) in golden.Grads)
        {
            var leaf = leaves[name];
            var actual = leaf.Grad ?? Tensor.ZerosLike(leaf);
            TensorAssert.Close(expected.Shape, expected.Data, actual, GradAtol, GradRtol, $"{golden} grad of {name}");
        }
    }

    /// <summary>
    /// Loads the case's params into <paramref name="model"/> by state-dict key, runs it on input "x", and
    /// compares the output and the gradients of the input and of every parameter (by name).
    /// </summary>
    public static void CheckModule(GoldenCase golden, Module model)
    {
        model.LoadStateDict(golden.Params.ToDictionary(p => p.Key, p => p.Value.ToTensor()));
        var x = golden.Inputs["x"].ToTensor().RequireGrad();
        var output = model.Call(x);
        TensorAssert.Close(golden.Output.Shape, golden.Output.Data, output, ForwardAtol, ForwardRtol, $"{golden} output");
        output.Backward(golden.Upstream.ToTensor());
        var parameters = model.NamedParameters().ToDictionary(p => p.Name, p => (Tensor)p.Parameter);
        foreach (var (name, expected) in golden.Grads)
        {
            var leaf = name == "x" ? x : parameters[name];
            TensorAssert.Close(expected.Shape, expected.Data, leaf.Grad ?? Tensor.ZerosLike(leaf), GradAtol, GradRtol, $"{golden} grad of {name}");
        }
    }
}
