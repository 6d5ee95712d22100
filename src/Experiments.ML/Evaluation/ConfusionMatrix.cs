// The confusion matrix of a multiclass evaluation, with ML.NET's member names
// (Microsoft.ML.Data.ConfusionMatrix: Counts, PerClassPrecision, PerClassRecall, NumberOfClasses,
// GetCountForClassPair, GetFormattedConfusionTable). Counts are whole rows, so they are long, not double.
using System.Globalization;
using System.Text;

namespace Experiments.ML.Evaluation;

/// <summary>
/// Counts of true class (rows) versus predicted class (columns), shape (K, K), with per-class
/// precision and recall. Like ML.NET, a class never predicted has precision 0 and a class absent
/// from the labels has recall 0 (scikit-learn's <c>zero_division=0</c>).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts; // (K, K) [true, predicted]

    internal ConfusionMatrix(long[,] counts, IReadOnlyList<string> classNames)
    {
        _counts = counts;
        NumberOfClasses = counts.GetLength(0);
        ClassNames = classNames;

        var precision = new double[NumberOfClasses];
        var recall = new double[NumberOfClasses];
        var rows = new IReadOnlyList<long>[NumberOfClasses];
        for (int c = 0; c < NumberOfClasses; c++)
        {
            long truePositives = counts[c, c];
            long predictedAsC = 0, actuallyC = 0;
            var row = new long[NumberOfClasses];
            for (int other = 0; other < NumberOfClasses; other++)
            {
                predictedAsC += counts[other, c];
                actuallyC += counts[c, other];
                row[other] = counts[c, other];
            }
            precision[c] = predictedAsC > 0 ? (double)truePositives / predictedAsC : 0;
            recall[c] = actuallyC > 0 ? (double)truePositives / actuallyC : 0;
            rows[c] = Array.AsReadOnly(row);
        }
        PerClassPrecision = Array.AsReadOnly(precision);
        PerClassRecall = Array.AsReadOnly(recall);
        Counts = Array.AsReadOnly(rows);
    }

    /// <summary>K, the number of classes (rows and columns).</summary>
    public int NumberOfClasses { get; }

    /// <summary>Class names, one per class index (the index as text when none were given).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Counts[true][predicted]: rows are true classes, columns predicted classes.</summary>
    public IReadOnlyList<IReadOnlyList<long>> Counts { get; }

    /// <summary>TP / (TP + FP) per class: diagonal over column sum, 0 when the class is never predicted.</summary>
    public IReadOnlyList<double> PerClassPrecision { get; }

    /// <summary>TP / (TP + FN) per class: diagonal over row sum, 0 when the class is absent from the labels.</summary>
    public IReadOnlyList<double> PerClassRecall { get; }

    /// <summary>Number of rows with true class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    public long GetCount(int trueClass, int predictedClass)
    {
        CheckClass(trueClass, nameof(trueClass));
        CheckClass(predictedClass, nameof(predictedClass));
        return _counts[trueClass, predictedClass];
    }

    /// <summary>
    /// Renders the table in the layout of ML.NET's <c>GetFormattedConfusionTable</c>: a header of
    /// predicted classes, one row per true class ending in its recall, and a final precision row.
    /// With short names the layout is ML.NET's for K > 2 (label column 9 wide, cells 6 wide, 8 '=' per class);
    /// unlike ML.NET, columns widen to fit a longer class name or count instead of truncating, and counts have
    /// no thousands separators. Numbers use the invariant culture.
    /// </summary>
    public string GetFormattedConfusionTable()
    {
        int labelWidth = Math.Max("PREDICTED".Length, ClassNames.Max(n => n.Length));
        long maxCount = 0;
        foreach (long count in _counts)
            maxCount = Math.Max(maxCount, count);
        int cellWidth = Math.Max(6, Math.Max(ClassNames.Max(n => n.Length), maxCount.ToString(CultureInfo.InvariantCulture).Length));
        string rule = new('=', NumberOfClasses * (cellWidth + 2));
        string blank = new(' ', labelWidth);

        var text = new StringBuilder();
        text.AppendLine("Confusion table");
        text.Append(blank).Append(" ||").AppendLine(rule);
        text.Append("PREDICTED".PadRight(labelWidth)).Append(" ||");
        foreach (string name in ClassNames)
            text.Append(name.PadLeft(cellWidth)).Append(" |");
        text.AppendLine(" Recall");
        text.Append("TRUTH".PadRight(labelWidth)).Append(" ||").AppendLine(rule);
        for (int t = 0; t < NumberOfClasses; t++)
        {
            text.Append(ClassNames[t].PadLeft(labelWidth)).Append(" ||");
            for (int p = 0; p < NumberOfClasses; p++)
                text.Append(_counts[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(cellWidth)).Append(" |");
            text.Append(' ').AppendLine(PerClassRecall[t].ToString("F4", CultureInfo.InvariantCulture));
        }
        text.Append(blank).Append(" ||").AppendLine(rule);
        text.Append("Precision".PadRight(labelWidth)).Append(" ||");
        foreach (double precision in PerClassPrecision)
            text.Append(precision.ToString("F4", CultureInfo.InvariantCulture).PadLeft(cellWidth)).Append(" |");
        text.AppendLine();
        return text.ToString();
    }

    private void CheckClass(int value, string name)
    {
        if ((uint)value >= (uint)NumberOfClasses)
            throw new ArgumentOutOfRangeException(name, value, $"Class index must be in 0..{NumberOfClasses - 1}.");
    }
}
