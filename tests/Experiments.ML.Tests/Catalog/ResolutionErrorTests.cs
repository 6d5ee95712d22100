// Resolution errors: bad copies (checksum, size, gzip, magic), incomplete folders, a missing explicit directory,
// and the message when every step fails. Each error names the file, expected vs found, and the fix.
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Catalog;

public class ResolutionErrorTests
{
    private static Task<ResolvedDataset> Resolve(DatasetResolverOptions options, string name = "tiny") =>
        new DatasetResolver(options).ResolveAsync(name);

    [Fact]
    public async Task ChecksumMismatch_NamesFileExpectedAndFound_AndIsNotSkippedForTheNextLocation()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        var other = SyntheticDataset.Create(seed: 7);
        string cache = temp.Sub("home", ".cache", "experiments", "datasets", "tiny");
        data.WriteAll(cache);
        string bad = Path.Combine(cache, "train-images-idx3-ubyte.gz");
        File.WriteAllBytes(bad, other.Gz[DatasetFileRole.TrainImages]);
        data.WriteAll(temp.Sub("system", "tiny")); // a good copy later in the order must not be used instead

        var options = HermeticOptions.For(data, temp, systemDirectories: [Path.Combine(temp.Path, "system")]);
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(options));

        var expected = data.Entry[DatasetFileRole.TrainImages];
        Assert.Equal(bad, e.FilePath);
        Assert.Contains(bad, e.Message);
        Assert.Contains($"expected .gz MD5 {expected.GzipMd5} or payload SHA-256 {expected.PayloadSha256}", e.Message);
        Assert.Contains($"found .gz MD5 {SyntheticDataset.Md5(other.Gz[DatasetFileRole.TrainImages])}", e.Message);
        Assert.Contains($"payload SHA-256 {SyntheticDataset.Sha256(other.Raw[DatasetFileRole.TrainImages])}", e.Message);
        Assert.Contains("user cache", e.Message);
        Assert.Contains("Fix:", e.Message);
    }

    [Fact]
    public async Task Md5MismatchWithoutPayloadHash_SaysARecompressedCopyCannotBeAccepted()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create(withPayloadHashes: false);
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"),
            SyntheticDataset.Gzip(data.Raw[DatasetFileRole.TestLabels], System.IO.Compression.CompressionLevel.NoCompression));
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(HermeticOptions.For(data, temp) with { ExplicitDirectory = folder }));
        Assert.Contains($"gzip MD5 mismatch: expected upstream's {data.Entry[DatasetFileRole.TestLabels].GzipMd5}", e.Message);
        Assert.Contains("no payload SHA-256 is known", e.Message);
    }

    [Fact]
    public async Task GzipMagicButUndecodable_IsAnError()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        byte[] garbage = [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x01];
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte.gz"), garbage);
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(HermeticOptions.For(data, temp) with { ExplicitDirectory = folder }));
        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message);
        Assert.True(e.Message.Contains("cannot be decompressed") || e.Message.Contains("checksum mismatch"), e.Message);
    }

    [Fact]
    public async Task TruncatedGzip_IsAnError()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        var gz = data.Gz[DatasetFileRole.TrainImages];
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte.gz"), gz[..(gz.Length / 2)]);
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(HermeticOptions.For(data, temp) with { ExplicitDirectory = folder }));
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("1 file(s) failed verification", e.Message);
    }

    [Fact]
    public async Task RawFileOfWrongSize_IsAnError()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create(withPayloadHashes: false);
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        File.Delete(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), new byte[5]);
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(HermeticOptions.For(data, temp) with { ExplicitDirectory = folder }));
        Assert.Contains($"not gzip (does not start with 1F 8B) and 5 bytes long, but the raw IDX file is {data.Entry[DatasetFileRole.TestImages].PayloadSize} bytes", e.Message);
    }

    [Fact]
    public async Task UnverifiableRawFileWithWrongMagic_IsAnError()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create(withPayloadHashes: false);
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        File.Delete(Path.Combine(folder, "train-labels-idx1-ubyte.gz"));
        var wrong = data.Raw[DatasetFileRole.TrainLabels].ToArray();
        wrong[3] = 3;
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), wrong);
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(HermeticOptions.For(data, temp) with { ExplicitDirectory = folder }));
        Assert.Contains("expected magic 00 00 08 01, found 00000803", e.Message);
    }

    [Fact]
    public async Task IncompleteSystemFolder_NamesTheMissingFiles()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create(debianPackage: "dataset-tiny");
        string folder = temp.Sub("system", "tiny");
        data.Write(folder, DatasetFileRole.TrainImages);
        data.Write(folder, DatasetFileRole.TestLabels);
        var options = HermeticOptions.For(data, temp, systemDirectories: [Path.Combine(temp.Path, "system")]);
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(options));
        Assert.Contains($"Dataset 'tiny' is incomplete in {folder}", e.Message);
        Assert.Contains("missing train-labels-idx1-ubyte.gz (or raw train-labels-idx1-ubyte), t10k-images-idx3-ubyte.gz (or raw t10k-images-idx3-ubyte)", e.Message);
        Assert.Contains("sudo apt-get install --reinstall dataset-tiny", e.Message);
    }

    [Fact]
    public async Task IncompleteCache_WhenOffline_IsAnError()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string cache = temp.Sub("home", ".cache", "experiments", "datasets", "tiny");
        data.Write(cache, DatasetFileRole.TrainImages);
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(HermeticOptions.For(data, temp)));
        Assert.Contains($"incomplete in {cache} (user cache)", e.Message);
        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message);
    }

    [Fact]
    public async Task ExplicitDirectory_ThatDoesNotExist_IsAnError()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        data.WriteAll(temp.Sub("system", "tiny"));
        string missing = Path.Combine(temp.Path, "nope");
        var options = HermeticOptions.For(data, temp, systemDirectories: [Path.Combine(temp.Path, "system")]) with { ExplicitDirectory = missing };
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(options));
        Assert.Contains($"The data directory {missing} does not exist", e.Message);
    }

    [Fact]
    public async Task ExplicitDirectory_ThatIsEmpty_ListsTheExpectedFiles()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string empty = temp.Sub("empty");
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(HermeticOptions.For(data, temp) with { ExplicitDirectory = empty }));
        Assert.Contains($"The data directory {empty} holds none of Tiny tiny's files: expected train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz", e.Message);
    }

    [Fact]
    public async Task ExplicitDirectory_MissingOneFile_IsAnError()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        File.Delete(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));
        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(HermeticOptions.For(data, temp) with { ExplicitDirectory = folder }));
        Assert.Contains("missing t10k-labels-idx1-ubyte.gz (or raw t10k-labels-idx1-ubyte)", e.Message);
        Assert.Contains("--data-dir", e.Message);
    }

    [Fact]
    public async Task EveryStepFailed_ListsEachLocationAndTheFixes()
    {
        using var temp = new TempDirectory();
        var fashion = DatasetCatalog.FashionMnist;
        string envRoot = temp.Sub("env");
        var options = HermeticOptions.For(new DatasetCatalog([fashion]), temp,
            environment: new Dictionary<string, string> { ["EXPERIMENTS_DATA"] = envRoot },
            systemDirectories: [Path.Combine(temp.Path, "sys")]);

        var e = await Assert.ThrowsAsync<DataException>(() => Resolve(options, "fashion-mnist"));

        string cache = Path.Combine(temp.Path, "home", ".cache", "experiments", "datasets", "fashion-mnist");
        string[] expectedLines =
        [
            "Dataset 'fashion-mnist' (Fashion-MNIST) was not found and could not be downloaded. Tried:",
            "  1. explicit data directory -: Skipped: no data directory given",
            $"  2. EXPERIMENTS_DATA {envRoot}: NotFound: no subfolder fashion-mnist/ and none of the files directly in it",
            $"  3. user cache {cache}: NotFound: folder does not exist",
            $"  4. system dataset folder {Path.Combine(temp.Path, "sys", "fashion-mnist")}: NotFound: folder does not exist",
            $"  5. download {cache}: Skipped: downloads are disabled (offline)",
            "Fix (any one):",
            "  - sudo apt-get install dataset-fashion-mnist",
            "  - --data-dir DIR, with DIR holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz",
            "  - set EXPERIMENTS_DATA=DIR, with those files in DIR/fashion-mnist/",
            "  - allow downloads (do not run offline) with network access to http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        ];
        var lines = e.Message.Split('\n');
        Assert.Equal(expectedLines.Length, lines.Length);
        for (int i = 0; i < lines.Length; i++)
            Assert.True(lines[i].StartsWith(expectedLines[i], StringComparison.Ordinal), $"line {i}:\n expected to start with: {expectedLines[i]}\n found: {lines[i]}");
    }
}
