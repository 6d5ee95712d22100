using Experiments.ML.Evaluation;

namespace Experiments.ML.Training;

/// <summary>
/// An evaluation with its per-row detail, in view order: true labels, predicted labels (argmax, lowest index on
/// ties) and the probabilities (N, K) row-major. Two results on the same view pair up row by row (McNemar).
/// </summary>
public sealed record EvaluationResult(
    MulticlassClassificationMetrics Metrics,
    IReadOnlyList<int> Labels,
    IReadOnlyList<int> PredictedLabels,
    IReadOnlyList<float> Probabilities,
    int ClassCount)
{
    /// <summary>Rows whose prediction equals the label, per row.</summary>
    public bool[] Correct() => Labels.Select((label, i) => PredictedLabels[i] == label).ToArray();
}
