// TrainValidationData: the two parts of a train/validation split (ML.NET's TrainTestData).
namespace Experiments.ML.Data;

/// <summary>The two disjoint parts of a split; together they hold every row of the split view, each once.</summary>
public sealed record TrainValidationData(ImageDataView Train, ImageDataView Validation);
