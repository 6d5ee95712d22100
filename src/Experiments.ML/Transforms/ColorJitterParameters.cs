// ColorJitterParameters: the factors one image gets from ColorJitter, and the order they apply in.
namespace Experiments.ML.Transforms;

/// <summary>
/// One image's colour-jitter draw: a brightness factor and a contrast factor (null = that adjustment is off) and
/// whether brightness applies before contrast (torchvision's per-image permutation of the adjustments).
/// </summary>
public readonly record struct ColorJitterParameters(double? Brightness, double? Contrast, bool BrightnessFirst);
