// Optimizer: the base of the optimizers, PyTorch 1.13's torch.optim.Optimizer with one parameter group
// (https://pytorch.org/docs/1.13/optim.html).
//
// Step() walks the parameters in order and updates each one that has a gradient; a parameter whose Grad is null
// is skipped and its state left alone, as in PyTorch (its step count does not advance). Per-parameter state
// (step count, buffers) is created on the parameter's first step and reused after, so a step allocates nothing
// in steady state. ZeroGrad() zeroes gradients in place, PyTorch 1.13's default zero_grad(set_to_none=False).
//
// Arithmetic: the updates are float32, element by element, in the operation order of PyTorch's single-tensor
// (foreach=False, the CPU default) functions, with hyperparameters rounded to float32 as PyTorch's kernels do
// with Python scalars. On x86 with FMA, PyTorch's CPU kernels evaluate add_(t, alpha=a) as fma(t, a, self) and
// addcmul_(t1, t2, value=v) as fma(v·t1, t2, self) (checked by generate_optimizer_goldens.py), while
// addcdiv_(t1, t2, value=v) is self + (v·t1)/t2 with no fusion; we use MathF.FusedMultiplyAdd at exactly those
// places. Bias corrections and step sizes are computed in double, as Python does, then rounded once. The result
// is bit-identical to PyTorch on the golden cases (OptimizerGoldenTests). Each optimizer's element loop has a
// Vector256 body and a scalar twin doing the same IEEE operations, so both give the same bits.
using Experiments.Engine.NN;

namespace Experiments.Engine.Optim;

/// <summary>
/// Base of the optimizers (PyTorch <c>torch.optim.Optimizer</c>, one parameter group): <see cref="Step"/>,
/// <see cref="ZeroGrad"/>, a settable <see cref="LearningRate"/> for schedulers, and checkpoints with
/// <see cref="SaveState"/>/<see cref="LoadState"/>. The set of optimizers is closed; add a new one in this folder.
/// </summary>
public abstract class Optimizer : ILearningRateTarget
{
    private readonly Parameter[] _parameters;
    private readonly Slot?[] _slots;
    private double _learningRate;

