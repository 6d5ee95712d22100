using Experiments.ML.Data;

namespace Experiments.ML.Tests.Views;

public class SplitTests
{
    // 3 classes with 60, 30 and 10 rows, interleaved.
    private static LabeledImageStore Imbalanced() =>
        SyntheticImages.Create(100, classCount: 3, label: r => r % 10 < 6 ? 0 : r % 10 < 9 ? 1 : 2);

    private static void AssertDisjointAndCovering(ImageDataView view, TrainValidationData split)
    {
        int[] train = split.Train.StoreRows.ToArray();
        int[] validation = split.Validation.StoreRows.ToArray();
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(view.StoreRows.ToArray().Order(), train.Concat(validation).Order());
        // Each part keeps the view's order.
        int[] position = new int[view.Store.Count];
        for (int i = 0; i < view.RowCount; i++) position[view.StoreRows[i]] = i;
        Assert.True(train.Select(r => position[r]).Order().SequenceEqual(train.Select(r => position[r])), "train rows are not in view order");
        Assert.True(validation.Select(r => position[r]).Order().SequenceEqual(validation.Select(r => position[r])), "validation rows are not in view order");
    }

    [Theory]
    [InlineData(SplitStrategy.Random)]
    [InlineData(SplitStrategy.Stratified)]
    public void SplitByCount_IsDisjointCoveringAndExact(SplitStrategy strategy)
    {
        var view = Imbalanced().AsView().Shuffle(5);
        TrainValidationData split = view.SplitByCount(23, seed: 11, strategy);
        Assert.Equal(23, split.Validation.RowCount);
        Assert.Equal(77, split.Train.RowCount);
        AssertDisjointAndCovering(view, split);
    }

    [Theory]
    [InlineData(SplitStrategy.Random, 0.2, 20)]
    [InlineData(SplitStrategy.Stratified, 0.2, 20)]
    [InlineData(SplitStrategy.Random, 0.125, 13)]      // 12.5 rounds away from zero
    [InlineData(SplitStrategy.Stratified, 0.333, 33)]
    public void SplitByFraction_TakesRoundedFractionOfRows(SplitStrategy strategy, double fraction, int expectedValidation)
    {
        var view = Imbalanced().AsView();
        TrainValidationData split = view.SplitByFraction(fraction, seed: 3, strategy);
        Assert.Equal(expectedValidation, split.Validation.RowCount);
        AssertDisjointAndCovering(view, split);
    }

    [Fact]
    public void Stratified_KeepsEachClassProportion()
    {
        var view = Imbalanced().AsView();
        TrainValidationData split = view.SplitByFraction(0.2, seed: 1, SplitStrategy.Stratified);
        Assert.Equal(new[] { 12, 6, 2 }, split.Validation.CountRowsPerClass());
        Assert.Equal(new[] { 48, 24, 8 }, split.Train.CountRowsPerClass());
    }

    [Fact]
    public void Stratified_WithUnevenQuotas_GivesEveryClassItsShareWithinOneRow()
    {
        var view = Imbalanced().AsView();
        int[] classCounts = view.CountRowsPerClass();
        foreach (int count in new[] { 1, 7, 33, 50, 99 })
        {
            int[] validation = view.SplitByCount(count, seed: 2, SplitStrategy.Stratified).Validation.CountRowsPerClass();
            Assert.Equal(count, validation.Sum());
            for (int c = 0; c < 3; c++)
            {
                double share = (double)count * classCounts[c] / view.RowCount;
                Assert.True(Math.Abs(validation[c] - share) < 1, $"count {count}, class {c}: {validation[c]} validation rows, share {share}");
            }
        }
    }

    [Fact]
    public void AllocateProportionally_UsesLargestRemaindersAndBreaksTiesByClassIndex()
    {
        Assert.Equal(new[] { 4, 2, 1 }, ImageDataView.AllocateProportionally(7, [60, 30, 10]));   // quotas 4.2, 2.1, 0.7
        Assert.Equal(new[] { 1, 1, 0 }, ImageDataView.AllocateProportionally(2, [5, 5, 5]));      // three equal remainders
        Assert.Equal(new[] { 0, 3, 0 }, ImageDataView.AllocateProportionally(3, [0, 9, 0]));
    }

