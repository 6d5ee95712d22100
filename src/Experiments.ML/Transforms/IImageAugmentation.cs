// IImageAugmentation: one augmentation step as the pipeline sees it: draw this image's parameters from its own
// random stream, then apply the deterministic core. Steps are built (and validated) for one image shape.
using Experiments.Engine.Random;

namespace Experiments.ML.Transforms;

/// <summary>
/// One augmentation step applied to one image (C, H, W) in place. Implementations validate their options and the
/// image shape in the constructor, so <see cref="Augment"/> only checks nothing and allocates nothing.
/// <see cref="AugmentationPipeline"/> runs steps in order, each image with its own <see cref="RandomStream"/>.
/// </summary>
public interface IImageAugmentation
{
    /// <summary>The YAML kind of the step, e.g. <c>random_rotation</c>.</summary>
    string Name { get; }

    /// <summary>Floats of scratch space <see cref="Augment"/> needs per image (0 when it works in place).</summary>
    int ScratchSize { get; }

    /// <summary>
    /// Draws this image's parameters from <paramref name="random"/> and transforms <paramref name="image"/>
    /// (C·H·W floats of the shape the step was built for) in place. <paramref name="scratch"/> holds at least
    /// <see cref="ScratchSize"/> floats whose content is undefined on entry and on exit.
    /// </summary>
    void Augment(Span<float> image, RandomStream random, Span<float> scratch);
}
