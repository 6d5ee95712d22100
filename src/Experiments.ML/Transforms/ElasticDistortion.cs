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
using System.Runtime.Intrinsics;
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;

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

    /// <summary>Scratch: dx and dy (H·W each), the blur's scratch and the warped image.</summary>
    public int ScratchSize => 2 * _shape.Plane + SmoothScratchSize(_shape, _kernel.Length) + _shape.Size;

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
        int blur = SmoothScratchSize(_shape, _kernel.Length);
        Span<float> dx = scratch[..plane], dy = scratch.Slice(plane, plane), temp = scratch.Slice(2 * plane, blur);
        Span<float> warped = scratch.Slice(2 * plane + blur, _shape.Size);
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
    /// padding) and multiplies it by <paramref name="scale"/>; <paramref name="temp"/> holds
    /// <see cref="SmoothScratchSize"/> floats.
    /// </summary>
    public static void SmoothField(Span<float> field, Span<float> temp, ImageShape shape, ReadOnlySpan<float> kernel, float scale)
    {
        int h = shape.Height, w = shape.Width, r = kernel.Length / 2;
        if (temp.Length < SmoothScratchSize(shape, kernel.Length))
            throw new ArgumentException($"The blur scratch needs {SmoothScratchSize(shape, kernel.Length)} floats; found {temp.Length}.", nameof(temp));
        Span<float> rows = temp[..(h * w)];
        Span<float> padded = temp.Slice(h * w, w + 2 * r);
        // Rows: copy each row into a reflect-padded line, then out[x] = Σₖ kernel[k]·line[x + k], k ascending.
        for (int y = 0; y < h; y++)
        {
            for (int i = 0; i < padded.Length; i++) padded[i] = field[y * w + Reflect(i - r, w)];
            Span<float> output = rows.Slice(y * w, w);
            output.Clear();
            for (int k = 0; k < kernel.Length; k++) MultiplyAdd(padded.Slice(k, w), kernel[k], output);
        }
        // Columns: out[y, x] = Σₖ kernel[k]·rows[reflect(y + k − r), x], k ascending, whole rows at a time.
        for (int y = 0; y < h; y++)
        {
            Span<float> output = field.Slice(y * w, w);
            output.Clear();
            for (int k = 0; k < kernel.Length; k++) MultiplyAdd(rows.Slice(Reflect(y + k - r, h) * w, w), kernel[k], output);
            foreach (ref float v in output) v *= scale;
        }
    }

    /// <summary>Floats of scratch <see cref="SmoothField"/> needs: H·W plus one padded row (W + kernel size − 1).</summary>
    public static int SmoothScratchSize(ImageShape shape, int kernelSize) => shape.Plane + shape.Width + 2 * (kernelSize / 2);

    // acc[i] += k·x[i]: a multiply then an add per element (no fused multiply-add), so the vector lanes and the scalar
    // tail compute the same floats.
    private static void MultiplyAdd(ReadOnlySpan<float> x, float k, Span<float> acc)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> kv = Vector256.Create(k);
            for (; i <= acc.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.Create(acc.Slice(i, Vector256<float>.Count)) + Vector256.Create(x.Slice(i, Vector256<float>.Count)) * kv).CopyTo(acc.Slice(i));
        }
        for (; i < acc.Length; i++) acc[i] += x[i] * k;
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
