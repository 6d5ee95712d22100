// BatchInference: runs a network over a view in eval mode without gradients, batch by batch in view order,
// and hands each batch's logits (n, K) and labels to the caller. Shared by validation, Evaluate and Transform.
using Experiments.Engine;
using Experiments.ML.Data;
using Experiments.ML.Models;

namespace Experiments.ML.Training;

internal static class BatchInference
{
    /// <summary>Called per batch with logits (n, K), the n labels and the view row of the first one.</summary>
    public delegate void BatchHandler(Tensor logits, ReadOnlySpan<int> labels, int firstRow);

    /// <summary>Scores every row of <paramref name="view"/>; leaves the network in eval mode.</summary>
    public static void Run(Network network, InputNormalizer normalizer, ImageDataView view, int batchSize, BatchHandler handler)
    {
        network.Eval();
        var type = view.ImageType;
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = batchSize });
        var images = new float[batchSize * type.Size];
        var labels = new int[batchSize];
        var input = Tensor.Wrap(images, batchSize, type.Channels, type.Height, type.Width);
        int firstRow = 0;
        using (Autograd.NoGrad())
        {
            while (cursor.MoveNext(images, labels, out int n))
            {
                normalizer.Apply(images, n);
                Tensor logits = network.Call(n == batchSize ? input : input.Narrow(0, 0, n));
                handler(logits, labels.AsSpan(0, n), firstRow);
                firstRow += n;
            }
        }
    }
}
