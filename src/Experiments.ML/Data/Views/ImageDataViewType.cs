// ImageDataViewType: an image column, float32 in channels x height x width (CHW) order.
//
// Images are stored as bytes and scaled to [0, 1] by byte / 255 when a cursor reads them, as torchvision's
// ToTensor does. (ML.NET's ImageDataViewType is a bitmap; after ExtractPixels it becomes a float vector of
// shape [C, H, W]. Ours is that float tensor with its meaning kept in the type.)
namespace Experiments.ML.Data;

/// <summary>
/// An image column: <see cref="Channels"/> x <see cref="Height"/> x <see cref="Width"/> float32 values in [0, 1]
/// (CHW order; a batch is NCHW), scaled from bytes as byte / 255.
/// </summary>
public sealed class ImageDataViewType : DataViewType
{
    public ImageDataViewType(int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        long size = (long)channels * height * width;
        if (size > Array.MaxLength)
            throw new ArgumentException($"An image of {channels}x{height}x{width} has {size} values, more than one array can hold ({Array.MaxLength}). Check the image dimensions.");
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>Number of channels (1 for MNIST-family images).</summary>
    public int Channels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Values per image: Channels x Height x Width.</summary>
    public int Size => Channels * Height * Width;

    public override Type ItemType => typeof(float);

    public override bool Equals(DataViewType? other) =>
        other is ImageDataViewType image && image.Channels == Channels && image.Height == Height && image.Width == Width;

    public override int GetHashCode() => HashCode.Combine(nameof(ImageDataViewType), Channels, Height, Width);

    public override string ToString() => $"Image<float32>[{Channels},{Height},{Width}]";
}
