// ImageDataView.Split: carving a train/validation split out of a view.
//
// Both parts keep the rows in the order they have in the view (a split is a selection; shuffle with a cursor).
// Random: a Fisher-Yates permutation from stream "split" of the seed picks the validation rows.
// Stratified: the validation count is shared among the classes in proportion to their sizes by the
// largest-remainder (Hamilton) method in exact integer arithmetic (ties go to the lower class index), and each
// class picks its rows with its own stream ("split", class), so each class is split independently of the others.
// A fraction f of N rows means round(f * N) validation rows (midpoints away from zero), in both strategies.
using Experiments.Engine.Random;

namespace Experiments.ML.Data;

public sealed partial class ImageDataView
{
    /// <summary>
    /// Splits the view into training and validation parts with round(<paramref name="validationFraction"/> x RowCount)
    /// validation rows. Deterministic by <paramref name="seed"/>.
    /// </summary>
    public TrainValidationData SplitByFraction(double validationFraction, ulong seed, SplitStrategy strategy)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                $"The validation fraction must be strictly between 0 and 1; got {validationFraction}. Use e.g. 0.1 for 10% validation rows.");
        int validationCount = (int)Math.Round(validationFraction * RowCount, MidpointRounding.AwayFromZero);
        if (validationCount < 1 || validationCount >= RowCount)
            throw new DataException(
                $"A validation fraction of {validationFraction} of {RowCount} rows gives {validationCount} validation and {RowCount - validationCount} training rows; " +
                "both parts need at least one row. Use a larger view or a fraction nearer 0.5, or SplitByCount.");
        return SplitByCount(validationCount, seed, strategy);
    }

    /// <summary>
    /// Splits the view into training and validation parts with exactly <paramref name="validationCount"/> validation rows.
    /// Deterministic by <paramref name="seed"/>.
    /// </summary>
    public TrainValidationData SplitByCount(int validationCount, ulong seed, SplitStrategy strategy)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(validationCount);
        if (validationCount >= RowCount)
            throw new DataException(
                $"Asked for {validationCount} validation rows from a view of {RowCount} rows; at least one row must stay for training. " +
                $"Use a validation count below {RowCount}.");

        var isValidation = new bool[RowCount];
        var streams = new RandomStreams(seed);
        switch (strategy)
        {
            case SplitStrategy.Random:
                MarkRandom(isValidation, validationCount, streams);
                break;
            case SplitStrategy.Stratified:
                MarkStratified(isValidation, validationCount, streams);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Use SplitStrategy.Random or SplitStrategy.Stratified.");
        }

        var train = new int[RowCount - validationCount];
        var validation = new int[validationCount];
        ReadOnlySpan<int> rows = _rows.Span;
        int t = 0, v = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            if (isValidation[i]) validation[v++] = rows[i];
            else train[t++] = rows[i];
        }
        return new TrainValidationData(new ImageDataView(Store, train), new ImageDataView(Store, validation));
    }

    /// <summary>
    /// The number of validation rows each class gets when <paramref name="validationCount"/> rows are shared in
    /// proportion to <paramref name="classCounts"/> (largest remainder; ties to the lower class index).
    /// </summary>
    internal static int[] AllocateProportionally(int validationCount, ReadOnlySpan<int> classCounts)
    {
        long total = 0;
        foreach (int count in classCounts) total += count;
        var allocation = new int[classCounts.Length];
        var remainders = new long[classCounts.Length];
        int given = 0;
        for (int c = 0; c < classCounts.Length; c++)
        {
            long quota = (long)validationCount * classCounts[c];
            allocation[c] = (int)(quota / total);
            remainders[c] = quota % total;
            given += allocation[c];
        }
        // Hand the rows left over to the classes with the largest remainders, one each.
        var order = new int[classCounts.Length];
        for (int c = 0; c < order.Length; c++) order[c] = c;
        Array.Sort(order, (a, b) => remainders[a] != remainders[b] ? remainders[b].CompareTo(remainders[a]) : a.CompareTo(b));
        for (int k = 0; given < validationCount; k++, given++)
            allocation[order[k]]++;
        return allocation;
    }

    private static void MarkRandom(bool[] isValidation, int validationCount, RandomStreams streams)
    {
        int[] permutation = streams.Stream(RandomStreams.Names.Split).Permutation(isValidation.Length);
        for (int k = 0; k < validationCount; k++)
            isValidation[permutation[k]] = true;
    }

    private void MarkStratified(bool[] isValidation, int validationCount, RandomStreams streams)
    {
        int classCount = LabelType.Count;
        // Positions (view rows) of each class, in view order.
        int[] classCounts = CountRowsPerClass();
        var positions = new int[classCount][];
        var filled = new int[classCount];
        for (int c = 0; c < classCount; c++) positions[c] = new int[classCounts[c]];
        ReadOnlySpan<int> rows = _rows.Span;
        for (int i = 0; i < rows.Length; i++)
        {
            int c = Store.GetLabelUnchecked(rows[i]);
            positions[c][filled[c]++] = i;
        }

        int[] allocation = AllocateProportionally(validationCount, classCounts);
        for (int c = 0; c < classCount; c++)
        {
            if (allocation[c] == 0) continue;
            int[] permutation = streams.Stream(RandomStreams.Names.Split, c).Permutation(classCounts[c]);
            for (int k = 0; k < allocation[c]; k++)
                isValidation[positions[c][permutation[k]]] = true;
        }
    }
}
