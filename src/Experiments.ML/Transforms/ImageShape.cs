// ImageShape: channels, height and width of the images a transform is built for.
namespace Experiments.ML.Transforms;

/// <summary>The (C, H, W) shape of one image; <see cref="Size"/> = C·H·W floats.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Floats per image.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Pixels per channel plane.</summary>
    public int Plane => Height * Width;

    /// <summary>Throws when a dimension is not positive.</summary>
    public void Check()
    {
        if (Channels < 1 || Height < 1 || Width < 1)
            throw new ArgumentException($"An image shape needs positive channels, height and width; found (C={Channels}, H={Height}, W={Width}).");
    }

    /// <inheritdoc/>
    public override string ToString() => $"(C={Channels}, H={Height}, W={Width})";
}
