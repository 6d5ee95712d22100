// ModelPackageException: the one exception type of the packaging layer (safetensors, ONNX, ML.NET model.zip).
// Messages are for people: which file and entry (tensor name, zip entry, graph value), what was expected,
// what was found, and the fix.
namespace Experiments.ML.Packaging;

/// <summary>
/// A model package that cannot be written or read: a malformed safetensors header, an ONNX graph that refers
/// to an unknown value, an ML.NET <c>Model.key</c> whose offsets do not line up. The message names the entry,
/// what was expected and what was found, and how to fix it.
/// </summary>
public sealed class ModelPackageException : Exception
{
    /// <summary>The entry the problem is in (tensor name, zip entry, graph value), when there is one.</summary>
    public string? EntryName { get; }

    /// <summary>The file the problem is in, when there is one.</summary>
    public string? FilePath { get; }

    public ModelPackageException(string message, string? entryName = null, string? filePath = null, Exception? innerException = null)
        : base(Compose(message, entryName, filePath), innerException)
    {
        EntryName = entryName;
        FilePath = filePath;
    }

    private static string Compose(string message, string? entryName, string? filePath)
    {
        var where = (filePath, entryName) switch
        {
            (null, null) => "",
            (null, _) => $"[{entryName}] ",
            (_, null) => $"{filePath}: ",
            _ => $"{filePath} [{entryName}]: ",
        };
        return where + message;
    }
}
