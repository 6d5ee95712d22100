// One-line descriptions of augmentation steps for reports, logs and the preview command, in the YAML's own words:
// "random_rotation degrees=[-10, 10] interpolation=nearest fill=0".
using System.Globalization;
using Experiments.ML.Transforms;

namespace Experiments.Pipelines.Running;

/// <summary>Formats <see cref="AugmentationOptions"/> as the YAML kind followed by its parameters.</summary>
internal static class AugmentationText
{
    public static string Describe(AugmentationOptions step) => step switch
    {
        RandomHorizontalFlipOptions o => $"{o.Name} p={N(o.P)}",
        RandomVerticalFlipOptions o => $"{o.Name} p={N(o.P)}",
        RandomRotationOptions o => $"{o.Name} degrees={R(o.Degrees)} interpolation={I(o.Interpolation)} fill={N(o.Fill)}",
        ColorJitterOptions o => string.Join(' ', new[]
        {
            o.Name,
            o.Brightness is { } b ? $"brightness={R(b)}" : null,
            o.Contrast is { } c ? $"contrast={R(c)}" : null,
            o.Saturation is { } s ? $"saturation={R(s)}" : null,
            o.Hue is { } h ? $"hue={R(h)}" : null,
        }.OfType<string>()),
        RandomAffineOptions o => string.Join(' ', new[]
        {
            o.Name,
            $"degrees={R(o.Degrees)}",
            o.Translate is { } t ? $"translate=[{N(t.X)}, {N(t.Y)}]" : null,
            o.Scale is { } sc ? $"scale={R(sc)}" : null,
            o.ShearX is { } sx ? $"shear_x={R(sx)}" : null,
            o.ShearY is { } sy ? $"shear_y={R(sy)}" : null,
            $"interpolation={I(o.Interpolation)}",
            $"fill={N(o.Fill)}",
        }.OfType<string>()),
        RandomCropOptions o => $"{o.Name} size=[{o.Height}, {o.Width}] padding={o.Padding} fill={N(o.Fill)}",
        RandomErasingOptions o => $"{o.Name} p={N(o.P)} scale={R(o.Scale)} ratio={R(o.Ratio)} value={N(o.Value)}",
        ElasticDistortionOptions o => $"{o.Name} alpha={N(o.Alpha)} sigma={N(o.Sigma)} interpolation={I(o.Interpolation)} fill={N(o.Fill)}",
        _ => step.Name,
    };

    private static string N(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string R(ValueRange range) => $"[{N(range.Min)}, {N(range.Max)}]";

    private static string I(Interpolation interpolation) => interpolation == Interpolation.Nearest ? "nearest" : "bilinear";
}
