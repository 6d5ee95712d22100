namespace Experiments.ML.Models;

/// <summary>An architecture spec that cannot be built: names the key path (e.g. <c>blocks[1].kernel</c>), what was expected and what was found.</summary>
public sealed class ArchitectureException(string path, string message) : Exception($"{path}: {message}")
{
    /// <summary>The key path inside the spec, e.g. <c>blocks[1].kernel</c> or <c>hidden</c>.</summary>
    public string Path { get; } = path;
}
