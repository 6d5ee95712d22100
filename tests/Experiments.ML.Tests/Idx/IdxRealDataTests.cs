// IdxRealDataTests: the reader and the labeled-image loader on real files: Debian's Fashion-MNIST and the shared
// MNIST t10k copy. Expected values (first labels, pixel SHA-256 and sums) were read independently with
// python3's gzip module and `gzip -dc | od`, then written here.
using System.Security.Cryptography;
using Experiments.ML.Data.Idx;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Idx;

public sealed class IdxRealDataTests
{
    private static IdxLabeledImages LoadFashion(string split) => IdxLabeledImages.Load(
        SharedData.FashionMnistFile($"{split}-images-idx3-ubyte.gz"),
        SharedData.FashionMnistFile($"{split}-labels-idx1-ubyte.gz"),
        classCount: 10);

    private static IdxLabeledImages LoadMnistT10k() => IdxLabeledImages.Load(
        SharedData.MnistT10kFile("t10k-images-idx3-ubyte.gz"),
        SharedData.MnistT10kFile("t10k-labels-idx1-ubyte.gz"),
        classCount: 10);

    [Fact]
    public void FashionMnistTrain_Has60000ImagesOf28x28_6000PerClass_KnownFirstLabels()
    {
        var set = LoadFashion("train");

        Assert.Equal(60_000, set.Count);
        Assert.Equal(28, set.Height);
        Assert.Equal(28, set.Width);
        Assert.Equal(60_000 * 28 * 28, set.Pixels.Length);
        Assert.Equal(new byte[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, set.Labels[..10]);
        Assert.Equal(Enumerable.Repeat(6_000, 10), ClassCounts(set));
        Assert.Equal("2e487a6c89124f78f2d7521542223cafe96f7123c3ca13d447772ac6ecbb3012", Sha256(set.Pixels));
        Assert.Equal(3_431_114_169L, set.Pixels.Sum(p => (long)p));
        // Row 14 of the first image (an ankle boot), as `od` shows it.
        Assert.Equal("000001040607020000000000EDE2D9DFDEDBDEDDD8DFE5D7DAFF4D00", Convert.ToHexString(set.Image(0).Slice(14 * 28, 28)));
    }

    [Fact]
    public void FashionMnistTest_Has10000Images_1000PerClass_KnownFirstLabels()
    {
        var set = LoadFashion("t10k");

        Assert.Equal(10_000, set.Count);
        Assert.Equal((28, 28), (set.Height, set.Width));
        Assert.Equal(new byte[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, set.Labels[..10]);
        Assert.Equal(Enumerable.Repeat(1_000, 10), ClassCounts(set));
        Assert.Equal("c867c93ff95360594e8ec3287995350b824dd110b11595c0e13d5423f621867a", Sha256(set.Pixels));
    }

    [Fact]
    public void MnistT10k_Has10000Images_KnownClassCountsAndFirstLabels()
    {
        var set = LoadMnistT10k();

        Assert.Equal(10_000, set.Count);
        Assert.Equal((28, 28), (set.Height, set.Width));
        Assert.Equal(new byte[] { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9 }, set.Labels[..10]);
        Assert.Equal(new[] { 980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009 }, ClassCounts(set));
        Assert.Equal("6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161", Sha256(set.Pixels));
        Assert.Equal(264_923_200L, set.Pixels.Sum(p => (long)p));
    }

    [Fact]
    public void MnistT10kFiles_DecompressToTheDocumentedSizes()
    {
        // 16-byte header + payload = 7,840,016 bytes; 8-byte header + payload = 10,008 bytes.
        var images = IdxReader.Read(SharedData.MnistT10kFile("t10k-images-idx3-ubyte.gz"));
        var labels = IdxReader.Read(SharedData.MnistT10kFile("t10k-labels-idx1-ubyte.gz"));

        Assert.Equal(7_840_016L, 4 + 4 * images.Rank + images.PayloadBytes);
        Assert.Equal(10_008L, 4 + 4 * labels.Rank + labels.PayloadBytes);
        Assert.Equal(new[] { 10_000, 28, 28 }, images.Dimensions);
        Assert.Equal(IdxElementType.UInt8, images.ElementType);
    }

    [Fact]
    public void RealFileRewrittenRawAndGzip_ReadsBackIdentical()
    {
        using var dir = new TempDirectory();
        var original = IdxReader.Read(SharedData.MnistT10kFile("t10k-labels-idx1-ubyte.gz"));
        string raw = dir.File("labels"), gz = dir.File("labels.gz");
        IdxWriter.Write(raw, original, gzip: false);
        IdxWriter.Write(gz, original, gzip: true);

        Assert.Equal(10_008L, new FileInfo(raw).Length);
        Assert.Equal(original.AsBytes(), IdxReader.Read(raw).AsBytes());
        Assert.Equal(original.AsBytes(), IdxReader.Read(gz).AsBytes());
    }

    private static int[] ClassCounts(IdxLabeledImages set)
    {
        var counts = new int[set.ClassCount];
        foreach (byte label in set.Labels) counts[label]++;
        return counts;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
