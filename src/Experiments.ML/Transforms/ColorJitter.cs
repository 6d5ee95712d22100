// ColorJitter: torchvision.transforms.ColorJitter(brightness, contrast) for float images in [0, 1].
// Core, as functional_tensor does for float tensors:
//   adjust_brightness(x, f) = clamp(f·x + (1 − f)·0, 0, 1)
//   adjust_contrast(x, f)   = clamp(f·x + (1 − f)·m, 0, 1), m = mean of the grayscale image (per image, over all
//                             pixels; for 3 channels grayscale = 0.2989 R + 0.587 G + 0.114 B as rgb_to_grayscale)
// Draws (ColorJitter.get_params): first the order of the adjustments (torchvision draws randperm(4); with only
// brightness and contrast possible here that is one fair coin: brightness first or contrast first), then the
// brightness factor U(b) if brightness is on, then the contrast factor U(c) if contrast is on.
// Saturation and hue are rejected by the options' Validate on 1-channel images, and not implemented for colour
// images either (this pipeline's datasets are grayscale): a non-identity saturation or hue is a construction error.
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>Random brightness and contrast in a random order per image (torchvision ColorJitter / F.adjust_brightness, F.adjust_contrast).</summary>
public sealed class ColorJitter : IImageAugmentation
{
    private readonly ImageShape _shape;

    /// <summary>Builds the step for images of <paramref name="shape"/>; validates the options.</summary>
    public ColorJitter(ColorJitterOptions options, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        shape.Check();
        options.Validate(shape.Channels);
        if (options.Saturation is { } s && (s.Min != 1 || s.Max != 1))
            throw new AugmentationOptionsException("saturation", $"saturation jitter is not implemented (the datasets here are grayscale); found {s}. Remove 'saturation'.");
        if (options.Hue is { } h && (h.Min != 0 || h.Max != 0))
            throw new AugmentationOptionsException("hue", $"hue jitter is not implemented (the datasets here are grayscale); found {h}. Remove 'hue'.");
        if (options.Contrast is not null && shape.Channels is not (1 or 3))
            throw new AugmentationOptionsException("contrast", $"contrast needs grayscale (1 channel) or RGB (3 channels) images, as torchvision's adjust_contrast; found {shape.Channels} channels.");
        Options = options;
        _shape = shape;
    }

    /// <summary>The options the step was built from.</summary>
    public ColorJitterOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Name;

    /// <inheritdoc/>
    public int ScratchSize => 0;

    /// <summary>This image's order and factors, drawn in that order.</summary>
    public ColorJitterParameters Sample(RandomStream random)
    {
        bool brightnessFirst = random.NextBernoulli(0.5);
        double? b = Options.Brightness is { } br ? random.NextUniform(br.Min, br.Max) : null;
        double? c = Options.Contrast is { } co ? random.NextUniform(co.Min, co.Max) : null;
        return new ColorJitterParameters(b, c, brightnessFirst);
    }

    /// <inheritdoc/>
    public void Augment(Span<float> image, RandomStream random, Span<float> scratch) => Apply(image, _shape, Sample(random));

    /// <summary>Applies the adjustments of <paramref name="jitter"/> to image (C, H, W) in place, in its order.</summary>
    public static void Apply(Span<float> image, ImageShape shape, ColorJitterParameters jitter)
    {
        if (jitter.BrightnessFirst)
        {
            if (jitter.Brightness is { } b) AdjustBrightness(image, shape, b);
            if (jitter.Contrast is { } c) AdjustContrast(image, shape, c);
        }
        else
        {
            if (jitter.Contrast is { } c) AdjustContrast(image, shape, c);
            if (jitter.Brightness is { } b) AdjustBrightness(image, shape, b);
        }
    }

    /// <summary>F.adjust_brightness: x ← clamp(f·x, 0, 1) for every pixel of image (C, H, W).</summary>
    public static void AdjustBrightness(Span<float> image, ImageShape shape, double factor)
    {
        float f = (float)factor;
        ScaleShiftClamp(image[..shape.Size], f, (1f - f) * 0f); // torchvision blends with a black image
    }

    /// <summary>F.adjust_contrast: x ← clamp(f·x + (1 − f)·m, 0, 1) with m the mean of the grayscale image.</summary>
    public static void AdjustContrast(Span<float> image, ImageShape shape, double factor)
    {
        if (shape.Channels is not (1 or 3))
            throw new ArgumentException($"adjust_contrast needs 1 or 3 channels; found {shape.Channels}.", nameof(shape));
        float mean = GrayMean(image, shape);
        float f = (float)factor;
        ScaleShiftClamp(image[..shape.Size], f, (1f - f) * mean);
    }

    // x ← min(max(f·x + offset, 0), 1), eight or four lanes at a time: every lane does the scalar loop's float steps
    // (a multiply, then an add: no fused multiply-add), so the values are the same on any hardware.
    private static void ScaleShiftClamp(Span<float> values, float f, float offset)
    {
        int i = 0;
        ref float start = ref MemoryMarshal.GetReference(values);
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> vf = Vector256.Create(f), vo = Vector256.Create(offset), zero = Vector256<float>.Zero, one = Vector256<float>.One;
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref start, (nuint)i);
                Vector256.Min(Vector256.Max(x * vf + vo, zero), one).StoreUnsafe(ref start, (nuint)i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> vf = Vector128.Create(f), vo = Vector128.Create(offset), zero = Vector128<float>.Zero, one = Vector128<float>.One;
            for (; i <= values.Length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> x = Vector128.LoadUnsafe(ref start, (nuint)i);
                Vector128.Min(Vector128.Max(x * vf + vo, zero), one).StoreUnsafe(ref start, (nuint)i);
            }
        }
        for (; i < values.Length; i++)
            values[i] = Math.Min(Math.Max(values[i] * f + offset, 0f), 1f);
    }

    private static float GrayMean(ReadOnlySpan<float> image, ImageShape shape)
    {
        int plane = shape.Plane;
        double sum = 0;
        if (shape.Channels == 1)
        {
            // Four float partial sums per row of 4, added into the double total every row of the image, keep the
            // rounding error far below 1e-6 while most adds stay in float.
            int w = shape.Width;
            for (int row = 0; row < shape.Height; row++)
            {
                ReadOnlySpan<float> r = image.Slice(row * w, w);
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int j = 0;
                for (; j <= w - 4; j += 4) { s0 += r[j]; s1 += r[j + 1]; s2 += r[j + 2]; s3 += r[j + 3]; }
                for (; j < w; j++) s0 += r[j];
                sum += (double)s0 + s1 + s2 + s3;
            }
        }
        else
        {
            for (int p = 0; p < plane; p++)
                sum += 0.2989f * image[p] + 0.587f * image[plane + p] + 0.114f * image[2 * plane + p];
        }
        return (float)(sum / plane);
    }
}
