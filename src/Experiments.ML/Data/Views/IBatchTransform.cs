// IBatchTransform: the hook for on-the-fly batch transforms (augmentation), applied by ImageBatchCursor
// after it fills a batch. Configure it on training cursors only.
using Experiments.Engine.Random;

namespace Experiments.ML.Data;

/// <summary>
/// Changes a filled image batch in place, for example random augmentation of training batches.
/// <see cref="ImageBatchCursor"/> calls it after each batch is filled, when set in <see cref="BatchCursorOptions.Transform"/>.
/// </summary>
public interface IBatchTransform
{
    /// <summary>
    /// Transforms the batch in place. <paramref name="images"/> is exactly
    /// <paramref name="count"/> x <paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/>
    /// floats (NCHW). Draw randomness only from <paramref name="random"/>: the cursor derives it from the seed and the
    /// epoch, so a resumed run sees the same draws. Must not allocate per call.
    /// </summary>
    void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random);
}
