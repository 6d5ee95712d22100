// PackageEntryNames: the entry names of a model package and the rules every name obeys, on write and on read.
// A name is a relative zip path: '/' separators, no leading '/', no drive letter or ':', no backslash, no empty,
// "." or ".." segment, no control characters, at most 260 characters; names are unique even ignoring case (so a
// package extracts identically on case-insensitive file systems).
namespace Experiments.ML.Packaging;

/// <summary>Names of the entries a model package defines itself, and the validation of any entry name.</summary>
public static class PackageEntryNames
{
    /// <summary>The manifest (format, model contract, provenance, hashes of every other entry).</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The weights in safetensors format.</summary>
    public const string Weights = "weights.safetensors";

    /// <summary>The evaluation report (optional).</summary>
    public const string Report = "report.json";

    /// <summary>Longest entry name accepted.</summary>
    public const int MaxLength = 260;

    /// <summary>Whether the name is one of the package's own entries (which AdditionalEntries may not use).</summary>
    public static bool IsReserved(string name) => name is Manifest or Weights or Report;

    /// <summary>Returns null when <paramref name="name"/> is a safe relative entry name, otherwise what is wrong with it.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrEmpty(name)) return "the entry name is empty";
        if (name.Length > MaxLength) return $"the entry name is {name.Length} characters long, over the {MaxLength}-character limit";
        if (name.Contains('\\')) return "the entry name contains a backslash; zip entry names use '/' separators";
        if (name.StartsWith('/')) return "the entry name is absolute (starts with '/'); entry names must be relative";
        if (name.Contains(':')) return "the entry name contains ':' (a drive letter or stream name); entry names must be relative paths";
        if (name.Any(char.IsControl)) return "the entry name contains a control character";
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0) return "the entry name has an empty path segment ('//' or a trailing '/'); folders are not entries";
            if (segment is "." or "..") return $"the entry name has a '{segment}' segment; entry names may not leave or name the package root";
        }
        return null;
    }
}
