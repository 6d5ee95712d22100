// OptimizerChecks: argument validation shared by the optimizers, so every bad value is quoted the same way
// ("Adam: beta1 must be in [0, 1), got 1. (PyTorch: Invalid beta parameter at index 0)").
using System.Globalization;

namespace Experiments.Engine.Optim;

internal static class OptimizerChecks
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static ArgumentException Bad(string optimizer, string param, double value, string expected) =>
        new($"{optimizer}: {param} must be {expected}, got {Format(value)}.", param);

    /// <summary>lr, weight decay, eps, lr_decay, momentum decay: finite and ≥ 0 (PyTorch: "Invalid ... value").</summary>
    public static double NonNegative(string optimizer, string param, double value)
    {
        if (!double.IsFinite(value) || value < 0) throw Bad(optimizer, param, value, "a finite number >= 0");
        return value;
    }

    /// <summary>Finite, any sign (Adagrad's initial accumulator must only be ≥ 0; see the caller).</summary>
    public static double UnitInterval(string optimizer, string param, double value)
    {
        if (!(value >= 0 && value < 1)) throw Bad(optimizer, param, value, "a number in [0, 1)");
        return value;
    }
}
