// DatasetFingerprint: payload hashes are the same for raw and gzip copies, rows come from the IDX header, and the
// digest changes with any file.
using System.Security.Cryptography;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Data.Idx;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Catalog;

public sealed class DatasetFingerprintTests
{
    [Fact]
    public void RawAndGzipCopies_HaveTheSamePayloadHashAndRows()
    {
        using var temp = new TempDirectory();
        var images = new IdxArray(Enumerable.Range(0, 5 * 4 * 3).Select(i => (byte)i).ToArray(), 5, 4, 3);
        IdxWriter.Write(temp.File("raw"), images, gzip: false);
        IdxWriter.Write(temp.File("gz"), images, gzip: true);
        var raw = DatasetFingerprint.Fingerprint("images", temp.File("raw"));
        var gz = DatasetFingerprint.Fingerprint("images", temp.File("gz"));
        Assert.Equal(raw, gz);
        Assert.Equal(5, raw.Rows);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temp.File("raw")))), raw.PayloadSha256);
    }

    [Fact]
    public void Digest_ChangesWithAnyFile()
    {
        var a = new DatasetFingerprint("d", [new DatasetFileFingerprint("f", new string('a', 64), 10)]);
        var b = new DatasetFingerprint("d", [new DatasetFileFingerprint("f", new string('a', 64), 11)]);
        Assert.Equal(64, a.Digest.Length);
        Assert.NotEqual(a.Digest, b.Digest);
        Assert.Equal(a.Digest, new DatasetFingerprint("d", [new DatasetFileFingerprint("f", new string('a', 64), 10)]).Digest);
    }

    [Fact]
    public void NotAnIdxFile_IsRefused()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("x"), "hello");
        var ex = Assert.Throws<DataException>(() => DatasetFingerprint.Fingerprint("x", temp.File("x")));
        Assert.Equal(temp.File("x"), ex.FilePath);
        Assert.Contains("not an IDX file", ex.Message);
    }

    [Fact]
    public async Task FashionMnist_FingerprintHasFourFilesWithCatalogRowCounts()
    {
        var loaded = await DatasetLoader.LoadAsync("fashion-mnist", new DatasetResolverOptions { AllowDownload = false });
        var fingerprint = DatasetFingerprint.Compute(loaded.Source);
        Assert.Equal("fashion-mnist", fingerprint.Name);
        Assert.Equal([60000, 60000, 10000, 10000], fingerprint.Files.Select(f => f.Rows));
        Assert.All(fingerprint.Files, f => Assert.Equal(64, f.PayloadSha256.Length));
    }
}
