// One off-diagonal cell of a confusion matrix: how often one true class was predicted as another.
namespace Experiments.ML.Evaluation;

/// <summary>
/// An off-diagonal confusion-matrix cell: <see cref="Count"/> rows whose true class is
/// <see cref="TrueClass"/> were predicted as <see cref="PredictedClass"/>.
/// Returned by <see cref="MulticlassClassificationMetrics.MostConfusedPairs"/>.
/// </summary>
public sealed record ConfusedClassPair(
    int TrueClass,
    string TrueClassName,
    int PredictedClass,
    string PredictedClassName,
    long Count)
{
    /// <summary>"T-shirt → Shirt: 123".</summary>
    public override string ToString() => $"{TrueClassName} → {PredictedClassName}: {Count}";
}
