// The test-set accuracy the benchmark commands print: one no-grad pass over a view in fixed batches, argmax of the
// logits against the labels. Shared by `epoch` and `eval-checkpoint`.
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.ML.Data;

namespace Experiments.Benchmarks.Commands;

internal static class TestAccuracy
{
    /// <summary>Fraction of <paramref name="view"/>'s rows whose argmax of <paramref name="network"/>'s logits is the label (network in eval mode).</summary>
    public static double Of(Module network, ImageDataView view, int batch)
    {
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = batch });
        var type = view.ImageType;
        int classes = view.LabelType.Count;
        var images = new float[batch * type.Size];
        var labels = new int[batch];
        int correct = 0;
        using (Autograd.NoGrad())
            while (cursor.MoveNext(images, labels, out int count))
            {
                Tensor logits = network.Call(Tensor.Wrap(images, batch, type.Channels, type.Height, type.Width).Narrow(0, 0, count));
                for (int r = 0; r < count; r++)
                {
                    ReadOnlySpan<float> row = logits.Data.Slice(r * classes, classes);
                    int best = 0;
                    for (int c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
                    if (best == labels[r]) correct++;
                }
            }
        return view.RowCount == 0 ? 0 : correct / (double)view.RowCount;
    }
}
