// Golden tests of the optimizers against PyTorch 1.13 (data/optimizers.json from generate_optimizer_goldens.py):
// (a) each optimizer alone on a fixed gradient sequence, checked after every step; (b) 10 training steps of a
// tiny MLP per optimizer; (c) SGD with momentum and Adam driven by OneCycleLR, cycling momentum / β₁.
// Tiny-CNN trajectories (Conv1d/Conv2d, BatchNorm, pooling) are in CnnTrajectoryGoldenTests.cs.
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Optim.Schedulers;
using Experiments.Engine.Random;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Optim;

public class OptimizerGoldenTests
{
    // (a): the same float32 operations in the same order as PyTorch, so only rounding of the last ulp may differ.
    private const double PureAtol = 1e-6, PureRtol = 1e-5;
    // (b, c): the forward/backward kernels (GEMM summation order, tanh) differ from PyTorch's in the last bits and
    // ten steps carry those differences along; the trajectory tolerance.
    private const double TrajectoryAtol = 1e-5, TrajectoryRtol = 1e-5;

    public static TheoryData<string> PureCases => OptimizerGoldenFile.Names(OptimizerGoldenFile.Pure.Keys);
    public static TheoryData<string> MlpCases => OptimizerGoldenFile.Names(OptimizerGoldenFile.MlpCases.Keys);
    public static TheoryData<string> OneCycleCases => OptimizerGoldenFile.Names(OptimizerGoldenFile.OneCycle.Keys);

    [Theory, MemberData(nameof(PureCases))]
    public void Pure_case_matches_PyTorch_after_every_step(string name)
    {
        PureCase c = OptimizerGoldenFile.Pure[name];
        Parameter[] parameters = PureRun.Parameters(c);
        Optimizer optimizer = OptimizerGoldenFile.Create(c.Optimizer, c.Config, parameters);
        for (int step = 0; step < c.Grads.Length; step++)
        {
            PureRun.SetGrads(c, step, parameters);
            optimizer.Step();
            for (int i = 0; i < parameters.Length; i++)
                TensorAssert.Close(c.After[step][i].Shape, c.After[step][i].Data, parameters[i], PureAtol, PureRtol,
                    $"{name}: parameter {i} after step {step + 1}");
        }
    }

    [Theory, MemberData(nameof(PureCases))]
    public void Pure_case_is_bit_identical_to_PyTorch(string name)
    {
        // Stronger than the tolerance above, and deliberate: each update performs PyTorch's float32 operations in
        // PyTorch's order with its rounding (fused add_/addcmul_, unfused addcdiv_, which the generator checks on
        // the machine that wrote the goldens), and MathF.FusedMultiplyAdd/Sqrt are exact on every .NET platform.
        // A mismatch here means an operation order drifted from PyTorch's.
        PureCase c = OptimizerGoldenFile.Pure[name];
        Parameter[] parameters = PureRun.Parameters(c);
        Optimizer optimizer = OptimizerGoldenFile.Create(c.Optimizer, c.Config, parameters);
        for (int step = 0; step < c.Grads.Length; step++)
        {
            PureRun.SetGrads(c, step, parameters);
            optimizer.Step();
            for (int i = 0; i < parameters.Length; i++)
                TensorAssert.BitEqual(c.After[step][i].Data, parameters[i].Data, $"{name}: parameter {i} after step {step + 1}");
        }
    }

    [Fact]
    public void Pure_cases_cover_every_optimizer_and_skip_parameters_without_grad()
    {
        string[] expected = ["SGD", "RMSprop", "Adam", "AdamW", "NAdam", "Adagrad"];
        Assert.Equal(expected.Order(), OptimizerGoldenFile.Pure.Values.Select(c => c.Optimizer).Distinct().Order());
        Assert.Equal(expected.Order(), OptimizerGoldenFile.MlpCases.Values.Select(c => c.Optimizer).Distinct().Order());
        // Parameter 2 has no gradient on some steps; PyTorch leaves it (and its state) untouched there.
        PureCase c = OptimizerGoldenFile.Pure["sgd_momentum"];
        int skipped = Enumerable.Range(0, c.Grads.Length).First(s => c.Grads[s][2] is null && s > 0);
        Assert.Equal(c.After[skipped - 1][2].Data, c.After[skipped][2].Data);
    }

    [Theory, MemberData(nameof(MlpCases))]
    public void Mlp_training_trajectory_matches_PyTorch(string name)
    {
        TrajectoryCase c = OptimizerGoldenFile.MlpCases[name];
        var run = new MlpRun();
        Optimizer optimizer = OptimizerGoldenFile.Create(c.Optimizer, c.Config, run.Model.Parameters());
        float[] losses = run.Train(optimizer, c.Losses.Length);
        TensorAssert.Close(c.Losses, losses, TrajectoryAtol, TrajectoryRtol, $"{name}: losses of steps 1..{c.Losses.Length}");
        run.AssertWeights(c, TrajectoryAtol, TrajectoryRtol);
    }

