// DatasetLoader: from a catalog name (or a resolved folder) to validated, in-memory train and test views.
//
// Resolution (DatasetResolver) finds and checksum-verifies the four files; IdxLabeledImages parses and validates
// each image/label pair; LabeledImageStore keeps the pixels as bytes; the result exposes repeatable data views.
// Nothing partial is handed out: either both splits load and match the catalog entry, or a DataException says
// which file and what differs.
using Experiments.ML.Data.Catalog;
using Experiments.ML.Data.Idx;

namespace Experiments.ML.Data;

/// <summary>A dataset loaded into memory: its catalog entry, where it came from, and its train and test views.</summary>
public sealed record LoadedDataset(DatasetEntry Entry, ResolvedDataset Source, ImageDataView Train, ImageDataView Test);

/// <summary>Loads catalog datasets into memory as data views.</summary>
public static class DatasetLoader
{
    /// <summary>Resolves <paramref name="name"/> with <paramref name="options"/> and loads both splits.</summary>
    public static async Task<LoadedDataset> LoadAsync(string name, DatasetResolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        var resolver = new DatasetResolver(options);
        ResolvedDataset resolved = await resolver.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
        return Load(resolved);
    }

    /// <summary>Loads both splits of an already resolved dataset, checking them against its catalog entry.</summary>
    public static LoadedDataset Load(ResolvedDataset resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        DatasetEntry entry = resolved.Dataset;
        LabeledImageStore train = LoadSplit(entry, resolved.TrainImages, resolved.TrainLabels, entry.TrainCount);
        LabeledImageStore test = LoadSplit(entry, resolved.TestImages, resolved.TestLabels, entry.TestCount);
        return new LoadedDataset(entry, resolved, train.AsView(), test.AsView());
    }

    private static LabeledImageStore LoadSplit(DatasetEntry entry, ResolvedFile images, ResolvedFile labels, int expectedCount)
    {
        IdxLabeledImages set = IdxLabeledImages.Load(images.Path, labels.Path, entry.ClassCount);
        ImageShape shape = entry.ImageShape;
        if (set.Height != shape.Height || set.Width != shape.Width)
            throw new DataException(
                $"{images.Path}: {entry.Name} images are {shape.Height}x{shape.Width}, but this file holds {set.Height}x{set.Width} images. " +
                "The folder holds another dataset's files; point --data-dir at the right folder.", images.Path);
        if (set.Count != expectedCount)
            throw new DataException(
                $"{images.Path}: {entry.Name} has {expectedCount:N0} images in this split, but the file holds {set.Count:N0}. " +
                "The file is a subset or another dataset's; replace it with the original (see `data info`).", images.Path);
        return new LabeledImageStore(set.Pixels, set.Count, shape.Channels, set.Height, set.Width, set.Labels, entry.ClassNames);
    }
}
