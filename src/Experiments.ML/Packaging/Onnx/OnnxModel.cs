// OnnxModel and its parts: the plain object model of an ONNX file that OnnxModelBuilder produces,
// OnnxProtoWriter serializes and OnnxModelReader decodes. Names follow onnx.proto (ModelProto, GraphProto, ...).
namespace Experiments.ML.Packaging.Onnx;

/// <summary>A graph input, output or value_info entry (<c>ValueInfoProto</c> with a tensor type).</summary>
/// <param name="Name">Value name.</param>
/// <param name="ElementType">Element type.</param>
/// <param name="Shape">Dimensions, null when the shape is unknown (no <c>shape</c> field).</param>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDim>? Shape);

/// <summary>A node (<c>NodeProto</c>): an operator applied to named inputs, producing named outputs.</summary>
/// <param name="OpType">Operator, e.g. <c>Gemm</c>.</param>
/// <param name="Inputs">Input value names ("" for an omitted optional input).</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Name">Node name (may be empty).</param>
/// <param name="Domain">Operator set domain; null or "" for the default ONNX domain.</param>
/// <param name="Attributes">Attributes.</param>
public sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, string Name,
    string? Domain, IReadOnlyList<OnnxAttribute> Attributes);

/// <summary>A graph (<c>GraphProto</c>).</summary>
public sealed record OnnxGraph(string Name, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs, IReadOnlyList<OnnxValueInfo> ValueInfo);

/// <summary>An operator set import (<c>OperatorSetIdProto</c>); domain "" is the default ONNX domain.</summary>
public sealed record OnnxOpsetImport(string Domain, long Version);

/// <summary>A whole model (<c>ModelProto</c>).</summary>
public sealed record OnnxModel(long IrVersion, IReadOnlyList<OnnxOpsetImport> OpsetImports, string ProducerName,
    string ProducerVersion, OnnxGraph Graph, IReadOnlyList<KeyValuePair<string, string>> MetadataProps);
