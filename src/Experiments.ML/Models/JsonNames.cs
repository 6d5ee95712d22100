// JsonNames: the snake_case spelling of every enum that appears in model JSON (the YAML names of the issue text).
// One explicit table per enum; no name mangling by reflection, so renaming a C# member never changes a file.
using Experiments.ML.Training;

namespace Experiments.ML.Models;

/// <summary>Two-way maps between enum values and their snake_case names in model JSON.</summary>
internal static class JsonNames
{
    public static readonly EnumNames<ActivationKind> Activation = new(
        (ActivationKind.ReLU, "relu"), (ActivationKind.LeakyReLU, "leaky_relu"), (ActivationKind.Tanh, "tanh"),
        (ActivationKind.Sigmoid, "sigmoid"), (ActivationKind.GELU, "gelu"));

    public static readonly EnumNames<PoolKind> Pool = new((PoolKind.None, "none"), (PoolKind.Max, "max"), (PoolKind.Avg, "avg"));

    public static readonly EnumNames<Conv1dInputLayout> Conv1dInput = new((Conv1dInputLayout.Rows, "rows"), (Conv1dInputLayout.Flat, "flat"));

    public static readonly EnumNames<OptimizerKind> Optimizer = new(
        (OptimizerKind.Sgd, "sgd"), (OptimizerKind.Momentum, "momentum"), (OptimizerKind.Nesterov, "nesterov"),
        (OptimizerKind.RMSprop, "rmsprop"), (OptimizerKind.Adam, "adam"), (OptimizerKind.AdamW, "adamw"),
        (OptimizerKind.NAdam, "nadam"), (OptimizerKind.Adagrad, "adagrad"));

    public static readonly EnumNames<SchedulerKind> Scheduler = new(
        (SchedulerKind.None, "none"), (SchedulerKind.Step, "step"), (SchedulerKind.MultiStep, "multistep"),
        (SchedulerKind.Exponential, "exponential"), (SchedulerKind.Cosine, "cosine"), (SchedulerKind.OneCycle, "onecycle"),
        (SchedulerKind.Plateau, "plateau"));

    public static readonly EnumNames<LossKind> Loss = new((LossKind.CrossEntropy, "cross_entropy"), (LossKind.Nll, "nll"), (LossKind.Mse, "mse"));

    public static readonly EnumNames<InitKind> Init = new(
        (InitKind.Default, "default"), (InitKind.Normal, "normal"), (InitKind.Uniform, "uniform"),
        (InitKind.XavierUniform, "xavier_uniform"), (InitKind.XavierNormal, "xavier_normal"),
        (InitKind.KaimingUniform, "kaiming_uniform"), (InitKind.KaimingNormal, "kaiming_normal"));
}

/// <summary>The names of one enum; parsing an unknown name lists the known ones.</summary>
internal sealed class EnumNames<T> where T : struct, Enum
{
    private readonly (T Value, string Name)[] _table;

    public EnumNames(params (T Value, string Name)[] table)
    {
        _table = table;
        if (Enum.GetValues<T>().Length != table.Length)
            throw new InvalidOperationException($"The JSON name table of {typeof(T).Name} misses a member.");
    }

    public string Name(T value)
    {
        foreach (var (v, n) in _table)
            if (EqualityComparer<T>.Default.Equals(v, value)) return n;
        throw new ArgumentOutOfRangeException(nameof(value), value, $"No JSON name for {typeof(T).Name}.{value}.");
    }

    public T Parse(string name, string path)
    {
        foreach (var (v, n) in _table)
            if (n == name) return v;
        throw new ModelJsonException(path, $"unknown value \"{name}\"; expected one of: {string.Join(", ", _table.Select(e => e.Name))}.");
    }
}