    [Theory]
    [InlineData(SplitStrategy.Random)]
    [InlineData(SplitStrategy.Stratified)]
    public void Split_SameSeedSameRows_DifferentSeedDifferentRows(SplitStrategy strategy)
    {
        var view = Imbalanced().AsView();
        int[] a = view.SplitByCount(20, seed: 4, strategy).Validation.StoreRows.ToArray();
        int[] b = view.SplitByCount(20, seed: 4, strategy).Validation.StoreRows.ToArray();
        int[] c = view.SplitByCount(20, seed: 5, strategy).Validation.StoreRows.ToArray();
        Assert.True(a.SequenceEqual(b), $"same seed, different validation rows: {SyntheticImages.FirstMismatches(a, b)}");
        Assert.False(a.SequenceEqual(c), "seeds 4 and 5 chose the same validation rows");
    }

    [Fact]
    public void Stratified_SplitsEachClassIndependently()
    {
        // Class 0 comes first and has 20 or 40 rows; classes 1 and 2 are the same rows in both stores, so their
        // validation rows must not change. (Labels: r < n0 is class 0, then 10 rows of class 1, then 10 of class 2.)
        static LabeledImageStore Store(int n0) => SyntheticImages.Create(n0 + 20, classCount: 3, label: r => r < n0 ? 0 : r < n0 + 10 ? 1 : 2);
        int[] small = Store(20).AsView().SplitByCount(8, seed: 6, SplitStrategy.Stratified).Validation.StoreRows.ToArray();   // 4, 2, 2
        int[] large = Store(40).AsView().SplitByCount(12, seed: 6, SplitStrategy.Stratified).Validation.StoreRows.ToArray();  // 8, 2, 2
        Assert.Equal(small.Where(r => r >= 20).Select(r => r - 20), large.Where(r => r >= 40).Select(r => r - 40));

        // Classes 1 and 2 have the same size and quota but draw from their own streams, so they pick different positions.
        int[] class1 = small.Where(r => r >= 20 && r < 30).Select(r => r - 20).ToArray();
        int[] class2 = small.Where(r => r >= 30).Select(r => r - 30).ToArray();
        Assert.Equal((2, 2), (class1.Length, class2.Length));
        Assert.False(class1.SequenceEqual(class2), $"classes 1 and 2 picked the same positions {string.Join(",", class1)}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void SplitByFraction_OutsideZeroOne_IsRejectedQuotingTheValue(double fraction)
    {
        var view = Imbalanced().AsView();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => view.SplitByFraction(fraction, 1, SplitStrategy.Random));
        Assert.Equal("validationFraction", error.ParamName);
        Assert.Contains($"got {fraction}", error.Message);
    }

    [Fact]
    public void SplitByFraction_LeavingAnEmptyPart_ThrowsDataException()
    {
        var view = SyntheticImages.Create(10).AsView();
        var error = Assert.Throws<DataException>(() => view.SplitByFraction(0.01, 1, SplitStrategy.Stratified));
        Assert.Contains("gives 0 validation and 10 training rows", error.Message);
        Assert.Throws<DataException>(() => view.SplitByFraction(0.97, 1, SplitStrategy.Random));
    }

    [Fact]
    public void SplitByCount_OutOfRange_IsRejected()
    {
        var view = SyntheticImages.Create(10).AsView();
        Assert.Equal("validationCount", Assert.Throws<ArgumentOutOfRangeException>(() => view.SplitByCount(0, 1, SplitStrategy.Random)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => view.SplitByCount(-3, 1, SplitStrategy.Random));
        var error = Assert.Throws<DataException>(() => view.SplitByCount(10, 1, SplitStrategy.Stratified));
        Assert.Contains("10 validation rows from a view of 10 rows", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => view.SplitByCount(2, 1, (SplitStrategy)7));
    }
}
