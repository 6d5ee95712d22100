// MLNetReference: access to the real ML.NET-written model.zip files in /work/shared/data/mlnet-reference/
// (from dotnet/machinelearning test/data/backcompat, spec §11), and a hex dump for failure messages.
using System.IO.Compression;

namespace Experiments.ML.Tests.Packaging.MLNet;

internal static class MLNetReference
{
    public const string Folder = "/work/shared/data/mlnet-reference";

    public static string Path(string zip)
    {
        var path = System.IO.Path.Combine(Folder, zip);
        Assert.True(File.Exists(path), $"reference file missing: {path}");
        return path;
    }

    /// <summary>Bytes of an entry; <paramref name="entry"/> uses '/' and matches the asset's '\' names too.</summary>
    public static byte[] Entry(string zip, string entry)
    {
        using var archive = ZipFile.OpenRead(Path(zip));
        var match = archive.Entries.SingleOrDefault(e => e.FullName.Replace('\\', '/') == entry);
        Assert.True(match is not null, $"{zip} has no entry {entry}; it has {string.Join(", ", archive.Entries.Select(e => e.FullName))}");
        using var stream = match!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Fails with the first differing offset and both bytes around it.</summary>
    public static void AssertSameBytes(byte[] expected, byte[] actual, string what)
    {
        int n = Math.Min(expected.Length, actual.Length);
        int first = Enumerable.Range(0, n).FirstOrDefault(i => expected[i] != actual[i], -1);
        if (first < 0 && expected.Length == actual.Length)
            return;
        if (first < 0)
            first = n;
        int from = Math.Max(0, first - 8);
        string Hex(byte[] b) => Convert.ToHexString(b, from, Math.Min(24, Math.Max(0, b.Length - from)));
        Assert.Fail($"{what}: lengths {expected.Length} (reference) vs {actual.Length} (ours); first difference at 0x{first:X}\n" +
                    $"reference @0x{from:X}: {Hex(expected)}\nours      @0x{from:X}: {Hex(actual)}");
    }
}
