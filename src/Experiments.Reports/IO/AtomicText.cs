// Temp-then-rename writes for every report file, the same protocol as Experiments.ML.Packaging.AtomicFile (which is
// internal to that assembly): bytes go to "<path>.tmp-<random>" in the same folder, are flushed to disk, and the temp
// file is moved over the target, so a reader (or `compare`) never sees a half-written report.
using System.Text;

namespace Experiments.Reports.IO;

/// <summary>Writes report files atomically (temp file in the same folder, flush, rename over the target).</summary>
public static class AtomicText
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void Write(string path, string text) => Write(path, Utf8NoBom.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> through a temp file and a rename.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new ReportException($"the folder '{folder}' does not exist; create the run folder before writing its reports", path);
        string temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
