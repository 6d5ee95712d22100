// DataException: the one exception type of the data layer (IDX files, dataset catalog and resolution,
// data views). Messages are for people: what file or entry, what was expected and what was found, and the fix.
namespace Experiments.ML.Data;

/// <summary>
/// Bad or missing data: an IDX file that is malformed, a dataset that cannot be resolved, a checksum that
/// does not match, a data-view request that does not fit the data. The message names the file or entry,
/// what was expected and what was found, and how to fix it.
/// </summary>
public sealed class DataException : Exception
{
    /// <summary>The file the problem is in, when there is one.</summary>
    public string? FilePath { get; }

    public DataException(string message, string? filePath = null, Exception? innerException = null)
        : base(message, innerException) => FilePath = filePath;
}
