// ModelJsonException: a model JSON document (architecture spec, input schema, trainer options, manifest fields)
// that does not match the strict snake_case schema ModelJson reads. Names the JSON path, expected vs found, the fix.
namespace Experiments.ML.Models;

/// <summary>
/// Malformed model JSON: an unknown or missing key, a value of the wrong type, an unknown enum name. The message
/// starts with the JSON path of the problem (e.g. <c>$.architecture.blocks[1].kernel</c>).
/// </summary>
public sealed class ModelJsonException(string path, string message, Exception? innerException = null)
    : Exception($"{path}: {message}", innerException)
{
    /// <summary>The JSON path of the problem, e.g. <c>$.blocks[1].kernel</c>.</summary>
    public string Path { get; } = path;
}
