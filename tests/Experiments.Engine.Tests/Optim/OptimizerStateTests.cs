// Checkpoints: SaveState/LoadState mid-run continues bit-identically (every golden configuration, and an MLP run
// with OneCycleLR), saved states are snapshots, and states from another optimizer type, model or configuration
// are refused with a message that says what differs, leaving the optimizer unchanged.
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Optim.Schedulers;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Optim;

public class OptimizerStateTests
{
    public static TheoryData<string> PureCases => OptimizerGoldenFile.Names(OptimizerGoldenFile.Pure.Keys);

    [Theory, MemberData(nameof(PureCases))]
    public void Save_and_load_mid_run_continues_bit_identically(string name)
    {
        PureCase c = OptimizerGoldenFile.Pure[name];
        const int split = 4; // after a step where parameter 2 had no gradient
        Parameter[] straight = PureRun.Parameters(c);
        Optimizer uninterrupted = OptimizerGoldenFile.Create(c.Optimizer, c.Config, straight);
        Parameter[] first = PureRun.Parameters(c);
        Optimizer before = OptimizerGoldenFile.Create(c.Optimizer, c.Config, first);
        for (int step = 0; step < split; step++)
        {
            PureRun.SetGrads(c, step, straight); uninterrupted.Step();
            PureRun.SetGrads(c, step, first); before.Step();
        }
        OptimizerState saved = before.SaveState();
        float[][] savedBuffers = saved.Parameters.SelectMany(p => p.Buffers.Values).Select(b => (float[])b.Clone()).ToArray();

        // The original keeps stepping: the saved state must not change under it.
        PureRun.SetGrads(c, split, first);
        before.Step();
        float[][] afterMoreSteps = saved.Parameters.SelectMany(p => p.Buffers.Values).ToArray();
        for (int k = 0; k < savedBuffers.Length; k++) TensorAssert.BitEqual(savedBuffers[k], afterMoreSteps[k], $"{name}: saved buffer {k}");

        // A fresh optimizer over fresh parameters holding the split-point values, resumed from the state.
        Parameter[] resumedParams = PureRun.Parameters(c);
        Parameter[] reference = PureRun.Parameters(c);
        var replay = OptimizerGoldenFile.Create(c.Optimizer, c.Config, reference);
        for (int step = 0; step < split; step++) { PureRun.SetGrads(c, step, reference); replay.Step(); }
        for (int i = 0; i < resumedParams.Length; i++) resumedParams[i].CopyFrom(reference[i]);
        Optimizer resumed = OptimizerGoldenFile.Create(c.Optimizer, c.Config, resumedParams);
        resumed.LoadState(saved);
        for (int step = split; step < c.Grads.Length; step++)
        {
            PureRun.SetGrads(c, step, straight); uninterrupted.Step();
            PureRun.SetGrads(c, step, resumedParams); resumed.Step();
        }
        for (int i = 0; i < straight.Length; i++)
            TensorAssert.BitEqual(straight[i].Data, resumedParams[i].Data, $"{name}: parameter {i} after resuming at step {split}");
    }

    [Fact]
    public void Mlp_with_OneCycleLR_resumes_bit_identically_from_model_optimizer_and_scheduler_state()
    {
        TrajectoryCase c = OptimizerGoldenFile.OneCycle["sgd_momentum_onecycle"];
        var straight = new MlpRun();
        var sgd = OptimizerGoldenFile.Create(c.Optimizer, c.Config, straight.Model.Parameters());
        var cycle = new OneCycleLR(sgd, c.MaxLr, totalSteps: 10);
        straight.Train(sgd, 4, afterStep: cycle.Step);
        StateDict model = straight.Model.StateDict().Clone();
        OptimizerState optimizerState = sgd.SaveState();
        SchedulerState schedulerState = cycle.SaveState();
        straight.Train(sgd, 6, afterStep: cycle.Step);

        var resumed = new MlpRun();
        resumed.Model.LoadStateDict(model);
        var sgd2 = OptimizerGoldenFile.Create(c.Optimizer, c.Config, resumed.Model.Parameters());
        var cycle2 = new OneCycleLR(sgd2, c.MaxLr, totalSteps: 10);
        sgd2.LoadState(optimizerState);
        cycle2.LoadState(schedulerState);
        Assert.Equal(sgd.SaveState().Hyperparameters.Count, sgd2.SaveState().Hyperparameters.Count);
        resumed.Train(sgd2, 6, afterStep: cycle2.Step);

        foreach (var (key, tensor) in straight.Model.StateDict())
            TensorAssert.BitEqual(tensor.Data, resumed.Model.StateDict()[key].Data, $"resumed {key}");
        Assert.Equal(((SGD)sgd).Momentum, ((SGD)sgd2).Momentum);
        Assert.Equal(sgd.LearningRate, sgd2.LearningRate);
    }

