// DatasetFileRole: which of the four files of an MNIST-family dataset a file is.
namespace Experiments.ML.Data.Catalog;

/// <summary>The four files every MNIST-family dataset ships: train/test images and labels.</summary>
public enum DatasetFileRole
{
    TrainImages,
    TrainLabels,
    TestImages,
    TestLabels,
}
