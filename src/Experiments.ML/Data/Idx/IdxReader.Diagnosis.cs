// IdxReader.Diagnosis: what to tell a person whose file does not start with the IDX magic 00 00: a gzip file
// inside gzip (compressed twice), an HTML or text page saved in place of the data (a failed download), a zip
// archive, or unknown bytes.
using System.Text;

namespace Experiments.ML.Data.Idx;

public static partial class IdxReader
{
    private const int DiagnosisBytes = 64;

    private static DataException BadMagic(Stream content, ReadOnlySpan<byte> start, Context ctx)
    {
        // Error path only: take a few more bytes to see what the file is.
        var head = new byte[DiagnosisBytes];
        start.CopyTo(head);
        int n = start.Length;
        if (n == IdxFormat.MagicSize)
        {
            try { n += ReadAtMost(content, head.AsSpan(n), ctx); }
            catch (DataException) { } // a diagnosis must not hide the real problem behind a second one
        }
        var bytes = head.AsSpan(0, n);
        string found = $"found {Hex(bytes[..Math.Min(4, n)])}";
        const string expected = "Expected the IDX magic 00 00 <type> <ndims> (MNIST images 00 00 08 03, labels 00 00 08 01)";

        // Raw content starting 1F 8B was already taken as gzip, so this is gzip found inside gzip.
        if (n >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
            return Fail(ctx, $"does not start with the IDX magic. {expected}, {found}. After gzip decompression the content starts with 1F 8B " +
                             "(the gzip signature) again: the file is gzip-compressed twice. Fix: decompress it once (e.g. `gzip -dc file.gz > file`) and use the result.");
        if (n >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' && bytes[2] == 3 && bytes[3] == 4)
            return Fail(ctx, $"does not start with the IDX magic. {expected}, {found}: a zip archive. Fix: extract the IDX file from the archive and use that.");

        var text = LeadingText(bytes);
        if (text is not null)
        {
            string trimmed = text.TrimStart();
            bool markup = trimmed.StartsWith('<');
            string kind = markup
                ? (trimmed.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
                    ? "an HTML page" : "an HTML/XML page")
                : "a text file";
            return Fail(ctx, $"does not start with the IDX magic. {expected}, {found}. It looks like {kind} saved in place of the data, " +
                             $"starting \"{Quote(trimmed)}\"; typically an error or login page from a failed download. " +
                             "Fix: delete the file, check the URL (or mirror) and download again.");
        }
        return Fail(ctx, $"does not start with the IDX magic. {expected}, {found}. Fix: this is not an IDX file or it is damaged; check the path and fetch it again.");
    }

    /// <summary>The bytes as text when they are all printable ASCII or whitespace (a UTF-8 BOM allowed), else null.</summary>
    private static string? LeadingText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes[3..];
        if (bytes.IsEmpty) return null;
        foreach (byte b in bytes)
            if (!(b is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\n' or (byte)'\r')) return null;
        return Encoding.ASCII.GetString(bytes);
    }

    private static string Quote(string text)
    {
        var oneLine = text.Replace("\r", " ").Replace("\n", " ").Replace("\t", " ");
        return oneLine.Length > 40 ? oneLine[..40] + "..." : oneLine;
    }
}
