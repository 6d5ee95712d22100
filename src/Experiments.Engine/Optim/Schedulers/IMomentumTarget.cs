// IMomentumTarget: the momentum a scheduler can cycle (OneCycleLR). PyTorch's OneCycleLR writes
// param_groups[i]["momentum"] for optimizers with momentum (SGD, RMSprop) and betas[0] for the Adam family
// (its `use_beta1`); an optimizer implements this interface to expose whichever of the two it has.
namespace Experiments.Engine.Optim.Schedulers;

/// <summary>
/// Something with a momentum coefficient a scheduler can read and set: SGD's <c>momentum</c>, or β₁
/// (<c>betas[0]</c>) for Adam and AdamW, as PyTorch's <c>OneCycleLR(cycle_momentum=True)</c> does.
/// </summary>
public interface IMomentumTarget
{
    /// <summary>The momentum coefficient: SGD momentum, or β₁ for the Adam family.</summary>
    double Momentum { get; set; }
}
