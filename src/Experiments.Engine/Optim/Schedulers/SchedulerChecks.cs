// SchedulerChecks: argument validation shared by the schedulers, so every bad value is quoted the same way
// ("StepLR: gamma must be a finite number > 0, got 0.").
using System.Globalization;

namespace Experiments.Engine.Optim.Schedulers;

internal static class SchedulerChecks
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static ArgumentException Bad(string scheduler, string param, string value, string expected) =>
        new($"{scheduler}: {param} must be {expected}, got {value}.", param);

    /// <summary>The target's current learning rate, which must be finite and ≥ 0 (PyTorch's optimizers refuse lr &lt; 0).</summary>
    public static double InitialLearningRate(string scheduler, ILearningRateTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        double lr = target.LearningRate;
        if (!double.IsFinite(lr) || lr < 0)
            throw new ArgumentException(
                $"{scheduler}: the target's learning rate must be a finite number >= 0 when the scheduler is created, got {Format(lr)}. " +
                "Set the optimizer's learning rate before creating the scheduler.", nameof(target));
        return lr;
    }

    public static void Positive(string scheduler, string param, double value)
    {
        if (!double.IsFinite(value) || value <= 0) throw Bad(scheduler, param, Format(value), "a finite number > 0");
    }

    public static void NonNegative(string scheduler, string param, double value)
    {
        if (!double.IsFinite(value) || value < 0) throw Bad(scheduler, param, Format(value), "a finite number >= 0");
    }

    public static void Positive(string scheduler, string param, int value)
    {
        if (value <= 0) throw Bad(scheduler, param, value.ToString(CultureInfo.InvariantCulture), "an integer >= 1");
    }

    public static void NonNegative(string scheduler, string param, int value)
    {
        if (value < 0) throw Bad(scheduler, param, value.ToString(CultureInfo.InvariantCulture), "an integer >= 0");
    }

    /// <summary>Python's <c>a % b</c> for b &gt; 0: the result has the sign of b (C#'s % keeps the sign of a).</summary>
    public static long FloorMod(long a, long b)
    {
        long r = a % b;
        return r < 0 ? r + b : r;
    }
}
