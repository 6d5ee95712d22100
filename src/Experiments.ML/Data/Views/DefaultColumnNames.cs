// DefaultColumnNames: the column names components agree on (ML.NET's DefaultColumnNames).
namespace Experiments.ML.Data;

/// <summary>Column names that loaders, trainers and evaluators use by default.</summary>
public static class DefaultColumnNames
{
    /// <summary>The image column (<see cref="ImageDataViewType"/>).</summary>
    public const string Image = "Image";

    /// <summary>The true class label (<see cref="KeyDataViewType"/>).</summary>
    public const string Label = "Label";

    /// <summary>A model's per-class scores (<see cref="VectorDataViewType"/> of the class count).</summary>
    public const string Score = "Score";

    /// <summary>A model's predicted class (<see cref="KeyDataViewType"/> with the label's class names).</summary>
    public const string PredictedLabel = "PredictedLabel";
}
