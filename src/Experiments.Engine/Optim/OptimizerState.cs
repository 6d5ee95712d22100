// OptimizerState: an optimizer's checkpoint as plain data (PyTorch's optimizer.state_dict()): the optimizer type
// and a format version, the hyperparameters as named numbers, and per parameter its shape, whether it has state
// yet, named scalars (step count, NAdam's μ product) and named float arrays (momentum buffer, exp_avg, ...).
// Arrays are copies: saving and then stepping on never changes a saved state, and loading copies in.
using System.Collections.ObjectModel;
using System.Globalization;

namespace Experiments.Engine.Optim;

/// <summary>
/// The state of one parameter: its shape, and (once it has taken a step) scalars such as <c>step</c> and
/// buffers such as <c>exp_avg</c>, keyed by PyTorch's state names.
/// </summary>
public sealed class ParameterState
{
    public ParameterState(int[] shape, bool initialized, IReadOnlyDictionary<string, double> scalars, IReadOnlyDictionary<string, float[]> buffers)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(scalars);
        ArgumentNullException.ThrowIfNull(buffers);
        Shape = (int[])shape.Clone();
        Initialized = initialized;
        Scalars = new ReadOnlyDictionary<string, double>(new SortedDictionary<string, double>(scalars.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal));
        Buffers = new ReadOnlyDictionary<string, float[]>(new SortedDictionary<string, float[]>(buffers.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone()), StringComparer.Ordinal));
    }

    /// <summary>The parameter's shape when the state was saved.</summary>
    public int[] Shape { get; }

    /// <summary>False until the parameter's first step with a gradient (PyTorch: no entry in <c>optimizer.state</c>).</summary>
    public bool Initialized { get; }

    /// <summary>Scalar state by name, e.g. <c>step</c>, <c>mu_product</c>.</summary>
    public IReadOnlyDictionary<string, double> Scalars { get; }

    /// <summary>Buffers by name, e.g. <c>momentum_buffer</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>; each has the parameter's element count.</summary>
    public IReadOnlyDictionary<string, float[]> Buffers { get; }
}

/// <summary>An optimizer's checkpoint (PyTorch <c>optimizer.state_dict()</c>): type, version, hyperparameters, per-parameter state.</summary>
public sealed class OptimizerState
{
    /// <summary>The version <see cref="Optimizer.SaveState"/> writes and <see cref="Optimizer.LoadState"/> accepts.</summary>
    public const int CurrentVersion = 1;

    public OptimizerState(string optimizer, int version, IReadOnlyDictionary<string, double> hyperparameters, IReadOnlyList<ParameterState> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(optimizer);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        ArgumentNullException.ThrowIfNull(parameters);
        Optimizer = optimizer;
        Version = version;
        Hyperparameters = new ReadOnlyDictionary<string, double>(new SortedDictionary<string, double>(hyperparameters.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal));
        Parameters = parameters.ToArray();
    }

    /// <summary>The optimizer type that saved this state, e.g. <c>"Adam"</c>.</summary>
    public string Optimizer { get; }

    /// <summary>Format version.</summary>
    public int Version { get; }

    /// <summary>Hyperparameters by PyTorch param_group key (<c>lr</c>, <c>momentum</c>, <c>beta1</c>, <c>eps</c>, ...); booleans as 0/1.</summary>
    public IReadOnlyDictionary<string, double> Hyperparameters { get; }

    /// <summary>One entry per parameter, in the optimizer's parameter order.</summary>
    public IReadOnlyList<ParameterState> Parameters { get; }

    public override string ToString() =>
        $"{Optimizer} v{Version} {{ {string.Join(", ", Hyperparameters.Select(kv => kv.Key + " = " + kv.Value.ToString("R", CultureInfo.InvariantCulture)))} }}, {Parameters.Count} parameters";
}
