// SplitStrategy: how a train/validation split chooses its validation rows.
namespace Experiments.ML.Data;

/// <summary>How <see cref="ImageDataView.SplitByFraction"/> and <see cref="ImageDataView.SplitByCount"/> choose validation rows.</summary>
public enum SplitStrategy
{
    /// <summary>Validation rows are a uniform random sample of the view.</summary>
    Random,

    /// <summary>
    /// Each class is split on its own, so every class keeps its share of the view in both parts
    /// (scikit-learn's <c>stratify=y</c>).
    /// </summary>
    Stratified,
}
