// TensorAssert: the shared closeness check, |actual − expected| <= atol + rtol·|expected| element-wise,
// failing with the first mismatches (index, expected, actual, difference) and the max difference.
using System.Globalization;
using System.Text;

namespace Experiments.Engine.Tests.Testing;

public static class TensorAssert
{
    private const int MismatchesShown = 8;

    /// <summary>Asserts equal shapes and |actual − expected| &lt;= atol + rtol·|expected| everywhere; NaN matches only NaN.</summary>
    public static void Close(ReadOnlySpan<int> expectedShape, ReadOnlySpan<float> expected, Tensor actual, double atol, double rtol, string what)
    {
        if (!actual.Shape.SequenceEqual(expectedShape))
            Assert.Fail($"{what}: shape {actual.ShapeString}, expected {Tensor.FormatShape(expectedShape)}.");
        Close(expected, actual.Data, atol, rtol, what, expectedShape);
    }

    /// <summary>Asserts two equally long spans are close (see the class summary).</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol, double rtol, string what, ReadOnlySpan<int> shape = default)
    {
        if (expected.Length != actual.Length)
            Assert.Fail($"{what}: {actual.Length} values, expected {expected.Length}.");
        var report = new StringBuilder();
        int mismatches = 0, worst = -1;
        double maxDiff = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(a) : Math.Abs(a - e) <= atol + rtol * Math.Abs(e);
            double diff = double.IsNaN(e) || double.IsNaN(a) ? double.PositiveInfinity : Math.Abs(a - e);
            if (diff > maxDiff || worst < 0) { maxDiff = Math.Max(maxDiff, diff); worst = diff >= maxDiff ? i : worst; }
            if (ok) continue;
            if (mismatches++ < MismatchesShown)
                report.AppendLine(CultureInfo.InvariantCulture, $"  at {Index(i, shape)}: expected {e:R}, actual {a:R}, |diff| {Math.Abs(a - e):G3}, allowed {atol + rtol * Math.Abs(e):G3}");
        }
        if (mismatches > 0)
            Assert.Fail($"{what}: {mismatches} of {expected.Length} values differ beyond atol {atol:G3} + rtol {rtol:G3}·|expected| " +
                        $"(max |diff| {maxDiff:G3} at {Index(worst, shape)}). First mismatches:{Environment.NewLine}{report}");
    }

    /// <summary>Asserts bit-identical floats (for determinism and exact SIMD/scalar twins).</summary>
    public static void BitEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        if (expected.Length != actual.Length)
            Assert.Fail($"{what}: {actual.Length} values, expected {expected.Length}.");
        var report = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i])) continue;
            if (mismatches++ < MismatchesShown)
                report.AppendLine(CultureInfo.InvariantCulture, $"  at [{i}]: expected {expected[i]:R}, actual {actual[i]:R}");
        }
        if (mismatches > 0)
            Assert.Fail($"{what}: {mismatches} of {expected.Length} values are not bit-identical. First mismatches:{Environment.NewLine}{report}");
    }

    private static string Index(int flat, ReadOnlySpan<int> shape)
    {
        if (flat < 0) return "-";
        if (shape.Length <= 1) return $"[{flat}]";
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return "[" + string.Join(", ", idx) + "]";
    }
}