    private protected Optimizer(string name, IEnumerable<Parameter> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException($"{name}: got an empty parameter list (PyTorch: \"optimizer got an empty parameter list\"). Pass model.Parameters().", nameof(parameters));
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i] is null)
                throw new ArgumentException($"{name}: parameter {i} is null.", nameof(parameters));
            if (!seen.Add(_parameters[i]))
                throw new ArgumentException($"{name}: parameter {i} ({_parameters[i].ShapeString}) appears more than once in the list; it would be updated twice per step. Pass each parameter once.", nameof(parameters));
        }
        _slots = new Slot?[_parameters.Length];
        _learningRate = OptimizerChecks.NonNegative(name, "lr", learningRate);
    }

    /// <summary>The parameters this optimizer updates, in order (PyTorch <c>param_groups[0]["params"]</c>).</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The learning rate (PyTorch <c>param_groups[0]["lr"]</c>); schedulers set it between steps. Finite and ≥ 0.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = OptimizerChecks.NonNegative(Name, nameof(LearningRate), value);
    }

    /// <summary>The PyTorch class name, used in messages and in <see cref="OptimizerState.Optimizer"/>.</summary>
    private protected abstract string Name { get; }

    /// <summary>Names of every buffer this optimizer may keep per parameter (PyTorch state keys), fixed per instance.</summary>
    private protected abstract string[] BufferNames { get; }

    /// <summary>Names of the scalar state per parameter (PyTorch state keys), fixed per instance.</summary>
    private protected virtual string[] ScalarNames => ["step"];

    /// <summary>Whether buffer <paramref name="index"/> must exist once a parameter has state (false: created lazily).</summary>
    private protected virtual bool IsBufferRequired(int index) => true;

    /// <summary>Fills a new slot's buffers and scalars as PyTorch initialises <c>state[p]</c> on the first step.</summary>
    private protected abstract void InitializeSlot(Slot slot, int length);

    /// <summary>One parameter's update. <paramref name="param"/> and <paramref name="grad"/> have equal lengths.</summary>
    private protected abstract void Update(Span<float> param, ReadOnlySpan<float> grad, Slot slot);

    /// <summary>Writes the hyperparameters (beyond <c>lr</c>) under PyTorch's param_group keys.</summary>
    private protected abstract void SaveHyperparameters(IDictionary<string, double> values);

    /// <summary>Checks the fixed hyperparameters with <see cref="HyperparameterReader.Expect"/>; must not change anything.</summary>
    private protected abstract void CheckHyperparameters(HyperparameterReader reader);

    /// <summary>The key of the one mutable hyperparameter besides lr (<c>momentum</c> or <c>beta1</c>), or null.</summary>
    private protected virtual string? MomentumKey => null;

    /// <summary>Validates a momentum (or β₁) value for this optimizer, throwing with the value quoted.</summary>
    private protected virtual void CheckMomentum(string where, double value) { }

    /// <summary>Sets the mutable momentum (or β₁) after validation.</summary>
    private protected virtual void RestoreMomentum(double value) { }

    /// <summary>Updates every parameter that has a gradient (PyTorch <c>optimizer.step()</c>).</summary>
    public void Step()
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            Parameter p = _parameters[i];
            if (p.Grad is not { } grad) continue;
            Slot? slot = _slots[i];
            if (slot is null)
            {
                slot = new Slot(BufferNames.Length, ScalarNames.Length);
                InitializeSlot(slot, p.Length);
                _slots[i] = slot;
            }
            Update(p.Data, grad.Data, slot);
        }
    }

    /// <summary>
    /// Clears the gradients (PyTorch <c>optimizer.zero_grad()</c>). The default zeroes them in place, keeping the
    /// buffers (PyTorch 1.13's default <c>set_to_none=False</c>); <paramref name="setToNone"/> drops them instead,
    /// so parameters without a new gradient are skipped by the next <see cref="Step"/>.
    /// </summary>
    public void ZeroGrad(bool setToNone = false)
    {
        foreach (Parameter p in _parameters)
        {
            if (setToNone) p.Grad = null;
            else p.ZeroGrad();
        }
    }

    /// <summary>A copy of the hyperparameters and per-parameter state (PyTorch <c>optimizer.state_dict()</c>).</summary>
    public OptimizerState SaveState()
    {
        var hyper = new Dictionary<string, double> { ["lr"] = _learningRate };
        SaveHyperparameters(hyper);
        var parameters = new ParameterState[_parameters.Length];
        for (int i = 0; i < _parameters.Length; i++)
        {
            var scalars = new Dictionary<string, double>();
            var buffers = new Dictionary<string, float[]>();
            if (_slots[i] is { } slot)
            {
                for (int k = 0; k < ScalarNames.Length; k++) scalars[ScalarNames[k]] = slot.Scalars[k];
                for (int k = 0; k < BufferNames.Length; k++)
                    if (slot.Buffers[k] is { } b) buffers[BufferNames[k]] = b;
            }
            parameters[i] = new ParameterState(_parameters[i].ShapeArray(), _slots[i] is not null, scalars, buffers);
        }
        return new OptimizerState(Name, OptimizerState.CurrentVersion, hyper, parameters);
    }

    /// <summary>
    /// Restores a state saved by <see cref="SaveState"/> of the same optimizer type over parameters of the same shapes,
    /// so training continues bit-identically (PyTorch <c>optimizer.load_state_dict()</c>). The mutable hyperparameters
    /// (<c>lr</c>, and momentum or β₁) are restored; the others must equal this optimizer's. Everything is checked
    /// before anything changes.
    /// </summary>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string where = $"{Name}.LoadState";
        if (state.Optimizer != Name)
            throw new ArgumentException($"{where}: the state was saved by a {state.Optimizer} optimizer, not {Name}. Load it into a {state.Optimizer}, or start this {Name} fresh.", nameof(state));
        if (state.Version != OptimizerState.CurrentVersion)
            throw new ArgumentException($"{where}: state format version {state.Version} is not supported (expected {OptimizerState.CurrentVersion}). Save the state again with this version.", nameof(state));
        if (state.Parameters.Count != _parameters.Length)
            throw new ArgumentException($"{where}: the state has {state.Parameters.Count} parameters, this optimizer has {_parameters.Length}. Create the optimizer over the same model's parameters.", nameof(state));
        var reader = new HyperparameterReader(where, state.Hyperparameters);
        double lr = reader.Get("lr");
        OptimizerChecks.NonNegative(where, "lr", lr);
        CheckHyperparameters(reader);
        double momentum = double.NaN;
        if (MomentumKey is { } momentumKey)
        {
            momentum = reader.Get(momentumKey);
            CheckMomentum(where, momentum);
        }
        reader.CheckAllRead();
        for (int i = 0; i < _parameters.Length; i++)
            CheckParameterState(where, i, state.Parameters[i]);

        // Everything is checked; from here on nothing throws.
        _learningRate = lr;
        if (MomentumKey is not null) RestoreMomentum(momentum);

        for (int i = 0; i < _parameters.Length; i++)
        {
            ParameterState saved = state.Parameters[i];
            if (!saved.Initialized)
            {
                _slots[i] = null;
                continue;
            }
            var slot = new Slot(BufferNames.Length, ScalarNames.Length);
            for (int k = 0; k < ScalarNames.Length; k++) slot.Scalars[k] = saved.Scalars[ScalarNames[k]];
            for (int k = 0; k < BufferNames.Length; k++)
                slot.Buffers[k] = saved.Buffers.TryGetValue(BufferNames[k], out float[]? b) ? (float[])b.Clone() : null;
            _slots[i] = slot;
        }
    }

    private void CheckParameterState(string where, int i, ParameterState saved)
    {
        Parameter p = _parameters[i];
        if (!p.Shape.SequenceEqual(saved.Shape))
            throw new ArgumentException($"{where}: parameter {i} has shape {p.ShapeString} but the state was saved for shape {Tensor.FormatShape(saved.Shape)}. The state belongs to a different model.", "state");
        if (!saved.Initialized)
        {
            if (saved.Scalars.Count > 0 || saved.Buffers.Count > 0)
                throw new ArgumentException($"{where}: parameter {i} is marked as not initialized but carries state ({string.Join(", ", saved.Scalars.Keys.Concat(saved.Buffers.Keys))}).", "state");
            return;
        }
        foreach (string name in ScalarNames)
            if (!saved.Scalars.TryGetValue(name, out double v) || !double.IsFinite(v))
                throw new ArgumentException($"{where}: parameter {i} lacks a finite scalar '{name}' (found: {string.Join(", ", saved.Scalars.Keys)}).", "state");
        foreach (string name in saved.Scalars.Keys)
            if (Array.IndexOf(ScalarNames, name) < 0)
                throw new ArgumentException($"{where}: parameter {i} has scalar '{name}', which {Name} does not keep (expected: {string.Join(", ", ScalarNames)}).", "state");
        for (int k = 0; k < BufferNames.Length; k++)
        {
            if (saved.Buffers.TryGetValue(BufferNames[k], out float[]? b))
            {
                if (b.Length != p.Length)
                    throw new ArgumentException($"{where}: parameter {i} buffer '{BufferNames[k]}' has {b.Length} elements, expected {p.Length} (shape {p.ShapeString}).", "state");
            }
            else if (IsBufferRequired(k))
            {
                throw new ArgumentException($"{where}: parameter {i} lacks buffer '{BufferNames[k]}' (found: {string.Join(", ", saved.Buffers.Keys)}); with this configuration {Name} keeps {string.Join(", ", RequiredBufferNames())}.", "state");
            }
        }
        foreach (string name in saved.Buffers.Keys)
            if (Array.IndexOf(BufferNames, name) < 0)
                throw new ArgumentException($"{where}: parameter {i} has buffer '{name}', which {Name} with this configuration does not keep (expected: {string.Join(", ", BufferNames)}).", "state");
    }

    private IEnumerable<string> RequiredBufferNames()
    {
        for (int k = 0; k < BufferNames.Length; k++)
            if (IsBufferRequired(k)) yield return BufferNames[k];
    }

    /// <summary>Per-parameter state: buffers by index into <see cref="BufferNames"/>, scalars by index into <see cref="ScalarNames"/>.</summary>
    internal sealed class Slot(int bufferCount, int scalarCount)
    {
        public readonly float[]?[] Buffers = new float[]?[bufferCount];
        public readonly double[] Scalars = new double[scalarCount];
    }

    /// <summary>Reads hyperparameters from a saved state, refusing missing keys, unknown keys and changed fixed values.</summary>
    internal sealed class HyperparameterReader(string where, IReadOnlyDictionary<string, double> values)
    {
        private readonly HashSet<string> _read = [];

        public double Get(string key)
        {
            if (!values.TryGetValue(key, out double v))
                throw new ArgumentException($"{where}: the state lacks hyperparameter '{key}' (found: {string.Join(", ", values.Keys)}).", "state");
            _read.Add(key);
            return v;
        }

        /// <summary>Throws unless the saved value is bit-identical to this optimizer's.</summary>
        public void Expect(string key, double current)
        {
            double saved = Get(key);
            if (BitConverter.DoubleToInt64Bits(saved) != BitConverter.DoubleToInt64Bits(current))
                throw new ArgumentException($"{where}: hyperparameter '{key}' is {OptimizerChecks.Format(saved)} in the state but {OptimizerChecks.Format(current)} in this optimizer. Create the optimizer with {key} = {OptimizerChecks.Format(saved)} to resume.", "state");
        }

        public void CheckAllRead()
        {
            foreach (string key in values.Keys)
                if (!_read.Contains(key))
                    throw new ArgumentException($"{where}: the state has hyperparameter '{key}', which this optimizer does not have.", "state");
        }
    }
}
