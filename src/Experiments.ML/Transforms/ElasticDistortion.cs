// ElasticDistortion: Simard, Steinkraus and Platt (2003) elastic deformation, as torchvision.transforms.ElasticTransform
// (alpha, sigma, interpolation, fill) implements it for tensors.
// Draws (ElasticTransform.get_params): a field dx of H×W uniforms in [−1, 1), then dy likewise (row-major, dx first).
// Smoothing: each field is blurred with torchvision's Gaussian (kernel size k = int(8σ + 1), made odd; weights
// exp(−x²/2σ²) normalized over x = −(k−1)/2 … (k−1)/2; reflect padding of k/2 pixels) and scaled:
// dx·alpha/H and dy·alpha/W (torchvision divides by size[0] = H for dx and size[1] = W for dy; the two agree on square
// images). The fields are then offsets in normalized grid units added to the identity grid (F.elastic_transform), so
// a unit of dx moves the sample point W/2 pixels.
// Differences: the 2-D blur is done as two 1-D passes (the same separable kernel, sums in another order: within float
// rounding); and where torchvision's reflect padding fails (k/2 ≥ image size, i.e. σ ≥ H/4), we keep reflecting.
using Experiments.Engine.Random;

namespace Experiments.ML.Transforms;

/// <summary>Random elastic distortion (Simard et al. 2003; torchvision ElasticTransform / F.elastic_transform).</summary>
public sealed class ElasticDistortion : IImageAugmentation
{
    private readonly ImageShape _shape;
    private readonly float[] _kernel;

    /// <summary>Builds the step for images of <paramref name="shape"/>; validates the options.</summary>
    public ElasticDistortion(ElasticDistortionOptions options, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(options);
        shape.Check();
        options.Validate(shape.Channels);
        Options = options;
        _shape = shape;
        _kernel = GaussianKernel(options.Sigma);
    }

    /// <summary>The options the step was built from.</summary>
    public ElasticDistortionOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Name;

    /// <summary>Scratch: dx, dy, one blur row buffer (H·W each) and the warped image.</summary>
    public int ScratchSize => 3 * _shape.Plane + _shape.Size;

    /// <summary>
    /// Draws the raw fields of one image into <paramref name="rawDx"/> and <paramref name="rawDy"/> (H·W each,
    /// uniform in [−1, 1)), dx first, as torch.rand(…)·2 − 1.
    /// </summary>
    public static void SampleRawFields(RandomStream random, Span<float> rawDx, Span<float> rawDy)
    {
        for (int i = 0; i < rawDx.Length; i++) rawDx[i] = random.NextSingle() * 2f - 1f;
        for (int i = 0; i < rawDy.Length; i++) rawDy[i] = random.NextSingle() * 2f - 1f;
    }

    /// <inheritdoc/>
    public void Augment(Span<float> image, RandomStream random, Span<float> scratch)
    {
        int plane = _shape.Plane;
        Span<float> dx = scratch[..plane], dy = scratch.Slice(plane, plane), temp = scratch.Slice(2 * plane, plane);
        Span<float> warped = scratch.Slice(3 * plane, _shape.Size);
        SampleRawFields(random, dx, dy);
        SmoothField(dx, temp, _shape, _kernel, (float)(Options.Alpha / _shape.Height));
        SmoothField(dy, temp, _shape, _kernel, (float)(Options.Alpha / _shape.Width));
        Apply(image, warped, _shape, dx, dy, Options.Interpolation, (float)Options.Fill);
        warped.CopyTo(image);
    }

    /// <summary>torchvision's 1-D Gaussian for σ: size int(8σ + 1) made odd, weights normalized to sum 1.</summary>
    public static float[] GaussianKernel(double sigma)
    {
        if (!(sigma > 0 && double.IsFinite(sigma))) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive.");
        int size = (int)(8 * sigma + 1);
        if (size % 2 == 0) size++;
        var kernel = new float[size];
        float half = (size - 1) * 0.5f, sum = 0;
        for (int i = 0; i < size; i++)
        {
            float x = -half + i;
            kernel[i] = MathF.Exp(-0.5f * (x / (float)sigma) * (x / (float)sigma));
            sum += kernel[i];
        }
        for (int i = 0; i < size; i++) kernel[i] /= sum;
        return kernel;
    }

    /// <summary>
    /// Blurs <paramref name="field"/> (H×W) in place with <paramref name="kernel"/> along rows then columns (reflect
    /// padding) and multiplies it by <paramref name="scale"/>; <paramref name="temp"/> holds H·W floats.
    /// </summary>
    public static void SmoothField(Span<float> field, Span<float> temp, ImageShape shape, ReadOnlySpan<float> kernel, float scale)
    {
        int h = shape.Height, w = shape.Width, r = kernel.Length / 2;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float sum = 0;
                for (int k = 0; k < kernel.Length; k++) sum += kernel[k] * field[y * w + Reflect(x + k - r, w)];
                temp[y * w + x] = sum;
            }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float sum = 0;
                for (int k = 0; k < kernel.Length; k++) sum += kernel[k] * temp[Reflect(y + k - r, h) * w + x];
                field[y * w + x] = sum * scale;
            }
    }

    /// <summary>
    /// F.elastic_transform(src, displacement, interpolation, fill=[fill]) with the displacement given as two H×W fields
    /// in normalized grid units (x then y); src and dst (C, H, W) must not overlap.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> src, Span<float> dst, ImageShape shape, ReadOnlySpan<float> dx, ReadOnlySpan<float> dy, Interpolation interpolation, float fill)
    {
        if (dx.Length < shape.Plane || dy.Length < shape.Plane)
            throw new ArgumentException($"The displacement fields need {shape.Plane} values each (H·W); found {dx.Length} and {dy.Length}.");
        GridSampler.Displaced(src, dst, shape.Channels, shape.Height, shape.Width, dx, dy, interpolation, fill);
    }

    // Reflect padding without repeating the edge (torch "reflect"): −1 → 1, n → n − 2; folded until inside.
    private static int Reflect(int i, int n)
    {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - i;
    }
}