    [Fact]
    public void LoadState_restores_learning_rate_and_momentum()
    {
        var p = new[] { new Parameter(2, 3) };
        var adam = new Adam(p, lr: 0.01, beta1: 0.9);
        adam.LearningRate = 0.004;
        adam.Beta1 = 0.85;
        var other = new Adam([new Parameter(2, 3)], lr: 0.5, beta1: 0.95);
        other.LoadState(adam.SaveState());
        Assert.Equal(0.004, other.LearningRate);
        Assert.Equal(0.85, other.Beta1);
    }

    [Fact]
    public void LoadState_refuses_a_state_of_another_optimizer_type()
    {
        var sgd = new SGD([new Parameter(3)], lr: 0.1, momentum: 0.9);
        var adam = new Adam([new Parameter(3)]);
        var error = Assert.Throws<ArgumentException>(() => adam.LoadState(sgd.SaveState()));
        Assert.Contains("saved by a SGD optimizer, not Adam", error.Message);
    }

    [Fact]
    public void LoadState_refuses_other_parameter_shapes_and_counts()
    {
        var saved = Stepped(new Adam([new Parameter(3, 4), new Parameter(5)])).SaveState();
        var shapes = Assert.Throws<ArgumentException>(() => new Adam([new Parameter(4, 3), new Parameter(5)]).LoadState(saved));
        Assert.Contains("parameter 0 has shape [4, 3] but the state was saved for shape [3, 4]", shapes.Message);
        var count = Assert.Throws<ArgumentException>(() => new Adam([new Parameter(3, 4)]).LoadState(saved));
        Assert.Contains("the state has 2 parameters, this optimizer has 1", count.Message);
    }

    [Fact]
    public void LoadState_refuses_a_different_fixed_configuration_and_leaves_the_optimizer_unchanged()
    {
        var saved = Stepped(new Adam([new Parameter(3)], amsgrad: true)).SaveState();
        var target = Stepped(new Adam([new Parameter(3)], lr: 0.02));
        OptimizerState before = target.SaveState();
        var error = Assert.Throws<ArgumentException>(() => target.LoadState(saved));
        Assert.Contains("hyperparameter 'amsgrad' is 1 in the state but 0 in this optimizer", error.Message);
        OptimizerState after = target.SaveState();
        Assert.Equal(0.02, target.LearningRate);
        Assert.Equal(before.Parameters[0].Buffers["exp_avg"], after.Parameters[0].Buffers["exp_avg"]);
    }

    [Fact]
    public void LoadState_refuses_a_state_with_a_missing_buffer_or_another_version()
    {
        var saved = Stepped(new RMSprop([new Parameter(3)], centered: true)).SaveState();
        var p = saved.Parameters[0];
        var broken = new OptimizerState(saved.Optimizer, saved.Version, saved.Hyperparameters,
            [new ParameterState(p.Shape, true, p.Scalars, p.Buffers.Where(kv => kv.Key != "grad_avg").ToDictionary())]);
        var missing = Assert.Throws<ArgumentException>(() => new RMSprop([new Parameter(3)], centered: true).LoadState(broken));
        Assert.Contains("lacks buffer 'grad_avg'", missing.Message);
        var future = new OptimizerState(saved.Optimizer, 99, saved.Hyperparameters, saved.Parameters);
        var version = Assert.Throws<ArgumentException>(() => new RMSprop([new Parameter(3)], centered: true).LoadState(future));
        Assert.Contains("version 99 is not supported (expected 1)", version.Message);
    }

    [Fact]
    public void State_of_a_parameter_without_gradient_stays_uninitialized()
    {
        var withGrad = new Parameter(2);
        var without = new Parameter(2);
        var adam = new Adam([withGrad, without]);
        withGrad.Grad = Tensor.FromArray([1f, -1f], 2);
        adam.Step();
        OptimizerState state = adam.SaveState();
        Assert.True(state.Parameters[0].Initialized);
        Assert.Equal(1.0, state.Parameters[0].Scalars["step"]);
        Assert.False(state.Parameters[1].Initialized);
        Assert.Empty(state.Parameters[1].Buffers);
        Assert.Equal([0f, 0f], without.ToArray());
    }

    [Fact]
    public void ZeroGrad_zeroes_in_place_by_default_and_drops_with_setToNone()
    {
        var p = new Parameter(3);
        var sgd = new SGD([p], lr: 0.1);
        Tensor grad = Tensor.FromArray([1f, 2f, 3f], 3);
        p.Grad = grad;
        sgd.ZeroGrad();
        Assert.Same(grad, p.Grad);
        Assert.Equal([0f, 0f, 0f], grad.ToArray());
        sgd.ZeroGrad(setToNone: true);
        Assert.Null(p.Grad);
    }

    private static Optimizer Stepped(Optimizer optimizer)
    {
        foreach (Parameter p in optimizer.Parameters)
        {
            p.Grad = Tensor.ZerosLike(p);
            for (int i = 0; i < p.Length; i++) p.Grad.Data[i] = 0.1f * (i + 1);
        }
        optimizer.Step();
        return optimizer;
    }
}
