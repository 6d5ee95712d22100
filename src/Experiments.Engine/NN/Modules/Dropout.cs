// Dropout: randomly zeroes elements in training (PyTorch's nn.Dropout), inverted scaling, off in Eval.
using System.Globalization;
using Experiments.Engine.Random;

namespace Experiments.Engine.NN;

/// <summary>
/// Training: y = x·mask/(1 − p), mask ~ Bernoulli(1 − p) per element; Eval: y = x. Any shape → same
/// (PyTorch's <c>torch.nn.Dropout</c>, default p = 0.5). Masks come from the given stream — pass the run's
/// "dropout" stream so runs reproduce and no other component's draws shift.
/// </summary>
public sealed class Dropout : Module
{
    private readonly RandomStream _random;

    /// <summary>Creates the layer; <paramref name="random"/> is the stream masks are drawn from.</summary>
    public Dropout(RandomStream random, double p = 0.5)
    {
        ArgumentNullException.ThrowIfNull(random);
        Functional.CheckDropoutProbability(p);
        _random = random;
        P = p;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>The state of the mask stream, for training checkpoints (a resumed run draws the same masks).</summary>
    public RandomStreamState SaveRandomState() => _random.SaveState();

    /// <summary>Restores the mask stream to a state saved by <see cref="SaveRandomState"/>.</summary>
    public void LoadRandomState(RandomStreamState state) => _random.LoadState(state);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, IsTraining, _random);

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"p={P}, inplace=False");
}
