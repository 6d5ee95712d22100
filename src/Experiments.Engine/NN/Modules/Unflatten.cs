// Unflatten: reshapes dimension 1 into a given shape (PyTorch's nn.Unflatten(1, sizes)); e.g. (N, 1, 28, 28) seen as
// 28 rows of 28 steps for a 1-D CNN: first Flatten() to (N, 784), then Unflatten([28, 28]) to (N, 28, 28).
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>
/// Views every sample as <see cref="Shape"/>: (N, ...) → (N, Shape...) where the per-sample element count must equal
/// the product of <see cref="Shape"/> (PyTorch's <c>torch.nn.Unflatten(1, sizes)</c> applied after a flatten).
/// </summary>
public sealed class Unflatten : Module
{
    private readonly int[] _shape;

    /// <summary>Creates the view; <paramref name="shape"/> is the per-sample shape (1 to 3 dims, all positive).</summary>
    public Unflatten(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length is < 1 or > 3)
            throw new ArgumentException($"Unflatten needs a per-sample shape of 1 to 3 dims; found {shape.Length}.", nameof(shape));
        foreach (var d in shape)
            if (d <= 0) throw new ArgumentException($"Unflatten sizes must be positive; found [{string.Join(", ", shape)}].", nameof(shape));
        _shape = (int[])shape.Clone();
    }

    /// <summary>The per-sample shape.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var n = input.Size(0);
        long perSample = 1;
        foreach (var d in _shape) perSample *= d;
        if (input.Length != n * perSample)
            throw new ArgumentException(
                $"Unflatten to [{string.Join(", ", _shape)}] needs {perSample} values per sample; the input {input.ShapeString} has {input.Length / Math.Max(1, n)}.");
        var target = new int[_shape.Length + 1];
        target[0] = n;
        _shape.CopyTo(target, 1);
        return input.Reshape(target);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"dim=1, unflattened_size=({string.Join(", ", _shape)})");
}
