// DatasetEntry: what the catalog knows about one dataset (files, hashes, shape, counts, class names, mirrors).
// Entries are plain constructible records so tests can build small synthetic datasets served by a local server.
namespace Experiments.ML.Data.Catalog;

/// <summary>
/// One dataset of the catalog: its lookup <see cref="Name"/> (e.g. <c>fashion-mnist</c>), display name, the four
/// IDX files with reference hashes, image shape, sample counts, class names and download mirrors (base URLs tried
/// in order; a file's URL is the mirror followed by <see cref="DatasetFile.FileName"/>).
/// The constructor checks the entry is self-consistent: one file per role, payload sizes that match the IDX
/// layout for the shape and counts (images: 4-byte magic + 4 bytes per dimension + N·C·H·W; labels: 8 + N).
/// </summary>
public sealed record DatasetEntry
{
    public DatasetEntry(
        string name,
        string displayName,
        ImageShape imageShape,
        int trainCount,
        int testCount,
        IReadOnlyList<string> classNames,
        IReadOnlyList<DatasetFile> files,
        IReadOnlyList<Uri> mirrors,
        string? debianPackage = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\', ' ']) >= 0 || name != name.ToLowerInvariant())
            throw new ArgumentException($"Dataset name must be lowercase without slashes or spaces (it is also a folder name); got '{name}'.", nameof(name));
        if (imageShape.Channels <= 0 || imageShape.Height <= 0 || imageShape.Width <= 0)
            throw new ArgumentOutOfRangeException(nameof(imageShape), imageShape, $"{name}: every image dimension must be positive.");
        if (trainCount <= 0 || testCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(trainCount), $"{name}: sample counts must be positive; got train {trainCount}, test {testCount}.");
        if (classNames.Count < 2)
            throw new ArgumentException($"{name}: a classification dataset needs at least 2 class names; got {classNames.Count}.", nameof(classNames));
        if (files.Count != 4 || files.Select(f => f.Role).Distinct().Count() != 4)
            throw new ArgumentException($"{name}: needs exactly one file per role (TrainImages, TrainLabels, TestImages, TestLabels); got [{string.Join(", ", files.Select(f => f.Role))}].", nameof(files));
        if (files.Select(f => f.FileName).Distinct(StringComparer.Ordinal).Count() != 4)
            throw new ArgumentException($"{name}: the four file names must differ; got [{string.Join(", ", files.Select(f => f.FileName))}].", nameof(files));
        foreach (var mirror in mirrors)
        {
            if (!mirror.IsAbsoluteUri || mirror.Scheme is not ("http" or "https") || !mirror.AbsolutePath.EndsWith('/'))
                throw new ArgumentException($"{name}: a mirror must be an absolute http(s) URL ending in '/'; got '{mirror}'.", nameof(mirrors));
        }

        Name = name;
        DisplayName = displayName;
        ImageShape = imageShape;
        TrainCount = trainCount;
        TestCount = testCount;
        ClassNames = classNames.ToArray();
        Files = files.OrderBy(f => f.Role).ToArray();
        Mirrors = mirrors.ToArray();
        DebianPackage = debianPackage;

        foreach (var file in Files)
        {
            long expected = ExpectedPayloadSize(file.Role);
            if (file.PayloadSize != expected)
                throw new ArgumentException($"{name}: {file.FileName} payload size {file.PayloadSize:N0} does not match the IDX layout for {imageShape} x {CountFor(file.Role):N0} samples, which is {expected:N0} bytes.", nameof(files));
        }
    }

    /// <summary>Lookup name, lowercase (<c>mnist</c>, <c>fashion-mnist</c>, <c>kmnist</c>); also the folder name.</summary>
    public string Name { get; }

    public string DisplayName { get; }

    public ImageShape ImageShape { get; }

    public int TrainCount { get; }

    public int TestCount { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int ClassCount => ClassNames.Count;

    /// <summary>The four files, ordered by <see cref="DatasetFileRole"/>.</summary>
    public IReadOnlyList<DatasetFile> Files { get; }

    /// <summary>Base URLs tried in order when downloading.</summary>
    public IReadOnlyList<Uri> Mirrors { get; }

    /// <summary>The Debian/Ubuntu package installing this dataset under /usr/share/datasets, when there is one.</summary>
    public string? DebianPackage { get; }

    public DatasetFile this[DatasetFileRole role] => Files[(int)role];

    /// <summary>Sample count of the split a file belongs to.</summary>
    public int CountFor(DatasetFileRole role) =>
        role is DatasetFileRole.TrainImages or DatasetFileRole.TrainLabels ? TrainCount : TestCount;

    /// <summary>
    /// Decompressed IDX size of a file: images are [N, H, W] (idx3, 16-byte header) for one channel and
    /// [N, C, H, W] (idx4, 20-byte header) otherwise; labels are [N] (idx1, 8-byte header), one byte each.
    /// </summary>
    public long ExpectedPayloadSize(DatasetFileRole role)
    {
        long n = CountFor(role);
        return role is DatasetFileRole.TrainImages or DatasetFileRole.TestImages
            ? (ImageShape.Channels == 1 ? 16 : 20) + n * ImageShape.Size
            : 8 + n;
    }

    public override string ToString() => $"{Name} ({DisplayName})";
}
