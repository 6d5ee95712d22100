// ImageDataView: a lazy, immutable, repeatable selection of rows of a LabeledImageStore.
//
// A view is an index map: view row i is store row Rows[i]. Take, Skip, Shuffle and the train/validation
// splits (ImageDataView.Split.cs) return new views over the same store and never copy pixels; Take and Skip
// share the parent's index map. Pixels are scaled to float only when a cursor or ReadRow fills a caller's buffer.
// Determinism: every random choice comes from a seed through RandomStreams, so the same seed gives the same
// rows in the same order.
using Experiments.Engine.Random;

namespace Experiments.ML.Data;

/// <summary>
/// A lazy, immutable, repeatable view of rows of a <see cref="LabeledImageStore"/>, with columns
/// <c>Image</c> and <c>Label</c>. Safe to share between threads; cursors are not.
/// </summary>
public sealed partial class ImageDataView : IDataView
{
    private readonly ReadOnlyMemory<int> _rows;

    internal ImageDataView(LabeledImageStore store, ReadOnlyMemory<int> rows)
    {
        Store = store;
        _rows = rows;
    }

    /// <summary>The store the rows come from.</summary>
    public LabeledImageStore Store { get; }

    /// <inheritdoc />
    public DataViewSchema Schema => Store.Schema;

    /// <inheritdoc />
    public int RowCount => _rows.Length;

    /// <summary>The type of the Image column.</summary>
    public ImageDataViewType ImageType => Store.ImageType;

    /// <summary>The type of the Label column.</summary>
    public KeyDataViewType LabelType => Store.LabelType;

    /// <summary>The store row of each view row: view row i is store row <c>StoreRows[i]</c>.</summary>
    public ReadOnlySpan<int> StoreRows => _rows.Span;

    /// <summary>The first <paramref name="count"/> rows (all rows if the view has fewer), like LINQ's Take and ML.NET's TakeRows.</summary>
    public ImageDataView Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new ImageDataView(Store, _rows[..Math.Min(count, RowCount)]);
    }

    /// <summary>All rows after the first <paramref name="count"/> (none if the view has fewer), like LINQ's Skip and ML.NET's SkipRows.</summary>
    public ImageDataView Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new ImageDataView(Store, _rows[Math.Min(count, RowCount)..]);
    }

    /// <summary>
    /// The same rows in a random order (Fisher-Yates) drawn from stream <c>"shuffle"</c> of <paramref name="seed"/>:
    /// the same seed gives the same order. For a new order every epoch use a shuffling cursor instead.
    /// </summary>
    public ImageDataView Shuffle(ulong seed)
    {
        int[] rows = _rows.ToArray();
        new RandomStreams(seed).Stream(RandomStreams.Names.Shuffle).Shuffle<int>(rows);
        return new ImageDataView(Store, rows);
    }

    /// <summary>The label of view row <paramref name="row"/>.</summary>
    public int GetLabel(int row) => Store.GetLabelUnchecked(StoreRow(row));

    /// <summary>
    /// Reads view row <paramref name="row"/> into <paramref name="image"/> (C x H x W floats, byte / 255) and its label.
    /// For prediction and inspection; use a cursor for training.
    /// </summary>
    public void ReadRow(int row, Span<float> image, out int label)
    {
        int storeRow = StoreRow(row);
        if (image.Length < ImageType.Size)
            throw new ArgumentException($"The image buffer holds {image.Length} floats; one {ImageType} needs {ImageType.Size}.", nameof(image));
        PixelScaling.ToUnitInterval(Store.GetPixelsUnchecked(storeRow), image);
        label = Store.GetLabelUnchecked(storeRow);
    }

    /// <summary>The number of rows of each class: element c counts the rows labeled c (length = class count).</summary>
    public int[] CountRowsPerClass()
    {
        var counts = new int[LabelType.Count];
        foreach (int storeRow in _rows.Span)
            counts[Store.GetLabelUnchecked(storeRow)]++;
        return counts;
    }

    /// <summary>A cursor that fills caller-owned batches from this view; it starts at epoch 0.</summary>
    public ImageBatchCursor GetBatchCursor(BatchCursorOptions options) => new(this, options);

    private int StoreRow(int row)
    {
        if ((uint)row >= (uint)RowCount)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The view has {RowCount} rows (0..{RowCount - 1}).");
        return _rows.Span[row];
    }
}
