using Experiments.ML.Data;

namespace Experiments.ML.Tests.Views;

public class ImageDataViewTests
{
    [Fact]
    public void AsView_SelectsEveryRowInStoreOrder()
    {
        var view = SyntheticImages.Create(6).AsView();
        Assert.Equal(6, view.RowCount);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, view.StoreRows.ToArray());
    }

    [Fact]
    public void TakeAndSkip_SelectPrefixAndSuffix_AndClampLikeLinq()
    {
        var view = SyntheticImages.Create(10).AsView();
        Assert.Equal(new[] { 0, 1, 2 }, view.Take(3).StoreRows.ToArray());
        Assert.Equal(new[] { 7, 8, 9 }, view.Skip(7).StoreRows.ToArray());
        Assert.Equal(new[] { 4, 5 }, view.Skip(4).Take(2).StoreRows.ToArray());
        Assert.Equal(10, view.Take(50).RowCount);
        Assert.Equal(0, view.Take(0).RowCount);
        Assert.Equal(0, view.Skip(50).RowCount);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => view.Take(-1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => view.Skip(-2));
    }

    [Fact]
    public void Shuffle_SameSeedSameOrder_DifferentSeedDifferentOrder_SameRows()
    {
        var view = SyntheticImages.Create(50).AsView();
        int[] a = view.Shuffle(7).StoreRows.ToArray();
        int[] b = view.Shuffle(7).StoreRows.ToArray();
        int[] c = view.Shuffle(8).StoreRows.ToArray();

        Assert.True(a.SequenceEqual(b), $"same seed, different orders: {SyntheticImages.FirstMismatches(a, b)}");
        Assert.False(a.SequenceEqual(c), "seeds 7 and 8 gave the same order");
        Assert.False(a.SequenceEqual(Enumerable.Range(0, 50)), "the shuffle left the rows in order");
        Assert.Equal(Enumerable.Range(0, 50), a.Order());
        Assert.Equal(Enumerable.Range(0, 50), view.StoreRows.ToArray()); // the source view is unchanged
    }

    [Fact]
    public void Shuffle_OfASubView_PermutesOnlyItsRows()
    {
        var view = SyntheticImages.Create(30).AsView().Skip(10).Take(10);
        Assert.Equal(Enumerable.Range(10, 10), view.Shuffle(1).StoreRows.ToArray().Order());
    }

    [Fact]
    public void ReadRow_GivesTheStoreBytesOver255AndTheLabel()
    {
        var store = SyntheticImages.Create(12, classCount: 4, channels: 2, height: 3, width: 6);
        var view = store.AsView().Shuffle(3).Skip(2);
        var image = new float[store.ImageType.Size];
        for (int row = 0; row < view.RowCount; row++)
        {
            int storeRow = view.StoreRows[row];
            view.ReadRow(row, image, out int label);
            float[] expected = SyntheticImages.ExpectedImage(store, storeRow);
            Assert.True(expected.SequenceEqual(image), $"row {row} (store row {storeRow}): {SyntheticImages.FirstMismatches(expected, image)}");
            Assert.Equal(store.GetLabel(storeRow), label);
            Assert.Equal(label, view.GetLabel(row));
        }
    }

    [Fact]
    public void ReadRow_RejectsBadRowAndShortBuffer()
    {
        var view = SyntheticImages.Create(4).AsView();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => view.ReadRow(4, new float[35], out _));
        Assert.Contains("4 rows", error.Message);
        var shortBuffer = Assert.Throws<ArgumentException>(() => view.ReadRow(0, new float[34], out _));
        Assert.Contains("holds 34 floats", shortBuffer.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => view.GetLabel(-1));
    }

    [Fact]
    public void CountRowsPerClass_CountsTheViewsRowsOnly()
    {
        // Labels: row r has class (r * r) mod 5, an uneven histogram.
        var store = SyntheticImages.Create(40, classCount: 5, label: r => r * r % 5);
        var view = store.AsView().Skip(5).Take(20);
        int[] expected = new int[5];
        for (int r = 5; r < 25; r++) expected[r * r % 5]++;

        Assert.Equal(expected, view.CountRowsPerClass());
        Assert.Equal(expected, view.Shuffle(9).CountRowsPerClass());
        Assert.Equal(40, store.AsView().CountRowsPerClass().Sum());
    }
}
