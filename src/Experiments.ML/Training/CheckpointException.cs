namespace Experiments.ML.Training;

/// <summary>
/// A training checkpoint that cannot be used: corrupt, of an unknown format version, or of another configuration.
/// The message names the file, what was expected, what was found and the fix.
/// </summary>
public sealed class CheckpointException(string path, string message) : Exception($"{path}: {message}")
{
    /// <summary>The checkpoint file.</summary>
    public string FilePath { get; } = path;
}
