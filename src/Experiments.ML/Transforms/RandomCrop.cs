// RandomCrop: torchvision.transforms.RandomCrop(size, padding, fill, padding_mode="constant").
// Core: F.pad(img, padding, fill) then F.crop(top, left, H, W) of the padded image, done in one pass: output pixel
// (y, x) is padded[top + y, left + x], i.e. src[top + y − padding, left + x − padding] or fill outside the image.
// Draws (RandomCrop.get_params): top = randint(0, Hp − h + 1), then left = randint(0, Wp − w + 1), where Hp, Wp are
// the padded sizes; when the padded image already has the crop size nothing is drawn.
// A batch transform keeps the batch shape, so the crop size must equal the image size (torchvision's usual
// RandomCrop(28, padding=4) on 28×28 images); other sizes are a construction error.
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>Pads an image and crops it back to its size at a random offset, i.e. a random shift (torchvision RandomCrop).</summary>
public sealed class RandomCrop : IImageAugmentation
{
    private readonly ImageShape _shape;

    /// <summary>Builds the step for images of <paramref name="shape"/>; validates the options.</summary>
    public RandomCrop(RandomCropOptions options, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        shape.Check();
        options.Validate(shape.Channels);
        if (options.Height != shape.Height || options.Width != shape.Width)
            throw new AugmentationOptionsException("size",
                $"expected the crop size to equal the image size [{shape.Height}, {shape.Width}] (augmentation keeps the batch shape; use padding to shift); found [{options.Height}, {options.Width}].");
        Options = options;
        _shape = shape;
    }

    /// <summary>The options the step was built from.</summary>
    public RandomCropOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Name;

    /// <inheritdoc/>
    public int ScratchSize => _shape.Size;

    /// <summary>This image's crop corner (top, left) in the padded image.</summary>
    public (int Top, int Left) Sample(RandomStream random)
    {
        int range = 2 * Options.Padding;
        if (range == 0) return (0, 0);
        int top = random.NextInt(range + 1);
        int left = random.NextInt(range + 1);
        return (top, left);
    }

    /// <inheritdoc/>
    public void Augment(Span<float> image, RandomStream random, Span<float> scratch)
    {
        (int top, int left) = Sample(random);
        if (top == Options.Padding && left == Options.Padding) return; // the centred crop is the image itself
        Span<float> cropped = scratch[.._shape.Size];
        Apply(image, cropped, _shape, Options.Padding, top, left, (float)Options.Fill);
        cropped.CopyTo(image);
    }

    /// <summary>
    /// F.crop(F.pad(src, padding, fill), top, left, H, W): dst (C, H, W) gets the H×W window at (top, left) of src
    /// padded by <paramref name="padding"/> pixels of <paramref name="fill"/> on every side. src and dst must not overlap.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> src, Span<float> dst, ImageShape shape, int padding, int top, int left, float fill)
    {
        int h = shape.Height, w = shape.Width;
        for (int c = 0; c < shape.Channels; c++)
        {
            ReadOnlySpan<float> s = src.Slice(c * shape.Plane, shape.Plane);
            Span<float> d = dst.Slice(c * shape.Plane, shape.Plane);
            for (int y = 0; y < h; y++)
            {
                int sy = top + y - padding;
                Span<float> row = d.Slice(y * w, w);
                if ((uint)sy >= (uint)h) { row.Fill(fill); continue; }
                for (int x = 0; x < w; x++)
                {
                    int sx = left + x - padding;
                    row[x] = (uint)sx < (uint)w ? s[sy * w + sx] : fill;
                }
            }
        }
    }
}
