// BatchCursorOptions: how an ImageBatchCursor walks a view (PyTorch DataLoader's batch_size, shuffle, drop_last).
namespace Experiments.ML.Data;

/// <summary>Options of an <see cref="ImageBatchCursor"/>; defaults follow PyTorch's <c>DataLoader</c> (no shuffle, keep the last short batch).</summary>
public sealed record BatchCursorOptions
{
    /// <summary>Rows per batch (the last batch may be shorter unless <see cref="DropLast"/>).</summary>
    public required int BatchSize { get; init; }

    /// <summary>
    /// Visit the rows in a new random order every epoch. The order of epoch e depends only on
    /// (<see cref="Seed"/>, e): it is stream <c>("shuffle", e)</c> of <c>new RandomStreams(Seed)</c>, so a resumed
    /// run sees the same order as an uninterrupted one.
    /// </summary>
    public bool Shuffle { get; init; }

    /// <summary>Root seed of the shuffle order and of the random stream handed to <see cref="Transform"/>.</summary>
    public ulong Seed { get; init; }

    /// <summary>Skip the last batch of an epoch when it would be shorter than <see cref="BatchSize"/>.</summary>
    public bool DropLast { get; init; }

    /// <summary>
    /// Optional in-place transform of every filled batch (augmentation; set it on training cursors only). It draws
    /// from stream <c>("augmentation", e)</c> of <c>new RandomStreams(Seed)</c> in epoch e.
    /// </summary>
    public IBatchTransform? Transform { get; init; }
}
