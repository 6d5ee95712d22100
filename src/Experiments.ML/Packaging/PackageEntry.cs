// PackageEntry: one extra zip entry a model package carries besides its own (model.onnx, the ML.NET
// TransformerChain/... and Schema entries). The writer validates the name and hashes the bytes into the manifest.
namespace Experiments.ML.Packaging;

/// <summary>
/// A named entry of a model package added by other code (ONNX export, ML.NET chain). <paramref name="Name"/> is a
/// relative zip path with '/' separators, e.g. <c>model.onnx</c> or <c>TransformerChain/Model.key</c>.
/// </summary>
public sealed record PackageEntry(string Name, byte[] Data);
