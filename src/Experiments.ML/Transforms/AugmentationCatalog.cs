// AugmentationCatalog: the one place that maps typed augmentation options to transforms (an explicit switch, no
// reflection), for the YAML loader, the trainer and the preview.
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

/// <summary>Builds augmentation steps and pipelines from <see cref="AugmentationOptions"/>.</summary>
public static class AugmentationCatalog
{
    /// <summary>The YAML kinds the catalog knows, in the order the README lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
    [
        "random_horizontal_flip", "random_vertical_flip", "random_rotation", "color_jitter", "random_affine",
        "random_crop", "random_erasing", "elastic_distortion",
    ];

    /// <summary>
    /// One step for images of (<paramref name="channels"/>, <paramref name="height"/>, <paramref name="width"/>);
    /// throws <see cref="AugmentationOptionsException"/> naming the bad parameter.
    /// </summary>
    public static IImageAugmentation CreateStep(AugmentationOptions options, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(options);
        var shape = new ImageShape(channels, height, width);
        shape.Check();
        return options switch
        {
            RandomHorizontalFlipOptions o => new RandomHorizontalFlip(o, shape),
            RandomVerticalFlipOptions o => new RandomVerticalFlip(o, shape),
            RandomRotationOptions o => new RandomRotation(o, shape),
            ColorJitterOptions o => new ColorJitter(o, shape),
            RandomAffineOptions o => new RandomAffine(o, shape),
            RandomCropOptions o => new RandomCrop(o, shape),
            RandomErasingOptions o => new RandomErasing(o, shape),
            ElasticDistortionOptions o => new ElasticDistortion(o, shape),
            _ => throw new AugmentationOptionsException("kind", $"expected one of {string.Join(", ", Kinds)}; found '{options.Name}' ({options.GetType().Name}), which the catalog does not know. Add it to AugmentationCatalog.CreateStep."),
        };
    }

    /// <summary>A pipeline of <paramref name="steps"/> for the images of a view (its <see cref="ImageDataView.ImageType"/>).</summary>
    public static AugmentationPipeline Create(IReadOnlyList<AugmentationOptions> steps, ImageDataViewType imageType)
    {
        ArgumentNullException.ThrowIfNull(imageType);
        return Create(steps, imageType.Channels, imageType.Height, imageType.Width);
    }

    /// <summary>A batch transform of the single step <paramref name="options"/>.</summary>
    public static IBatchTransform Create(AugmentationOptions options, int channels, int height, int width)
        => Create([options], channels, height, width);

    /// <summary>
    /// A pipeline of <paramref name="steps"/> in order. A bad step fails here, before any data moves, with its
    /// position and kind in the message and the parameter in <see cref="AugmentationOptionsException.Key"/>.
    /// </summary>
    public static AugmentationPipeline Create(IReadOnlyList<AugmentationOptions> steps, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var built = new IImageAugmentation[steps.Count];
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i] is null) throw new AugmentationOptionsException("kind", $"augmentation step {i + 1} is empty; expected one of {string.Join(", ", Kinds)}.");
            try
            {
                built[i] = CreateStep(steps[i], channels, height, width);
            }
            catch (AugmentationOptionsException e)
            {
                throw new AugmentationOptionsException(e.Key, $"augmentation step {i + 1} ({steps[i].Name}), '{e.Key}': {e.Message}");
            }
        }
        return new AugmentationPipeline(built, new ImageShape(channels, height, width));
    }
}
