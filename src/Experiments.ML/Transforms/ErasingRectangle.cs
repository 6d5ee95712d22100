// ErasingRectangle: the rectangle RandomErasing draws for one image.
namespace Experiments.ML.Transforms;

/// <summary>A rectangle of an image: rows [Top, Top + Height), columns [Left, Left + Width). Empty = nothing erased.</summary>
public readonly record struct ErasingRectangle(int Top, int Left, int Height, int Width)
{
    /// <summary>No rectangle (the image is left unchanged).</summary>
    public static ErasingRectangle None => default;

    /// <summary>True when the rectangle covers no pixel.</summary>
    public bool IsEmpty => Height <= 0 || Width <= 0;
}
