// AtomicFile: temp-then-rename writes for every file the packaging layer produces. The bytes go to
// "<path>.tmp-<random>" in the same folder, are flushed to disk, and the temp file is moved over the target, so
// a reader never sees a half-written package.
namespace Experiments.ML.Packaging;

internal static class AtomicFile
{
    /// <summary>Writes a file through <paramref name="write"/> into a temp file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new ModelPackageException($"the folder '{folder}' does not exist; create it before saving", filePath: path);
        var temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
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
