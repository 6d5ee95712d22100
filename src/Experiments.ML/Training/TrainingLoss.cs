// TrainingLoss: the three loss kinds over logits (N, C) and class indices (N), all mean-reduced:
//   cross_entropy  CE(logits, t) with label smoothing ε          (PyTorch F.cross_entropy(label_smoothing=ε))
//   nll            NLL(log_softmax(logits), t)                    (F.nll_loss(F.log_softmax(x, 1), t))
//   mse            MSE(softmax(logits), one_hot(t))               (F.mse_loss(F.softmax(x, 1), one_hot(t)))
using Experiments.Engine;
using Experiments.Engine.NN;

namespace Experiments.ML.Training;

internal static class TrainingLoss
{
    public static Tensor Compute(LossKind kind, float labelSmoothing, Tensor logits, ReadOnlySpan<int> labels) => kind switch
    {
        LossKind.CrossEntropy => Functional.CrossEntropy(logits, labels, labelSmoothing),
        LossKind.Nll => Functional.NllLoss(logits.LogSoftmax(1), labels),
        LossKind.Mse => Functional.MseLoss(logits.Softmax(1), labels),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use cross_entropy, nll or mse."),
    };

    /// <summary>Rows whose argmax logit (lowest index on ties) equals the label.</summary>
    public static int CountCorrect(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes)
    {
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
            if (ArgMax(logits.Slice(i * classes, classes)) == labels[i]) correct++;
        return correct;
    }

    /// <summary>Index of the largest value, the lowest index on ties.</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
            if (row[c] > row[best]) best = c;
        return best;
    }
}
