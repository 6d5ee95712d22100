// InputPreprocessor: x = (pixel·scale − mean[c]) / std[c] in float32, per channel, into (N, C, H, W).
using Experiments.ML.Models;

namespace Experiments.ML.Tests.Models;

public sealed class InputPreprocessorTests
{
    [Fact]
    public void Normalize_AppliesScaleThenPerChannelMeanAndStd_InFloat32()
    {
        var schema = new InputSchema { Shape = new InputShape(3, 1, 2), PixelScale = 1.0 / 255, Mean = [0.5, 0.25, 0], Std = [0.5, 2, 0.1] };
        byte[] pixels = [0, 255, 51, 102, 128, 7, /* second sample */ 255, 0, 0, 0, 1, 2];
        var x = InputPreprocessor.Normalize(pixels, 2, schema);
        Assert.Equal(new[] { 2, 3, 1, 2 }, x.ShapeArray());
        float[] mean = [0.5f, 0.25f, 0f], std = [0.5f, 2f, 0.1f];
        for (int i = 0; i < pixels.Length; i++)
        {
            int c = i % 6 / 2;
            Assert.Equal((pixels[i] / 255f - mean[c]) / std[c], x.Data[i]);   // a division by 255, as ToTensor
        }
        Assert.Equal(-1f, x.Data[0]);
        Assert.Equal(1f, x.Data[1], 6);
        // The float overload and the byte overload agree.
        Assert.Equal(x.Data.ToArray(), InputPreprocessor.Normalize(pixels.Select(p => (float)p).ToArray(), 2, schema).Data.ToArray());
    }

    [Fact]
    public void Normalize_WithAnotherPixelScale_Multiplies()
    {
        var schema = new InputSchema { Shape = new InputShape(1, 1, 3), PixelScale = 0.5, Mean = [0.25], Std = [2] };
        var x = InputPreprocessor.Normalize(new byte[] { 0, 3, 255 }, 1, schema);
        Assert.Equal(new[] { (0 * 0.5f - 0.25f) / 2f, (3 * 0.5f - 0.25f) / 2f, (255 * 0.5f - 0.25f) / 2f }, x.Data.ToArray());
    }

    [Fact]
    public void Training_inference_and_preprocessing_agree_bit_for_bit_on_every_byte()
    {
        // The one definition, three paths: InputPreprocessor, ImageClassifier's (through it) and training's (the
        // cursor's byte / 255 followed by InputNormalizer), for every byte value and a non-trivial mean and std.
        var schema = new InputSchema { Shape = new InputShape(1, 16, 16), Mean = [0.2860], Std = [0.3530] };
        var pixels = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var expected = pixels.Select(p => (p / 255f - 0.2860f) / 0.3530f).ToArray();
        Assert.Equal(expected, InputPreprocessor.Normalize(pixels, 1, schema).Data.ToArray());
        var training = pixels.Select(p => p / 255f).ToArray();
        new Experiments.ML.Training.InputNormalizer(schema).Apply(training, 1);
        Assert.Equal(expected, training);
    }

    [Fact]
    public void Normalize_RefusesMismatchedSchemasAndLengths()
    {
        var twoMeans = new InputSchema { Mean = [0.1, 0.2] };
        Assert.Contains("one mean and one std per channel (1); found 2 mean",
            Assert.Throws<ArgumentException>(() => InputPreprocessor.Normalize(new byte[784], 1, twoMeans)).Message);
        Assert.Contains("std[0]: expected a positive finite value; found -1",
            Assert.Throws<ArgumentException>(() => InputPreprocessor.Normalize(new byte[784], 1, new InputSchema { Std = [-1] })).Message);
        Assert.Contains("expected 2 samples × 784 values",
            Assert.Throws<ArgumentException>(() => InputPreprocessor.Normalize(new byte[784], 2, new InputSchema())).Message);
    }
}