    [Theory, MemberData(nameof(OneCycleCases))]
    public void OneCycleLR_drives_learning_rate_and_momentum_as_in_PyTorch(string name)
    {
        TrajectoryCase c = OptimizerGoldenFile.OneCycle[name];
        var run = new MlpRun();
        Optimizer optimizer = OptimizerGoldenFile.Create(c.Optimizer, c.Config, run.Model.Parameters());
        var scheduler = new OneCycleLR(optimizer, c.MaxLr, totalSteps: c.Losses.Length);
        var lrs = new List<double>();
        var momenta = new List<double>();
        float[] losses = run.Train(optimizer, c.Losses.Length, afterStep: scheduler.Step, beforeStep: () =>
        {
            lrs.Add(optimizer.LearningRate);
            momenta.Add(((IMomentumTarget)optimizer).Momentum);
        });
        AssertDoubles(c.LearningRates, lrs, $"{name}: learning rate used by each step");
        AssertDoubles(c.Momenta, momenta, $"{name}: momentum (SGD) / beta1 (Adam) used by each step");
        TensorAssert.Close(c.Losses, losses, TrajectoryAtol, TrajectoryRtol, $"{name}: losses");
        run.AssertWeights(c, TrajectoryAtol, TrajectoryRtol);
    }

    [Theory, MemberData(nameof(OneCycleCases))]
    public void OneCycleLR_golden_depends_on_the_momentum_reaching_the_optimizer(string name)
    {
        // Control: without cycling the momentum the run must leave the golden, so the test above proves the
        // momentum reaches the optimizer's update (and not just the scheduler's bookkeeping).
        TrajectoryCase c = OptimizerGoldenFile.OneCycle[name];
        var run = new MlpRun();
        Optimizer optimizer = OptimizerGoldenFile.Create(c.Optimizer, c.Config, run.Model.Parameters());
        var scheduler = new OneCycleLR(optimizer, c.MaxLr, totalSteps: c.Losses.Length, cycleMomentum: false);
        run.Train(optimizer, c.Losses.Length, afterStep: scheduler.Step);
        double maxDiff = run.MaxWeightDifference(c);
        Assert.True(maxDiff > 1e-4, $"{name}: without momentum cycling the final weights differ from the golden by only {maxDiff:G3}; the golden would not detect a momentum that never reaches the optimizer.");
    }

    private static void AssertDoubles(double[] expected, List<double> actual, string what)
    {
        Assert.True(expected.Length == actual.Count, $"{what}: {actual.Count} values, expected {expected.Length}.");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 + 1e-12 * Math.Abs(expected[i]),
                $"{what}: step {i + 1} has {actual[i]:R}, PyTorch {expected[i]:R}.");
    }
}

/// <summary>Builds parameters and gradients of a pure case.</summary>
internal static class PureRun
{
    public static Parameter[] Parameters(PureCase c) =>
        c.Initial.Select(t => new Parameter(Tensor.FromArray(t.Data, t.Shape))).ToArray();

    public static void SetGrads(PureCase c, int step, Parameter[] parameters)
    {
        for (int i = 0; i < parameters.Length; i++)
            parameters[i].Grad = c.Grads[step][i] is { } g ? Tensor.FromArray(g.Data, g.Shape) : null;
    }
}

/// <summary>The golden MLP Linear(12,7)-Tanh-Linear(7,5) with PyTorch's initial weights, trained with cross-entropy.</summary>
internal sealed class MlpRun
{
    public MlpRun()
    {
        var random = new RandomStream(1);
        Model = new Sequential(new Linear(12, 7, random), new Tanh(), new Linear(7, 5, random));
        MlpData data = OptimizerGoldenFile.Mlp;
        StateDict state = Model.StateDict();
        Assert.Equal(data.Initial.Keys.Order(), state.Keys.Order());
        foreach (var (key, t) in data.Initial) state[key].CopyFrom(Tensor.FromArray(t.Data, t.Shape));
        Inputs = Tensor.FromArray(data.Inputs.Data, data.Inputs.Shape);
        Targets = data.Targets;
    }

    public Sequential Model { get; }
    public Tensor Inputs { get; }
    public int[] Targets { get; }

    /// <summary>zero_grad, forward, loss, backward, step; returns the loss before each step.</summary>
    public float[] Train(Optimizer optimizer, int steps, Action? afterStep = null, Action? beforeStep = null)
    {
        var losses = new float[steps];
        for (int s = 0; s < steps; s++)
        {
            optimizer.ZeroGrad();
            Tensor loss = Functional.CrossEntropy(Model.Call(Inputs), Targets);
            loss.Backward();
            losses[s] = loss.Item();
            beforeStep?.Invoke();
            optimizer.Step();
            afterStep?.Invoke();
        }
        return losses;
    }

    public void AssertWeights(TrajectoryCase c, double atol, double rtol)
    {
        StateDict state = Model.StateDict();
        foreach (var (key, t) in c.Final)
            TensorAssert.Close(t.Shape, t.Data, state[key], atol, rtol, $"{c.Name}: final {key}");
    }

    public double MaxWeightDifference(TrajectoryCase c)
    {
        StateDict state = Model.StateDict();
        double max = 0;
        foreach (var (key, t) in c.Final)
        {
            ReadOnlySpan<float> actual = state[key].Data;
            for (int i = 0; i < t.Data.Length; i++) max = Math.Max(max, Math.Abs(actual[i] - t.Data[i]));
        }
        return max;
    }
}
