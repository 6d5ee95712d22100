// ImageShape: channels x height x width of one image of a dataset (MNIST family: 1x28x28).
namespace Experiments.ML.Data.Catalog;

/// <summary>The shape of one image, (C, H, W) as PyTorch orders it.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Values per image: C·H·W.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Values per channel plane: H·W.</summary>
    public int Plane => Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
