// MultiStepLR: decays the learning rate by gamma once the epoch count reaches each milestone.
// Transcribed from PyTorch 1.13: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.MultiStepLR.html
//
//   η_0 = η_base
//   η_t = γ · η_{t−1}   if t ∈ milestones   (t ≥ 1)
//   η_t = η_{t−1}       otherwise
//
// i.e. η_t = η_base · γ^|{m ∈ milestones : m ≤ t}| when nothing else touches the LR (PyTorch's closed form uses
// bisect_right). PyTorch documents milestones as "must be increasing" but accepts anything (a Counter, so a
// repeated milestone applies γ twice, and a milestone 0 decays the LR on construction); we require strictly
// increasing milestones ≥ 1 and say so when they are not.
using System.Globalization;

namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// Decays the learning rate by <c>gamma</c> at each milestone epoch: η_t = η_base · γ^(number of milestones ≤ t)
/// (PyTorch <c>torch.optim.lr_scheduler.MultiStepLR</c>).
/// </summary>
public sealed class MultiStepLR : LearningRateScheduler
{
    private readonly int[] _milestones;

    /// <summary>The epochs at which the LR is multiplied by <see cref="Gamma"/>, strictly increasing.</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <summary>Multiplicative decay factor (PyTorch <c>gamma</c>).</summary>
    public double Gamma { get; }

    /// <param name="target">The optimizer (or other LR holder); its current LR is the base LR.</param>
    /// <param name="milestones">Epoch indices, strictly increasing, each ≥ 1.</param>
    /// <param name="gamma">Multiplicative factor, finite and &gt; 0 (PyTorch default 0.1).</param>
    public MultiStepLR(ILearningRateTarget target, IEnumerable<int> milestones, double gamma = 0.1)
        : base(target)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        int[] m = milestones.ToArray();
        string Quoted() => "[" + string.Join(", ", m.Select(x => x.ToString(CultureInfo.InvariantCulture))) + "]";
        if (m.Length == 0)
            throw SchedulerChecks.Bad(nameof(MultiStepLR), "milestones", "[]", "a non-empty list of epochs (use a constant LR if nothing should decay)");
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] < 1)
                throw SchedulerChecks.Bad(nameof(MultiStepLR), "milestones", Quoted(),
                    $"epochs >= 1 (milestones[{i}] = {m[i]}; epoch 0 is the construction step, where PyTorch would silently decay the initial LR)");
            if (i > 0 && m[i] <= m[i - 1])
                throw SchedulerChecks.Bad(nameof(MultiStepLR), "milestones", Quoted(),
                    $"strictly increasing (milestones[{i}] = {m[i]} follows {m[i - 1]}); sort them and drop duplicates");
        }
        SchedulerChecks.Positive(nameof(MultiStepLR), "gamma", gamma);
        _milestones = m;
        Gamma = gamma;
        InitialStep(SchedulerChecks.InitialLearningRate(nameof(MultiStepLR), target));
    }

    private protected override string Name => nameof(MultiStepLR);

    private protected override double ComputeLearningRate(int epoch)
    {
        double lr = Target.LearningRate;
        // PyTorch: lr * gamma ** milestones[last_epoch]; each milestone occurs once, and gamma ** 1 == gamma exactly.
        return Array.BinarySearch(_milestones, epoch) >= 0 ? lr * Gamma : lr;
    }

    private protected override void SaveExtra(IDictionary<string, double> values)
    {
        values["gamma"] = Gamma;
        values["milestones.count"] = _milestones.Length;
        for (int i = 0; i < _milestones.Length; i++)
            values[$"milestones.{i}"] = _milestones[i];
    }

    private protected override void CheckConfiguration(SchedulerStateReader reader)
    {
        reader.Expect("gamma", Gamma);
        reader.Expect("milestones.count", _milestones.Length);
        for (int i = 0; i < _milestones.Length; i++)
            reader.Expect($"milestones.{i}", _milestones[i]);
    }
}
