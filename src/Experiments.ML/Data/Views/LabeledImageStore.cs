// LabeledImageStore: compact in-memory columnar storage of labeled images, the source every ImageDataView
// selects rows from.
//
// Layout: pixels (N, C, H, W) bytes, row-major, one byte per pixel, as IDX files hold them; labels (N) bytes,
// each a class index below the number of class names (so at most 256 classes). Pixels stay bytes (a quarter of
// the memory of floats) and are scaled to [0, 1] only when a cursor fills a caller's buffer.
namespace Experiments.ML.Data;

/// <summary>
/// Labeled images held in memory as bytes: pixels N x C x H x W, labels N, class names. Immutable. The store takes
/// ownership of the arrays it is given (it does not copy them): do not change them afterwards.
/// Read it through <see cref="AsView"/>.
/// </summary>
public sealed class LabeledImageStore
{
    /// <summary>Labels are stored as bytes, so a store holds at most this many classes.</summary>
    public const int MaxClassCount = 256;

    private readonly byte[] _pixels;
    private readonly byte[] _labels;
    private ImageDataView? _view;

    /// <summary>
    /// Creates a store over <paramref name="pixels"/> (N x C x H x W bytes, NCHW) and <paramref name="labels"/>
    /// (N bytes, each below the number of <paramref name="classNames"/>).
    /// </summary>
    public LabeledImageStore(byte[] pixels, int count, int channels, int height, int width, byte[] labels, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ImageType = new ImageDataViewType(channels, height, width);
        LabelType = new KeyDataViewType(classNames);
        if (LabelType.Count > MaxClassCount)
            throw new ArgumentException($"Got {LabelType.Count} class names, but labels are stored as bytes, so at most {MaxClassCount} classes fit.", nameof(classNames));

        long expectedPixels = (long)count * ImageType.Size;
        if (pixels.Length != expectedPixels)
            throw new DataException(
                $"The pixel array holds {pixels.Length} bytes, but {count} images of {channels}x{height}x{width} need {expectedPixels}. " +
                "Pass the count and the channels, height and width that match the array (NCHW, one byte per pixel).");
        if (labels.Length != count)
            throw new DataException($"The label array holds {labels.Length} labels, but there are {count} images. Pass one label per image.");
        for (int row = 0; row < labels.Length; row++)
            if (labels[row] >= LabelType.Count)
                throw new DataException(
                    $"Label {labels[row]} at row {row} is not a class: there are {LabelType.Count} classes (0..{LabelType.Count - 1}). " +
                    "Check that the labels match the class names (same dataset, same order).");

        _pixels = pixels;
        _labels = labels;
        Count = count;
        Schema = new DataViewSchema.Builder()
            .AddColumn(DefaultColumnNames.Image, ImageType)
            .AddColumn(DefaultColumnNames.Label, LabelType)
            .ToSchema();
    }

    /// <summary>Number of images (N).</summary>
    public int Count { get; }

    /// <summary>Channels per image (C).</summary>
    public int Channels => ImageType.Channels;

    /// <summary>Image height (H).</summary>
    public int Height => ImageType.Height;

    /// <summary>Image width (W).</summary>
    public int Width => ImageType.Width;

    /// <summary>The type of the Image column: C x H x W floats in [0, 1].</summary>
    public ImageDataViewType ImageType { get; }

    /// <summary>The type of the Label column: a key with the class names.</summary>
    public KeyDataViewType LabelType { get; }

    /// <summary>The class names, by label value.</summary>
    public IReadOnlyList<string> ClassNames => LabelType.ClassNames;

    /// <summary>Columns <c>Image</c> (<see cref="ImageDataViewType"/>) and <c>Label</c> (<see cref="KeyDataViewType"/>).</summary>
    public DataViewSchema Schema { get; }

    /// <summary>All pixels, N x C x H x W bytes.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>All labels, N bytes.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>The C x H x W pixel bytes of image <paramref name="row"/>.</summary>
    public ReadOnlySpan<byte> GetPixels(int row)
    {
        CheckRow(row);
        return GetPixelsUnchecked(row);
    }

    /// <summary>The label of image <paramref name="row"/>.</summary>
    public int GetLabel(int row)
    {
        CheckRow(row);
        return _labels[row];
    }

    /// <summary>A view of every row in store order (created on first use and cached: views are immutable).</summary>
    public ImageDataView AsView()
    {
        if (_view is null)
        {
            var rows = new int[Count];
            for (int i = 0; i < rows.Length; i++) rows[i] = i;
            _view = new ImageDataView(this, rows);
        }
        return _view;
    }

    internal ReadOnlySpan<byte> GetPixelsUnchecked(int row)
    {
        int size = ImageType.Size;
        return new ReadOnlySpan<byte>(_pixels, row * size, size);
    }

    internal byte GetLabelUnchecked(int row) => _labels[row];

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The store has {Count} rows (0..{Count - 1}).");
    }
}
