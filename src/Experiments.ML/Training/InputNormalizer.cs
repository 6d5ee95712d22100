// InputNormalizer: applies an InputSchema to batches the cursor filled with pixels already scaled to [0, 1]
// (byte / 255, PixelScaling), in place: x = (x·k − mean[c]) / std[c] with k = PixelScale·255. For the usual 1/255
// scaling k is 1 and skipped, so x = (byte / 255 − mean[c]) / std[c]: exactly InputPreprocessor's definition (the
// Standardize step is shared), which ImageClassifier and the ONNX export also use. Allocation-free.
// Shapes: images (N, C, H, W) row-major.
using System.Numerics.Tensors;
using Experiments.ML.Models;

namespace Experiments.ML.Training;

internal sealed class InputNormalizer
{
    private readonly PreprocessingConstants _constants;
    private readonly float _rescale;
    private readonly bool _identity;

    public InputNormalizer(InputSchema schema)
    {
        _constants = InputPreprocessor.Constants(schema);
        _rescale = _constants.DivideBy255 ? 1f : (float)(schema.PixelScale * 255.0);
        _identity = _rescale == 1f && _constants.Mean.All(m => m == 0f) && _constants.Std.All(s => s == 1f);
    }

    /// <summary>Normalizes the first <paramref name="count"/> images of <paramref name="images"/> in place.</summary>
    public void Apply(Span<float> images, int count)
    {
        if (_identity) return;
        Span<float> batch = images[..(count * _constants.Shape.Length)];
        if (_rescale != 1f) TensorPrimitives.Multiply(batch, _rescale, batch);
        InputPreprocessor.Standardize(batch, _constants);
    }
}
