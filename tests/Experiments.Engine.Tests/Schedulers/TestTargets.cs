// Stand-ins for an optimizer: what the schedulers drive in these tests.
using Experiments.Engine.Optim;
using Experiments.Engine.Optim.Schedulers;

namespace Experiments.Engine.Tests.Schedulers;

/// <summary>An optimizer stand-in with an LR and a momentum (SGD momentum, or Adam's β₁).</summary>
internal sealed class FakeOptimizer(double learningRate, double momentum = 0.9) : ILearningRateTarget, IMomentumTarget
{
    public double LearningRate { get; set; } = learningRate;
    public double Momentum { get; set; } = momentum;
}

/// <summary>A target with a learning rate only (no momentum to cycle).</summary>
internal sealed class LearningRateOnly(double learningRate) : ILearningRateTarget
{
    public double LearningRate { get; set; } = learningRate;
}
