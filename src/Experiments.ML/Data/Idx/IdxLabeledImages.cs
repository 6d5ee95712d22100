// IdxLabeledImages: an MNIST-style pair of IDX files loaded and checked together: a 3-D u8 image file (N, H, W)
// and a 1-D u8 label file (N), with every label in [0, classCount). Returned only when both files are complete
// and consistent.
namespace Experiments.ML.Data.Idx;

/// <summary>
/// Labeled grayscale images from an IDX image file and an IDX label file (the MNIST, Fashion-MNIST and KMNIST
/// layout). <see cref="Pixels"/> is (N, H, W) row-major bytes, <see cref="Labels"/> is (N) class indices.
/// </summary>
public sealed class IdxLabeledImages
{
    /// <summary>All pixels, image after image, each image row-major: length Count * Height * Width.</summary>
    public byte[] Pixels { get; }

    /// <summary>Class index of each image, in [0, ClassCount).</summary>
    public byte[] Labels { get; }

    /// <summary>Number of images (N).</summary>
    public int Count { get; }

    /// <summary>Image height in pixels (H).</summary>
    public int Height { get; }

    /// <summary>Image width in pixels (W).</summary>
    public int Width { get; }

    /// <summary>Number of classes the labels were checked against.</summary>
    public int ClassCount { get; }

    /// <summary>The image file the set was loaded from.</summary>
    public string ImagesPath { get; }

    /// <summary>The label file the set was loaded from.</summary>
    public string LabelsPath { get; }

    private IdxLabeledImages(byte[] pixels, byte[] labels, int count, int height, int width, int classCount, string imagesPath, string labelsPath)
    {
        Pixels = pixels;
        Labels = labels;
        Count = count;
        Height = height;
        Width = width;
        ClassCount = classCount;
        ImagesPath = imagesPath;
        LabelsPath = labelsPath;
    }

    /// <summary>Pixels of image <paramref name="index"/> (H * W bytes, row-major), without copying.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int size = Height * Width;
        return Pixels.AsSpan(index * size, size);
    }

    /// <summary>
    /// Loads <paramref name="imagesPath"/> (3-D u8) and <paramref name="labelsPath"/> (1-D u8), each raw or gzip,
    /// and checks that the counts match and every label lies in [0, <paramref name="classCount"/>).
    /// </summary>
    /// <exception cref="DataException">Either file is missing, malformed or of the wrong kind, or the two do not fit together.</exception>
    public static IdxLabeledImages Load(string imagesPath, string labelsPath, int classCount, long maxPayloadBytes = IdxReadOptions.DefaultMaxPayloadBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256); // labels are bytes

        var images = IdxReader.Read(imagesPath, new IdxReadOptions
        {
            ExpectedElementType = IdxElementType.UInt8,
            ExpectedRank = 3,
            ExpectedDescription = "a 3-D u8 image file (N x height x width, magic 00 00 08 03)",
            MaxPayloadBytes = maxPayloadBytes,
        });
        var labels = IdxReader.Read(labelsPath, new IdxReadOptions
        {
            ExpectedElementType = IdxElementType.UInt8,
            ExpectedRank = 1,
            ExpectedDescription = "a 1-D u8 label file (N labels, magic 00 00 08 01)",
            MaxPayloadBytes = maxPayloadBytes,
        });

        int count = images.GetDimension(0), height = images.GetDimension(1), width = images.GetDimension(2);
        if (count > 0 && (height == 0 || width == 0))
            throw new DataException(
                $"Image file '{imagesPath}' has shape {count}x{height}x{width}: images of zero height or width. " +
                "Expected N x height x width with height, width >= 1. Fix: the header is damaged; fetch the file again.", imagesPath);

        int labelCount = labels.GetDimension(0);
        if (labelCount != count)
            throw new DataException(
                $"Image file '{imagesPath}' holds {count:N0} images but label file '{labelsPath}' holds {labelCount:N0} labels; they must be equal. " +
                "Fix: pair files from the same split (train images with train labels, t10k with t10k) and the same dataset.", labelsPath);

        byte[] labelBytes = labels.AsBytes();
        int bad = classCount < 256 ? labelBytes.AsSpan().IndexOfAnyInRange((byte)classCount, byte.MaxValue) : -1;
        if (bad >= 0)
            throw new DataException(
                $"Label file '{labelsPath}' has label {labelBytes[bad]} at index {bad:N0} (the first out of range); labels must lie in [0, {classCount}). " +
                "Fix: check the class count configured for this dataset, or that this is the right label file.", labelsPath);

        return new IdxLabeledImages(images.AsBytes(), labelBytes, count, height, width, classCount, imagesPath, labelsPath);
    }
}
