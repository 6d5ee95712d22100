// AugmentationTestData: real images (the four golden images, repeated) in a store, and one active configuration
// of every augmentation step, for the pipeline, sampler and prefetch tests.
using Experiments.ML.Data;
using Experiments.ML.Tests.Views;
using Experiments.ML.Transforms;

namespace Experiments.ML.Tests.Transforms;

internal static class AugmentationTestData
{
    /// <summary><paramref name="count"/> 28×28 images: golden image r mod 4 (Fashion-MNIST and MNIST test images), label r mod 10.</summary>
    public static LabeledImageStore RealImages(int count)
    {
        var images = Enumerable.Range(0, 4).Select(TransformGoldens.Image).ToArray();
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (int r = 0; r < count; r++)
        {
            float[] source = images[r % 4].Pixels;
            for (int k = 0; k < 784; k++) pixels[r * 784 + k] = (byte)MathF.Round(source[k] * 255f);
            labels[r] = (byte)(r % 10);
        }
        return new LabeledImageStore(pixels, count, 1, 28, 28, labels, SyntheticImages.ClassNames(10));
    }

    /// <summary>One configuration of every kind, each changing most images.</summary>
    public static IReadOnlyDictionary<string, AugmentationOptions> EveryKind { get; } = new Dictionary<string, AugmentationOptions>
    {
        ["random_horizontal_flip"] = new RandomHorizontalFlipOptions { P = 0.5 },
        ["random_vertical_flip"] = new RandomVerticalFlipOptions { P = 0.5 },
        ["random_rotation"] = new RandomRotationOptions { Degrees = ValueRange.Symmetric(20), Interpolation = Interpolation.Bilinear },
        ["color_jitter"] = new ColorJitterOptions { Brightness = ColorJitterOptions.Factor(0.3), Contrast = ColorJitterOptions.Factor(0.3) },
        ["random_affine"] = new RandomAffineOptions { Degrees = ValueRange.Symmetric(10), Translate = (0.1, 0.1), Scale = new(0.9, 1.1), ShearX = ValueRange.Symmetric(8), ShearY = ValueRange.Symmetric(4) },
        ["random_crop"] = new RandomCropOptions { Height = 28, Width = 28, Padding = 4 },
        ["random_erasing"] = new RandomErasingOptions { P = 0.9 },
        ["elastic_distortion"] = new ElasticDistortionOptions { Alpha = 34, Sigma = 4 },
    };

    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (string kind in EveryKind.Keys) data.Add(kind);
        return data;
    }

    /// <summary>All images of one epoch, read through a cursor with <paramref name="transform"/>.</summary>
    public static float[] ReadEpoch(ImageDataView view, IBatchTransform? transform, ulong seed, int epoch, int batchSize = 16, bool shuffle = false)
    {
        var cursor = view.GetBatchCursor(new BatchCursorOptions { BatchSize = batchSize, Seed = seed, Shuffle = shuffle, Transform = transform });
        cursor.StartEpoch(epoch);
        var all = new float[view.RowCount * cursor.ImageSize];
        var images = new float[batchSize * cursor.ImageSize];
        var labels = new int[batchSize];
        int at = 0;
        while (cursor.MoveNext(images, labels, out int count))
        {
            images.AsSpan(0, count * cursor.ImageSize).CopyTo(all.AsSpan(at));
            at += count * cursor.ImageSize;
        }
        return all;
    }
}
