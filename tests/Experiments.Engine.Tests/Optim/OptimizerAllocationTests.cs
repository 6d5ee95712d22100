// A step allocates nothing once its buffers exist: every golden configuration, 50 steps after a warm-up,
// counted with GC.GetAllocatedBytesForCurrentThread.
using Experiments.Engine.NN;
using Experiments.Engine.Optim;

namespace Experiments.Engine.Tests.Optim;

public class OptimizerAllocationTests
{
    public static TheoryData<string> PureCases => OptimizerGoldenFile.Names(OptimizerGoldenFile.Pure.Keys);

    [Theory, MemberData(nameof(PureCases))]
    public void Steady_state_steps_allocate_nothing(string name)
    {
        PureCase c = OptimizerGoldenFile.Pure[name];
        Parameter[] parameters = [new Parameter(64, 33), new Parameter(33), new Parameter(7, 5)];
        foreach (Parameter p in parameters)
        {
            p.Grad = Tensor.ZerosLike(p);
            for (int i = 0; i < p.Length; i++) p.Grad.Data[i] = MathF.Sin(i) * 1e-2f;
        }
        Optimizer optimizer = OptimizerGoldenFile.Create(c.Optimizer, c.Config, parameters);
        for (int i = 0; i < 3; i++) optimizer.Step(); // buffers created, methods compiled

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            optimizer.Step();
            optimizer.ZeroGrad();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{name}: 50 steady-state Step()+ZeroGrad() calls allocated {allocated} bytes; expected none (buffers must be reused).");
    }
}
