// Module: the base of every layer and model (PyTorch's nn.Module).
//
// A module owns named parameters, named buffers and named child modules, registered explicitly in its
// constructor (no reflection): `Weight = RegisterParameter("weight", ...)`. Names compose into the
// hierarchical keys of the state dict ("layers.0.weight"), in registration order: a module's own
// parameters, then its own buffers, then each child's entries (PyTorch's order). Train()/Eval() set the
// mode recursively; Forward is the computation, Call runs it plus forward hooks (used by Summary).
using System.Text;

namespace Experiments.Engine.NN;

/// <summary>Base class of layers and models (PyTorch's <c>torch.nn.Module</c>).</summary>
public abstract class Module
{
    private readonly List<(string Name, Parameter? Value)> _parameters = [];
    private readonly List<(string Name, Tensor? Value, bool Persistent)> _buffers = [];
    private readonly List<(string Name, Module Value)> _children = [];
    private List<Action<Module, Tensor, Tensor>>? _forwardHooks;

    /// <summary>True in training mode (the default), false after <see cref="Eval"/> (PyTorch's <c>training</c>).</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>The type name shown in summaries and errors (e.g. <c>Linear</c>).</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>The computation: input → output. Call <see cref="Call"/> to also run forward hooks.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Runs <see cref="Forward"/> and then the forward hooks (PyTorch's <c>module(x)</c>).</summary>
    public Tensor Call(Tensor input)
    {
        var output = Forward(input);
        if (_forwardHooks is { } hooks)
            foreach (var hook in hooks.ToArray()) hook(this, input, output);
        return output;
    }

    /// <summary>True when forward hooks are registered (they see this module's input and output, so Sequential keeps those values).</summary>
    internal bool HasForwardHooks => _forwardHooks is { Count: > 0 };

    /// <summary>Adds a hook called after every <see cref="Call"/> with (module, input, output); dispose the handle to remove it.</summary>
    public IDisposable RegisterForwardHook(Action<Module, Tensor, Tensor> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        (_forwardHooks ??= []).Add(hook);
        return new HookHandle(() => _forwardHooks.Remove(hook));
    }

    /// <summary>Sets training mode on this module and all descendants (PyTorch's <c>train(mode)</c>).</summary>
    public Module Train(bool mode = true)
    {
        IsTraining = mode;
        foreach (var (_, child) in _children) child.Train(mode);
        return this;
    }

    /// <summary>Sets the mode of this module only (not its children).</summary>
    internal void SetOwnMode(bool training) => IsTraining = training;

    /// <summary>Sets evaluation mode on this module and all descendants (PyTorch's <c>eval()</c>).</summary>
    public Module Eval() => Train(false);

    /// <summary>Registers a parameter under <paramref name="name"/> (null registers a slot with no value, like bias=False).</summary>
    protected Parameter? RegisterParameter(string name, Parameter? parameter)
    {
        CheckNewName(name);
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>
    /// Registers a buffer: state that is not trained (e.g. running mean). Persistent buffers go into the
    /// state dict (PyTorch's <c>register_buffer(name, tensor, persistent)</c>).
    /// </summary>
    protected Tensor? RegisterBuffer(string name, Tensor? buffer, bool persistent = true)
    {
        CheckNewName(name);
        _buffers.Add((name, buffer, persistent));
        return buffer;
    }

    /// <summary>Registers a child module under <paramref name="name"/> (PyTorch's <c>add_module</c>).</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckNewName(name);
        if (ReferenceEquals(module, this))
            throw new ArgumentException($"A module cannot be its own child ('{name}').", nameof(module));
        _children.Add((name, module));
        return module;
    }

    /// <summary>This module's own parameters, or with <paramref name="recurse"/> all, with hierarchical names.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters(bool recurse = true)
    {
        foreach (var (prefix, module) in recurse ? NamedModules() : [("", this)])
            foreach (var (name, p) in module._parameters)
                if (p is not null) yield return (Join(prefix, name), p);
    }

