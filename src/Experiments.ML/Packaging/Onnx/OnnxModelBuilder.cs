// OnnxModelBuilder: a small builder for single-graph ONNX models (graph inputs/outputs, initializers, nodes,
// metadata) that checks the graph as it grows — every node input must already be defined, every value name is
// defined once — and serializes with OnnxProtoWriter. Defaults: IR version 8, default-domain opset 17
// (ONNX 1.12, the version Debian ships and ONNX Runtime >= 1.11 reads).
namespace Experiments.ML.Packaging.Onnx;

/// <summary>
/// Builds an ONNX model: <c>AddInput</c>/<c>AddOutput</c> with element type and shape, <c>AddInitializer</c> for
/// weights, <c>AddNode</c> in topological order, <c>AddMetadata</c>; then <see cref="ToBytes"/> or <see cref="Build"/>.
/// </summary>
public sealed class OnnxModelBuilder
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly List<OnnxValueInfo> _valueInfo = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];
    private readonly Dictionary<string, string> _definedBy = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

    /// <param name="graphName">GraphProto.name.</param>
    public OnnxModelBuilder(string graphName)
    {
        if (string.IsNullOrEmpty(graphName))
            throw new ModelPackageException("the graph name is empty; give the graph a name");
        GraphName = graphName;
    }

    /// <summary>GraphProto.name.</summary>
    public string GraphName { get; }

    /// <summary>ModelProto.ir_version; 8 by default (ONNX 1.10+).</summary>
    public long IrVersion { get; init; } = 8;

    /// <summary>Version of the default ("" = ai.onnx) operator set; 17 by default (ONNX 1.12).</summary>
    public long OpsetVersion { get; init; } = 17;

    /// <summary>ModelProto.producer_name.</summary>
    public string ProducerName { get; init; } = "Experiments";

    /// <summary>ModelProto.producer_version.</summary>
    public string ProducerVersion { get; init; } = "1.0";

    /// <summary>Declares a graph input, e.g. <c>AddInput("Image", OnnxElementType.Float, "N", 784)</c>.</summary>
    public OnnxModelBuilder AddInput(string name, OnnxElementType elementType, params OnnxDim[] shape)
    {
        Define(name, "graph input");
        _inputs.Add(new OnnxValueInfo(name, CheckType(name, elementType), (OnnxDim[])shape.Clone()));
        return this;
    }

    /// <summary>Declares a graph output; a node (or input/initializer) must define it before <see cref="Build"/>.</summary>
    public OnnxModelBuilder AddOutput(string name, OnnxElementType elementType, params OnnxDim[] shape)
    {
        CheckName(name, "graph output");
        if (_outputs.Any(o => o.Name == name))
            throw new ModelPackageException("the graph output is declared twice", name);
        _outputs.Add(new OnnxValueInfo(name, CheckType(name, elementType), (OnnxDim[])shape.Clone()));
        return this;
    }

    /// <summary>Records the type and shape of an intermediate value (GraphProto.value_info).</summary>
    public OnnxModelBuilder AddValueInfo(string name, OnnxElementType elementType, params OnnxDim[] shape)
    {
        CheckName(name, "value_info");
        _valueInfo.Add(new OnnxValueInfo(name, CheckType(name, elementType), (OnnxDim[])shape.Clone()));
        return this;
    }

    /// <summary>Adds a float32 constant (weights, biases, normalization constants).</summary>
    public OnnxModelBuilder AddInitializer(string name, ReadOnlySpan<float> data, params long[] dims) =>
        AddInitializer(OnnxTensor.FromFloats(name, data, dims));

    /// <summary>Adds an int64 constant (e.g. a Reshape target shape).</summary>
    public OnnxModelBuilder AddInitializer(string name, ReadOnlySpan<long> data, params long[] dims) =>
        AddInitializer(OnnxTensor.FromInt64s(name, data, dims));

    /// <summary>Adds a constant tensor.</summary>
    public OnnxModelBuilder AddInitializer(OnnxTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Define(tensor.Name, "initializer");
        _initializers.Add(tensor);
        return this;
    }

    /// <summary>
    /// Appends a node. Nodes must come in topological order: each input must be a graph input, an initializer or an
    /// output of an earlier node ("" marks an omitted optional input). Node names default to <c>{opType}_{index}</c>.
    /// </summary>
    public OnnxModelBuilder AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs,
        params OnnxAttribute[] attributes) => AddNode(opType, inputs, outputs, name: null, domain: null, attributes);

    /// <summary>Appends a node with an explicit name and operator domain.</summary>
    public OnnxModelBuilder AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs,
        string? name, string? domain, params OnnxAttribute[] attributes)
    {
        if (string.IsNullOrEmpty(opType))
            throw new ModelPackageException("a node has an empty op_type; name the operator, e.g. \"Gemm\"");
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var nodeName = name ?? $"{opType}_{_nodes.Count}";
        foreach (var input in inputs)
            if (input.Length > 0 && !_definedBy.ContainsKey(input))
                throw new ModelPackageException(
                    $"node '{nodeName}' ({opType}) reads '{input}', which is not a graph input, an initializer or an output of an " +
                    "earlier node; add it first (nodes must be in topological order)", input);
        if (outputs.Count == 0)
            throw new ModelPackageException($"node '{nodeName}' ({opType}) has no outputs", nodeName);
        // ONNX Runtime refuses a graph with two nodes of one name ("two nodes with same node name"); the checker does not.
        if (nodeName.Length > 0 && !_nodeNames.Add(nodeName))
            throw new ModelPackageException($"two nodes are named '{nodeName}'; ONNX Runtime requires distinct node names", nodeName);
        foreach (var output in outputs)
            Define(output, $"output of node '{nodeName}'");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in attributes)
            if (!names.Add(a.Name))
                throw new ModelPackageException($"node '{nodeName}' has attribute '{a.Name}' twice", nodeName);
        _nodes.Add(new OnnxNode(opType, inputs.ToArray(), outputs.ToArray(), nodeName, domain, (OnnxAttribute[])attributes.Clone()));
        return this;
    }

    /// <summary>Adds a ModelProto.metadata_props entry; keys must be distinct.</summary>
    public OnnxModelBuilder AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_metadata.Any(m => m.Key == key))
            throw new ModelPackageException("the metadata key is used twice; ONNX metadata keys must be distinct", key);
        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>The finished model; checks that the graph has inputs and outputs and every output is defined.</summary>
    public OnnxModel Build()
    {
        if (_inputs.Count == 0)
            throw new ModelPackageException($"graph '{GraphName}' has no inputs; call AddInput");
        if (_outputs.Count == 0)
            throw new ModelPackageException($"graph '{GraphName}' has no outputs; call AddOutput");
        foreach (var output in _outputs)
            if (!_definedBy.ContainsKey(output.Name))
                throw new ModelPackageException(
                    $"graph output '{output.Name}' is not produced by any node; add a node whose outputs include it", output.Name);
        var graph = new OnnxGraph(GraphName, _nodes.ToArray(), _initializers.ToArray(), _inputs.ToArray(), _outputs.ToArray(), _valueInfo.ToArray());
        return new OnnxModel(IrVersion, [new OnnxOpsetImport("", OpsetVersion)], ProducerName, ProducerVersion, graph, _metadata.ToArray());
    }

    /// <summary>The ONNX file bytes.</summary>
    public byte[] ToBytes() => OnnxProtoWriter.ToBytes(Build());

    /// <summary>Writes the ONNX file to <paramref name="path"/> through a temp file and a rename.</summary>
    public void Save(string path)
    {
        var bytes = ToBytes();
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    private void Define(string name, string what)
    {
        CheckName(name, what);
        if (!_definedBy.TryAdd(name, what))
            throw new ModelPackageException($"'{name}' is defined twice: as {_definedBy[name]} and as {what}; ONNX value names must be unique", name);
    }

    private static void CheckName(string name, string what)
    {
        if (string.IsNullOrEmpty(name))
            throw new ModelPackageException($"a {what} has an empty name; every ONNX value needs a name");
    }

    private static OnnxElementType CheckType(string name, OnnxElementType type) =>
        type == OnnxElementType.Undefined || !Enum.IsDefined(type)
            ? throw new ModelPackageException($"element type {type} is not valid; use Float or Int64", name)
            : type;
}
