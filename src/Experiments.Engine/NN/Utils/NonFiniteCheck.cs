// NonFiniteCheck: finds NaN/∞ in a module's parameters, gradients or buffers and says where — the tensor's
// state-dict name, values or gradient, the first bad index and value, how many — and at which step.
using System.Globalization;

namespace Experiments.Engine.NN;

/// <summary>Thrown when a parameter, gradient or buffer holds NaN or ∞.</summary>
public sealed class NonFiniteException(string tensorName, string part, long step, int firstIndex, float firstValue, int count)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"Non-finite {part} in '{tensorName}' at step {step}: {count} element(s) are NaN or ∞, the first at flat index {firstIndex} ({firstValue}). Usual causes: a learning rate too high, log of 0, or bad input data; try a lower learning rate or gradient clipping (ClipGrad.ByNorm)."))
{
    /// <summary>State-dict name of the tensor, e.g. <c>1.weight</c>.</summary>
    public string TensorName { get; } = tensorName;

    /// <summary>"gradient", "value" or "buffer".</summary>
    public string Part { get; } = part;

    /// <summary>The training step the check ran at.</summary>
    public long Step { get; } = step;

    public int FirstIndex { get; } = firstIndex;
    public int Count { get; } = count;
}

/// <summary>Checks tensors for NaN/∞ and reports the first offender by name.</summary>
public static class NonFiniteCheck
{
    /// <summary>
    /// Throws <see cref="NonFiniteException"/> for the first parameter gradient, parameter value or buffer of
    /// <paramref name="model"/> (in state-dict order) holding NaN or ∞, naming it and <paramref name="step"/>.
    /// </summary>
    public static void ThrowIfNonFinite(Module model, long step, bool gradients = true, bool values = true, bool buffers = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (name, p) in model.NamedParameters())
        {
            if (gradients && p.Grad is { } g) Check(name, "gradient", g, step);
            if (values) Check(name, "value", p, step);
        }
        if (buffers)
            foreach (var (name, b) in model.NamedBuffers()) Check(name, "buffer", b, step);
    }

    /// <summary>Throws <see cref="NonFiniteException"/> when <paramref name="tensor"/> holds NaN or ∞.</summary>
    public static void Check(string name, string part, Tensor tensor, long step)
    {
        ReadOnlySpan<float> data = tensor.Data;
        int first = -1, count = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (float.IsFinite(data[i])) continue;
            if (first < 0) first = i;
            count++;
        }
        if (count > 0) throw new NonFiniteException(name, part, step, first, data[first], count);
    }
}
