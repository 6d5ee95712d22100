// CrossEntropyLoss: softmax cross-entropy from logits with optional label smoothing (PyTorch's nn.CrossEntropyLoss).
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>
/// L = −(1/N) Σ_n Σ_c q[n,c]·log_softmax(x)[n,c], q = (1 − ε)·onehot(t) + ε/C; logits (N, C), targets N
/// class indices → scalar (PyTorch's <c>torch.nn.CrossEntropyLoss(label_smoothing=ε)</c>, reduction='mean').
/// </summary>
public sealed class CrossEntropyLoss
{
    public CrossEntropyLoss(float labelSmoothing = 0f)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label_smoothing must be in [0, 1].");
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>ε, the mass spread uniformly over the classes (0 = none).</summary>
    public float LabelSmoothing { get; }

    /// <summary>The mean loss of <paramref name="logits"/> (N, C) at <paramref name="targets"/> (N).</summary>
    public Tensor Forward(Tensor logits, ReadOnlySpan<int> targets) => Functional.CrossEntropy(logits, targets, LabelSmoothing);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"CrossEntropyLoss(label_smoothing={LabelSmoothing})");
}
