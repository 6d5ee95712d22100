// ImageShapeChecks: the argument check every transform constructor makes on the image shape it is built for.
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Transforms;

internal static class ImageShapeChecks
{
    /// <summary>Throws when a dimension of <paramref name="shape"/> is not positive.</summary>
    public static void Check(this ImageShape shape)
    {
        if (shape.Channels < 1 || shape.Height < 1 || shape.Width < 1)
            throw new ArgumentException($"An image shape needs positive channels, height and width; found (C={shape.Channels}, H={shape.Height}, W={shape.Width}).");
    }
}
