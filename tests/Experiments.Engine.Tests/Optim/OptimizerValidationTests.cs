// Argument validation: each bad value is refused at construction (or when a scheduler sets it) with the
// optimizer, the argument and the value quoted.
using Experiments.Engine.NN;
using Experiments.Engine.Optim;

namespace Experiments.Engine.Tests.Optim;

public class OptimizerValidationTests
{
    private static Parameter[] P() => [new Parameter(2)];

    private static void Refused(Func<object> create, params string[] fragments)
    {
        var error = Assert.ThrowsAny<ArgumentException>(create);
        foreach (string fragment in fragments)
            Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"Message \"{error.Message}\" lacks \"{fragment}\".");
    }

    [Fact]
    public void Negative_or_non_finite_learning_rates_are_refused_with_the_value()
    {
        Refused(() => new SGD(P(), lr: -0.1), "SGD: lr must be a finite number >= 0, got -0.1");
        Refused(() => new Adam(P(), lr: double.NaN), "Adam: lr", "got NaN");
        Refused(() => new Adagrad(P(), lr: double.PositiveInfinity), "Adagrad: lr", "got Infinity");
        var sgd = new SGD(P(), lr: 0.1);
        Refused(() => sgd.LearningRate = -1, "SGD: LearningRate must be a finite number >= 0, got -1");
        Assert.Equal(0.1, sgd.LearningRate);
    }

    [Theory]
    [InlineData(1.0, 0.999, "beta1", "got 1")]
    [InlineData(-0.1, 0.999, "beta1", "got -0.1")]
    [InlineData(0.9, 1.0, "beta2", "got 1")]
    [InlineData(0.9, 1.5, "beta2", "got 1.5")]
    public void Betas_outside_zero_one_are_refused_for_the_Adam_family(double beta1, double beta2, string which, string got)
    {
        Refused(() => new Adam(P(), beta1: beta1, beta2: beta2), $"Adam: {which} must be a number in [0, 1), {got}");
        Refused(() => new AdamW(P(), beta1: beta1, beta2: beta2), $"AdamW: {which} must be a number in [0, 1), {got}");
        Refused(() => new NAdam(P(), beta1: beta1, beta2: beta2), $"NAdam: {which} must be a number in [0, 1), {got}");
    }

    [Fact]
    public void Negative_eps_weight_decay_and_other_coefficients_are_refused()
    {
        Refused(() => new Adam(P(), eps: -1e-8), "Adam: eps must be a finite number >= 0, got -1E-08");
        Refused(() => new RMSprop(P(), weightDecay: -0.01), "RMSprop: weightDecay", "got -0.01");
        Refused(() => new RMSprop(P(), alpha: -0.5), "RMSprop: alpha", "got -0.5");
        Refused(() => new SGD(P(), lr: 0.1, momentum: -0.9), "SGD: momentum", "got -0.9");
        Refused(() => new NAdam(P(), momentumDecay: -4e-3), "NAdam: momentumDecay", "got -0.004");
        Refused(() => new Adagrad(P(), lrDecay: -0.1), "Adagrad: lrDecay", "got -0.1");
        Refused(() => new Adagrad(P(), initialAccumulatorValue: -1), "Adagrad: initialAccumulatorValue", "got -1");
    }

    [Fact]
    public void Nesterov_without_momentum_or_with_dampening_is_refused()
    {
        Refused(() => new SGD(P(), lr: 0.1, nesterov: true), "nesterov = true requires momentum > 0 and dampening = 0, got momentum = 0 and dampening = 0");
        Refused(() => new SGD(P(), lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true), "got momentum = 0.9 and dampening = 0.1");
        var sgd = new SGD(P(), lr: 0.1, momentum: 0.9, nesterov: true);
        Refused(() => sgd.Momentum = 0, "SGD: momentum must be > 0 because nesterov = true, got 0");
    }

    [Fact]
    public void Momentum_setters_validate_what_schedulers_write()
    {
        var adam = new Adam(P());
        Refused(() => adam.Momentum = 1.0, "Adam: Beta1 must be a number in [0, 1), got 1");
        Assert.Equal(0.9, adam.Momentum);
        var rmsprop = new RMSprop(P(), momentum: 0.5);
        Refused(() => rmsprop.Momentum = -0.5, "RMSprop: Momentum", "got -0.5");
    }

    [Fact]
    public void Empty_and_duplicate_parameter_lists_are_refused()
    {
        Refused(() => new Adam([]), "Adam: got an empty parameter list");
        var p = new Parameter(4);
        Refused(() => new SGD([p, p], lr: 0.1), "SGD: parameter 1 ([4]) appears more than once");
    }
}
