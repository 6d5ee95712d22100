// The real files on this machine: Debian's Fashion-MNIST (re-gzipped, accepted by payload SHA-256) and the
// upstream MNIST t10k pair in /work/shared/data/mnist-t10k (accepted by .gz MD5, or payload SHA-256 when raw).
using System.IO.Compression;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Catalog;

public class RealDatasetFileTests
{
    private const string DebianFashion = "/usr/share/datasets/fashion-mnist";
    private const string SharedMnistT10k = "/work/shared/data/mnist-t10k";

    [Fact]
    public async Task DebianFashionMnist_ResolvesFromTheSystemFolder_VerifiedByPayloadHash()
    {
        Assert.True(Directory.Exists(DebianFashion), $"{DebianFashion} is missing: install dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist)");
        using var temp = new TempDirectory();
        var options = HermeticOptions.For(DatasetCatalog.Default, temp, systemDirectories: ["/usr/share/datasets"]);

        var resolved = await new DatasetResolver(options).ResolveAsync("Fashion-MNIST");

        Assert.Equal(ResolutionStep.SystemFolder, resolved.Step);
        Assert.Equal(DebianFashion, resolved.Directory);
        Assert.All(resolved.Files, f =>
        {
            Assert.True(f.IsGzipped, f.Path);
            Assert.Equal(ChecksumVerdict.PayloadSha256, f.Verdict);
            Assert.NotEqual(f.Reference.GzipMd5, f.GzipMd5); // Debian re-gzipped: the .gz differs, the payload does not
            Assert.Equal(f.Reference.PayloadSha256, f.PayloadSha256);
        });
    }

    [Fact]
    public async Task MnistT10kPair_VerdictsPerFile_WithSyntheticTrainFiles()
    {
        using var temp = new TempDirectory();
        string folder = temp.Sub("mnist");
        // t10k images: upstream .gz as is -> GzipMd5.
        File.Copy(Path.Combine(SharedMnistT10k, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-images-idx3-ubyte.gz"));
        // t10k labels: decompressed -> PayloadSha256 (raw form).
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(SharedMnistT10k, "t10k-labels-idx1-ubyte.gz")), CompressionMode.Decompress))
        using (var raw = File.Create(Path.Combine(folder, "t10k-labels-idx1-ubyte")))
            gz.CopyTo(raw);
        // Train files: synthetic raw IDX of the right size and magic; no payload hash is known for MNIST train -> Unverified.
        var images = new byte[47_040_016];
        images[2] = 0x08; images[3] = 3;
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), images);
        var labels = new byte[60_008];
        labels[2] = 0x08; labels[3] = 1;
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), labels);

        var options = HermeticOptions.For(DatasetCatalog.Default, temp) with { ExplicitDirectory = folder };
        var resolved = await new DatasetResolver(options).ResolveAsync("mnist");

        Assert.Equal(
            [(false, ChecksumVerdict.Unverified), (false, ChecksumVerdict.Unverified), (true, ChecksumVerdict.GzipMd5), (false, ChecksumVerdict.PayloadSha256)],
            resolved.Files.Select(f => (f.IsGzipped, f.Verdict)));
        Assert.Equal("9fb629c4189551a2d022fa330f9573f3", resolved.TestImages.GzipMd5);
        Assert.Equal(DatasetCatalog.Mnist[DatasetFileRole.TestImages].PayloadSha256, resolved.TestImages.PayloadSha256);
        Assert.Equal(DatasetCatalog.Mnist[DatasetFileRole.TestLabels].PayloadSha256, resolved.TestLabels.PayloadSha256);
    }

    [Fact]
    public async Task MnistT10kPair_ReGzipped_IsAcceptedByPayloadHash_AndCorruptedByteIsRejected()
    {
        using var temp = new TempDirectory();
        string folder = temp.Sub("mnist");
        byte[] payload;
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(SharedMnistT10k, "t10k-images-idx3-ubyte.gz")), CompressionMode.Decompress))
        using (var ms = new MemoryStream())
        {
            gz.CopyTo(ms);
            payload = ms.ToArray();
        }
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), SyntheticDataset.Gzip(payload, CompressionLevel.Fastest));
        File.Copy(Path.Combine(SharedMnistT10k, "t10k-labels-idx1-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));
        var images = new byte[47_040_016];
        images[2] = 0x08; images[3] = 3;
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), images);
        var labels = new byte[60_008];
        labels[2] = 0x08; labels[3] = 1;
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), labels);
        var options = HermeticOptions.For(DatasetCatalog.Default, temp) with { ExplicitDirectory = folder };

        var resolved = await new DatasetResolver(options).ResolveAsync("mnist");
        Assert.Equal(ChecksumVerdict.PayloadSha256, resolved.TestImages.Verdict);
        Assert.Equal(ChecksumVerdict.GzipMd5, resolved.TestLabels.Verdict);

        payload[5000] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), SyntheticDataset.Gzip(payload, CompressionLevel.Fastest));
        var e = await Assert.ThrowsAsync<Experiments.ML.Data.DataException>(() => new DatasetResolver(options).ResolveAsync("mnist"));
        Assert.Contains("t10k-images-idx3-ubyte.gz: checksum mismatch: expected .gz MD5 9fb629c4189551a2d022fa330f9573f3 or payload SHA-256 0fa7898d", e.Message);
        Assert.Contains("(payload size 7,840,016 bytes as expected)", e.Message);
    }
}
