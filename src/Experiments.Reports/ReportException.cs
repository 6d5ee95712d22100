// ReportException: the one exception type of the reports layer (reading report.json, writing report files,
// comparing runs). Messages name the file and the JSON path, what was expected and what was found, and the fix.
namespace Experiments.Reports;

/// <summary>A report that cannot be read, written or compared; the message names the file, the entry, expected vs found and the fix.</summary>
public sealed class ReportException : Exception
{
    /// <summary>The file the problem is in, when there is one.</summary>
    public string? FilePath { get; }

    public ReportException(string message, string? filePath = null, Exception? innerException = null)
        : base(filePath is null ? message : $"{filePath}: {message}", innerException) => FilePath = filePath;
}
