// IdxLabeledImagesTests: the image/label pair loader on synthetic files: a good pair, and each way a pair can be
// wrong (images not 3-D u8, labels not 1-D u8, count mismatch, label out of range), with the message asserted.
using Experiments.ML.Data;
using Experiments.ML.Data.Idx;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Idx;

public sealed class IdxLabeledImagesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, IdxArray array, bool gzip = true)
    {
        string path = _dir.File(name);
        IdxWriter.Write(path, array, gzip);
        return path;
    }

    private string Images(int n, int h = 4, int w = 3) =>
        Write($"images-{n}-{h}x{w}", new IdxArray(Enumerable.Range(0, n * h * w).Select(i => (byte)(i * 7)).ToArray(), n, h, w));

    private string Labels(params byte[] labels) => Write($"labels-{labels.Length}-{Guid.NewGuid():N}", new IdxArray(labels, labels.Length));

    private static void AssertContains(string message, params string[] parts)
    {
        foreach (var p in parts)
            Assert.True(message.Contains(p, StringComparison.Ordinal), $"Message lacks \"{p}\":\n{message}");
    }

    [Fact]
    public void GoodPair_LoadsPixelsLabelsAndShape()
    {
        string images = Images(5), labels = Labels(0, 1, 2, 1, 0);
        var set = IdxLabeledImages.Load(images, labels, classCount: 3);

        Assert.Equal((5, 4, 3, 3), (set.Count, set.Height, set.Width, set.ClassCount));
        Assert.Equal(new byte[] { 0, 1, 2, 1, 0 }, set.Labels);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (byte)(i * 7)), set.Pixels);
        Assert.Equal(Enumerable.Range(12, 12).Select(i => (byte)(i * 7)), set.Image(1).ToArray());
        Assert.Equal((images, labels), (set.ImagesPath, set.LabelsPath));
    }

    [Fact]
    public void ImagesAndLabelsSwapped_SaysExpected3DImageFileFound1D()
    {
        string images = Images(3), labels = Labels(0, 1, 2);
        var e = Assert.Throws<DataException>(() => IdxLabeledImages.Load(labels, images, classCount: 10));
        Assert.Equal(labels, e.FilePath);
        AssertContains(e.Message, labels, "expected a 3-D u8 image file", "found a 1-D u8 (0x08, byte) file of shape 3", "images and labels swapped?");
    }

    [Fact]
    public void ImagesOfWrongElementType_AreRejected()
    {
        string images = Write("float-images", new IdxArray(new float[2 * 2 * 2], 2, 2, 2));
        var e = Assert.Throws<DataException>(() => IdxLabeledImages.Load(images, Labels(0, 1), classCount: 10));
        AssertContains(e.Message, "expected a 3-D u8 image file", "found a 3-D f32 (0x0D, float) file of shape 2x2x2");
    }

    [Fact]
    public void LabelsNot1D_AreRejected()
    {
        string labels = Write("labels-2d", new IdxArray(new byte[6], 3, 2));
        var e = Assert.Throws<DataException>(() => IdxLabeledImages.Load(Images(3), labels, classCount: 10));
        Assert.Equal(labels, e.FilePath);
        AssertContains(e.Message, "expected a 1-D u8 label file", "found a 2-D u8 (0x08, byte) file of shape 3x2");
    }

    [Fact]
    public void CountMismatch_NamesBothFilesAndBothCounts()
    {
        string images = Images(4), labels = Labels(0, 1, 2);
        var e = Assert.Throws<DataException>(() => IdxLabeledImages.Load(images, labels, classCount: 10));
        AssertContains(e.Message, images, "holds 4 images", labels, "holds 3 labels", "same split");
    }

    [Fact]
    public void LabelOutOfRange_GivesIndexAndValueOfTheFirstBadOne()
    {
        string labels = Labels(0, 1, 9, 3, 12, 10);
        var e = Assert.Throws<DataException>(() => IdxLabeledImages.Load(Images(6), labels, classCount: 5));
        Assert.Equal(labels, e.FilePath);
        AssertContains(e.Message, labels, "has label 9 at index 2 (the first out of range)", "[0, 5)");
    }

    [Fact]
    public void LabelEqualToClassCount_IsOutOfRange_OneBelowIsFine()
    {
        Assert.Equal(10, IdxLabeledImages.Load(Images(2), Labels(9, 0), classCount: 10).ClassCount);
        var e = Assert.Throws<DataException>(() => IdxLabeledImages.Load(Images(2), Labels(0, 10), classCount: 10));
        AssertContains(e.Message, "has label 10 at index 1");
    }

    [Fact]
    public void ZeroWidthImages_AreRejected()
    {
        var e = Assert.Throws<DataException>(() => IdxLabeledImages.Load(Images(2, 28, 0), Labels(0, 1), classCount: 10));
        AssertContains(e.Message, "shape 2x28x0", "zero height or width");
    }

    [Fact]
    public void BrokenLabelFile_FailsTheWholeLoad()
    {
        string labels = _dir.File("broken-labels");
        File.WriteAllBytes(labels, [0, 0, 8, 1, 0, 0, 0, 5, 1, 2]);
        var e = Assert.Throws<DataException>(() => IdxLabeledImages.Load(Images(5), labels, classCount: 10));
        AssertContains(e.Message, labels, "implies 5 payload bytes, found 2");
    }
}
