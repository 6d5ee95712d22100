// The seed CNNs of issue 3 / ANCHORS (shared/docs/ANCHORS.md), built from the layer modules (shared by golden and parameter-count tests).
using Experiments.Engine.NN;
using Experiments.Engine.Random;

namespace Experiments.Engine.Tests.Layers;

internal static class LayerModels
{
    /// <summary>ANCHORS' cnn-s3: conv 1→10 k5, pool 2, relu, conv 10→20 k5, pool 2, relu, fc 320-50-10 (PyTorch: 21,840 parameters).</summary>
    public static Sequential CnnS3(RandomStream random) => new(
        new Conv2d(1, 10, 5, random), new MaxPool2d(2), new ReLU(),
        new Conv2d(10, 20, 5, random), new MaxPool2d(2), new ReLU(),
        new Flatten(), new Linear(320, 50, random), new ReLU(), new Linear(50, 10, random));

    /// <summary>
    /// ANCHORS' cnn-s4: conv 1→6 k3 p1, relu, pool 2, conv 6→12 k3 p1, relu, pool 2, dropout .2, fc 588-24-10
    /// (PyTorch: 15,106 parameters). Without <paramref name="dropout"/> the dropout layer is left out (golden tests).
    /// </summary>
    public static Sequential CnnS4(RandomStream random, RandomStream? dropout = null)
    {
        var model = new Sequential(
            new Conv2d(1, 6, 3, random, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(6, 12, 3, random, padding: 1), new ReLU(), new MaxPool2d(2));
        if (dropout is not null) model.Append(new Dropout(dropout, 0.2));
        return model.Append(new Flatten()).Append(new Linear(588, 24, random)).Append(new ReLU()).Append(new Linear(24, 10, random));
    }

    /// <summary>conv1d 28→32 k3 p1, pool 2, conv1d 32→64 k3 p1, pool 2, fc 448-64-10 (PyTorch: 38,314 parameters).</summary>
    public static Sequential Cnn1d(RandomStream random) => new(
        new Conv1d(28, 32, 3, random, padding: 1), new ReLU(), new MaxPool1d(2),
        new Conv1d(32, 64, 3, random, padding: 1), new ReLU(), new MaxPool1d(2),
        new Flatten(), new Linear(448, 64, random), new ReLU(), new Linear(64, 10, random));
}
