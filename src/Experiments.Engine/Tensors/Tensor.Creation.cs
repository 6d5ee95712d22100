// Tensor creation: zeros, ones, constants, copies of arrays, and random tensors drawn from a RandomStream.
// Random creation always takes the stream explicitly (init, augmentation, dropout each own one; see
// RandomStreams), so one component's draws never shift another's.
using Experiments.Engine.Random;

namespace Experiments.Engine;

public partial class Tensor
{
    /// <summary>A tensor of zeros (PyTorch's <c>torch.zeros</c>).</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[CheckShape(shape)], 0, (int[])shape.Clone());

    /// <summary>A tensor of ones (PyTorch's <c>torch.ones</c>).</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/> (PyTorch's <c>torch.full</c>).</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Zeros(shape);
        t.Data.Fill(value);
        return t;
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/> (PyTorch's <c>torch.tensor(value)</c>).</summary>
    public static Tensor Scalar(float value) => new([value], 0, []);

    /// <summary>A tensor of zeros with <paramref name="like"/>'s shape.</summary>
    public static Tensor ZerosLike(Tensor like) => Zeros(like._shape);

    /// <summary>A tensor of ones with <paramref name="like"/>'s shape.</summary>
    public static Tensor OnesLike(Tensor like) => Ones(like._shape);

    /// <summary>
    /// A tensor holding a copy of <paramref name="values"/> (row-major) with the given shape.
    /// With no shape, a 1-D tensor of <c>values.Length</c> elements.
    /// </summary>
    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape)
    {
        int[] dims = shape.Length == 0 ? [values.Length] : (int[])shape.Clone();
        int length = CheckShape(dims);
        if (length != values.Length)
            throw new ArgumentException($"FromArray got {values.Length} values for shape {FormatShape(dims)}, which needs {length}.", nameof(values));
        return new Tensor(values.ToArray(), 0, dims);
    }

    /// <summary>A tensor over <paramref name="storage"/> without copying: writes to either are seen by both.</summary>
    public static Tensor Wrap(float[] storage, params int[] shape)
    {
        int[] dims = shape.Length == 0 ? [storage.Length] : (int[])shape.Clone();
        int length = CheckShape(dims);
        if (length != storage.Length)
            throw new ArgumentException($"Wrap got an array of {storage.Length} values for shape {FormatShape(dims)}, which needs {length}.", nameof(storage));
        return new Tensor(storage, 0, dims);
    }

    /// <summary>Values drawn from N(<paramref name="mean"/>, <paramref name="std"/>²) (PyTorch's <c>torch.normal</c>).</summary>
    public static Tensor Normal(RandomStream random, float mean, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(std >= 0) || float.IsInfinity(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, "The standard deviation must be finite and non-negative.");
        var t = Zeros(shape);
        random.FillNormal(t.Data, mean, std);
        return t;
    }

    /// <summary>Values drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>) (PyTorch's <c>torch.empty(...).uniform_(low, high)</c>).</summary>
    public static Tensor Uniform(RandomStream random, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(low <= high) || float.IsInfinity(low) || float.IsInfinity(high))
            throw new ArgumentOutOfRangeException(nameof(high), high, $"Uniform needs finite bounds with low <= high; got [{low}, {high}).");
        var t = Zeros(shape);
        random.FillUniform(t.Data, low, high);
        return t;
    }
}