    /// <summary>All parameters (recursively), in state-dict order.</summary>
    public IEnumerable<Parameter> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Parameter);

    /// <summary>Buffers with hierarchical names (all of them, persistent or not).</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true)
    {
        foreach (var (prefix, module) in recurse ? NamedModules() : [("", this)])
            foreach (var (name, b, _) in module._buffers)
                if (b is not null) yield return (Join(prefix, name), b);
    }

    /// <summary>Direct children with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children.Select(c => (c.Name, c.Value));

    /// <summary>This module (name "") and every descendant, depth first, with hierarchical names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        yield return ("", this);
        foreach (var (name, child) in _children)
            foreach (var (sub, module) in child.NamedModules())
                yield return (Join(name, sub), module);
    }

    /// <summary>Calls <paramref name="action"/> on every descendant and then this module (PyTorch's <c>apply</c>).</summary>
    public Module Apply(Action<Module> action)
    {
        foreach (var (_, child) in _children) child.Apply(action);
        action(this);
        return this;
    }

    /// <summary>Number of parameter elements (all, or only those with RequiresGrad).</summary>
    public long ParameterCount(bool trainableOnly = false, bool recurse = true) =>
        Parameters(recurse).Where(p => !trainableOnly || p.RequiresGrad).Sum(p => (long)p.Length);

    /// <summary>Clears the gradients of all parameters in place (PyTorch's <c>zero_grad(set_to_none=False)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>
    /// Parameters and persistent buffers by hierarchical key (PyTorch's <c>state_dict()</c>). The tensors are
    /// detached views sharing storage with the module; <see cref="StateDict.Clone"/> for a frozen copy.
    /// </summary>
    public StateDict StateDict()
    {
        var state = new StateDict();
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, p) in module._parameters)
                if (p is not null) state.Add(Join(prefix, name), p.Detach());
            foreach (var (name, b, persistent) in module._buffers)
                if (b is not null && persistent) state.Add(Join(prefix, name), b.Detach());
        }
        return state;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into this module's parameters and persistent buffers by key
    /// (PyTorch's <c>load_state_dict</c>). All-or-nothing: every problem is reported at once in a
    /// <see cref="StateDictException"/> and nothing is copied. With <paramref name="strict"/> false, missing and
    /// unexpected keys are allowed and returned; shape mismatches are always errors.
    /// </summary>
    public (IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys) LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var shapes = new List<string>();
        foreach (var (key, target) in own)
            if (state.TryGetValue(key, out var source) && !target.SameShape(source))
                shapes.Add($"{key}: expected {target.ShapeString} (this module), found {source.ShapeString} (state dict)");
        if (shapes.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictException(TypeName, missing, unexpected, shapes);
        foreach (var (key, target) in own)
            if (state.TryGetValue(key, out var source))
                target.CopyFrom(source);
        return (missing, unexpected);
    }

    /// <summary>
    /// Layer-by-layer output shapes and parameter counts for one input sample of <paramref name="inputShape"/>
    /// (without the batch dimension), like torchsummary's <c>summary(model, input_size)</c>. Print it with ToString().
    /// </summary>
    public ModuleSummary Summary(params int[] inputShape) => ModuleSummary.Create(this, inputShape);

    /// <summary>Extra text in the module's printout, e.g. <c>in_features=784, out_features=32, bias=True</c>.</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>A PyTorch-style printout of the module tree.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Print(text, 0);
        return text.ToString();
    }

    private void Print(StringBuilder text, int depth)
    {
        text.Append(TypeName).Append('(').Append(ExtraRepr());
        if (_children.Count > 0)
        {
            text.AppendLine();
            foreach (var (name, child) in _children)
            {
                text.Append(' ', 2 * (depth + 1)).Append('(').Append(name).Append("): ");
                child.Print(text, depth + 1);
                text.AppendLine();
            }
            text.Append(' ', 2 * depth);
        }
        text.Append(')');
    }

    private void CheckNewName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.'))
            throw new ArgumentException($"Module member names cannot contain '.' (it separates state-dict levels); got '{name}'.", nameof(name));
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"{TypeName} already has a parameter, buffer or child named '{name}'.", nameof(name));
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : name.Length == 0 ? prefix : prefix + "." + name;

    private sealed class HookHandle(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose()
        {
            _remove?.Invoke();
            _remove = null;
        }
    }
}
