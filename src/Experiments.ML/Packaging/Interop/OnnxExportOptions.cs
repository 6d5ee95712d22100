// OnnxExportOptions: the typed knobs of OnnxExporter.Export (how BatchNorm is written, the graph name, extra metadata).
namespace Experiments.ML.Packaging.Interop;

/// <summary>How eval-mode batch normalization appears in an exported ONNX graph.</summary>
public enum BatchNormExport
{
    /// <summary>
    /// A <c>BatchNormalization</c> node (inference mode) holding γ, β, running mean and running variance as
    /// initializers under their state-dict names: the graph mirrors the network layer for layer.
    /// </summary>
    Operator,

    /// <summary>
    /// Folded into the preceding Conv/Linear: W' = W·γ/√(var+eps) per output channel,
    /// b' = (b − mean)·γ/√(var+eps) + β (computed in double, stored as float32). A BatchNorm without a Conv/Linear
    /// right before it becomes a per-channel Mul and Add with the same scale and shift.
    /// </summary>
    Folded,
}

/// <summary>Options of <see cref="OnnxExporter.Export"/>.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>How BatchNorm layers are written; <see cref="BatchNormExport.Operator"/> by default.</summary>
    public BatchNormExport BatchNorm { get; init; } = BatchNormExport.Operator;

    /// <summary>GraphProto.name; <c>experiments_classifier</c> by default.</summary>
    public string GraphName { get; init; } = "experiments_classifier";

    /// <summary>
    /// Extra metadata_props entries (e.g. <c>experiments.preset</c>, a run id), written after the exporter's own
    /// keys (<see cref="OnnxExporter.ClassNamesKey"/>, <see cref="OnnxExporter.VersionKey"/>,
    /// <see cref="OnnxExporter.InputKey"/>), in the order given; a key may not repeat one of those.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
}
