using Experiments.ML.Data;

namespace Experiments.ML.Tests.Views;

public class LabeledImageStoreTests
{
    private static readonly string[] TwoClasses = ["zero", "one"];

    [Fact]
    public void Store_ExposesRowsAsGiven()
    {
        byte[] pixels = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var store = new LabeledImageStore(pixels, 3, 1, 2, 2, [1, 0, 1], TwoClasses);

        Assert.Equal((3, 1, 2, 2), (store.Count, store.Channels, store.Height, store.Width));
        Assert.Equal([5, 6, 7, 8], store.GetPixels(1).ToArray());
        Assert.Equal([1, 0, 1], [store.GetLabel(0), store.GetLabel(1), store.GetLabel(2)]);
        Assert.Equal(TwoClasses, store.ClassNames);
        Assert.Equal(pixels, store.Pixels.ToArray());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => store.GetPixels(3));
        Assert.Contains("3 rows", error.Message);
    }

    [Fact]
    public void PixelLengthMismatch_ThrowsDataExceptionWithExpectedAndFound()
    {
        var error = Assert.Throws<DataException>(() => new LabeledImageStore(new byte[11], 3, 1, 2, 2, new byte[3], TwoClasses));
        Assert.Contains("holds 11 bytes", error.Message);
        Assert.Contains("3 images of 1x2x2 need 12", error.Message);
    }

    [Fact]
    public void LabelLengthMismatch_ThrowsDataException()
    {
        var error = Assert.Throws<DataException>(() => new LabeledImageStore(new byte[12], 3, 1, 2, 2, new byte[2], TwoClasses));
        Assert.Contains("holds 2 labels, but there are 3 images", error.Message);
    }

    [Fact]
    public void LabelOutsideTheClasses_ThrowsDataExceptionNamingRowAndValue()
    {
        var error = Assert.Throws<DataException>(() => new LabeledImageStore(new byte[12], 3, 1, 2, 2, [0, 1, 7], TwoClasses));
        Assert.Contains("Label 7 at row 2", error.Message);
        Assert.Contains("2 classes (0..1)", error.Message);
    }

    [Fact]
    public void BadShapeAndNullArguments_ThrowArgumentExceptions()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => new LabeledImageStore([], -1, 1, 2, 2, [], TwoClasses)).ParamName);
        Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => new LabeledImageStore([], 0, 0, 2, 2, [], TwoClasses)).ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => new LabeledImageStore([], 0, 1, 2, -3, [], TwoClasses)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new LabeledImageStore(null!, 0, 1, 2, 2, [], TwoClasses));
        Assert.Throws<ArgumentNullException>(() => new LabeledImageStore([], 0, 1, 2, 2, null!, TwoClasses));
        Assert.Throws<ArgumentNullException>(() => new LabeledImageStore([], 0, 1, 2, 2, [], null!));
        Assert.Throws<ArgumentException>(() => new LabeledImageStore([], 0, 1, 2, 2, [], []));
    }

    [Fact]
    public void MoreThan256Classes_IsRejectedBecauseLabelsAreBytes()
    {
        Assert.NotNull(new LabeledImageStore([], 0, 1, 1, 1, [], SyntheticImages.ClassNames(256)));
        var error = Assert.Throws<ArgumentException>(() => new LabeledImageStore([], 0, 1, 1, 1, [], SyntheticImages.ClassNames(257)));
        Assert.Contains("257 class names", error.Message);
    }

    [Fact]
    public void EmptyStore_GivesAnEmptyView()
    {
        var store = new LabeledImageStore([], 0, 1, 28, 28, [], TwoClasses);
        Assert.Equal(0, store.AsView().RowCount);
        Assert.Equal([0, 0], store.AsView().CountRowsPerClass());
    }
}
