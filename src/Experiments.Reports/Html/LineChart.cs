// Line charts as inline SVG (learning curves): linear axes with "nice" ticks (1, 2, 5 × 10^k steps), grid lines,
// axis titles, one polyline per series with point markers, and a legend. The markup is well-formed XML (the tests
// parse it) and needs no script or stylesheet.
using System.Globalization;
using System.Text;

namespace Experiments.Reports.Html;

/// <summary>One line: a name for the legend, a colour, a dash pattern (null = solid) and (x, y) points; null y values are gaps.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double? Y)> Points, string? Dash = null);

/// <summary>Renders line charts as SVG.</summary>
public static class LineChart
{
    private const int Width = 560, Height = 300;
    private const int Left = 60, Right = 16, Top = 16, Bottom = 44;

    /// <summary>An SVG element with the series, axes, ticks, titles and a legend; an "no data" note when every series is empty.</summary>
    public static string Render(string title, string xTitle, string yTitle, IReadOnlyList<ChartSeries> series, bool integerX = true)
    {
        var points = series.SelectMany(s => s.Points).Where(p => p.Y is double y && double.IsFinite(y) && double.IsFinite(p.X)).ToArray();
        var svg = new StringBuilder();
        int legendHeight = 18 * ((series.Count + 1) / 2) + 6;
        int totalHeight = Height + legendHeight;
        svg.Append($"<svg class=\"chart\" role=\"img\" width=\"{Width}\" height=\"{totalHeight}\" viewBox=\"0 0 {Width} {totalHeight}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append($"<title>{Html.Escape(title)}</title>");
        if (points.Length == 0)
        {
            svg.Append($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">No data for {Html.Escape(title)}</text></svg>");
            return svg.ToString();
        }

        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        double yMin = points.Min(p => p.Y!.Value), yMax = points.Max(p => p.Y!.Value);
        if (xMax == xMin) { xMin -= 1; xMax += 1; }
        if (yMax == yMin) { double pad = Math.Abs(yMin) * 0.05 + 0.01; yMin -= pad; yMax += pad; }
        var yTicks = NiceTicks(yMin, yMax, 6);
        yMin = Math.Min(yMin, yTicks[0]); yMax = Math.Max(yMax, yTicks[^1]);
        var xTicks = integerX ? IntegerTicks(xMin, xMax, 10) : NiceTicks(xMin, xMax, 8);

        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double X(double x) => Left + (x - xMin) / (xMax - xMin) * plotW;
        double Y(double y) => Top + (1 - (y - yMin) / (yMax - yMin)) * plotH;

        svg.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{N(plotW)}\" height=\"{N(plotH)}\" fill=\"#fff\" stroke=\"#999\"/>");
        foreach (double t in yTicks)
        {
            double y = Y(t);
            svg.Append($"<line x1=\"{Left}\" y1=\"{N(y)}\" x2=\"{N(Left + plotW)}\" y2=\"{N(y)}\" stroke=\"#e4e4e4\"/>");
            svg.Append($"<line x1=\"{Left - 4}\" y1=\"{N(y)}\" x2=\"{Left}\" y2=\"{N(y)}\" stroke=\"#333\"/>");
            svg.Append($"<text x=\"{Left - 6}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{TickLabel(t, yTicks)}</text>");
        }
        foreach (double t in xTicks)
        {
            double x = X(t);
            svg.Append($"<line x1=\"{N(x)}\" y1=\"{N(Top + plotH)}\" x2=\"{N(x)}\" y2=\"{N(Top + plotH + 4)}\" stroke=\"#333\"/>");
            svg.Append($"<text x=\"{N(x)}\" y=\"{N(Top + plotH + 16)}\" text-anchor=\"middle\">{TickLabel(t, xTicks)}</text>");
        }
        svg.Append($"<text x=\"{N(Left + plotW / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Html.Escape(xTitle)}</text>");
        svg.Append($"<text transform=\"translate(14 {N(Top + plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{Html.Escape(yTitle)}</text>");

        foreach (var s in series)
        {
            string dash = s.Dash is null ? "" : $" stroke-dasharray=\"{Html.Escape(s.Dash)}\"";
            foreach (var segment in Segments(s.Points))
            {
                if (segment.Count > 1)
                {
                    string path = string.Join(" ", segment.Select(p => $"{N(X(p.X))},{N(Y(p.Y))}"));
                    svg.Append($"<polyline fill=\"none\" stroke=\"{Html.Escape(s.Color)}\" stroke-width=\"2\"{dash} points=\"{path}\"/>");
                }
                foreach (var p in segment)
                    svg.Append($"<circle cx=\"{N(X(p.X))}\" cy=\"{N(Y(p.Y))}\" r=\"2.5\" fill=\"{Html.Escape(s.Color)}\"><title>{Html.Escape(s.Name)}: {N(p.X)}, {p.Y.ToString("G5", CultureInfo.InvariantCulture)}</title></circle>");
            }
        }

        for (int i = 0; i < series.Count; i++)
        {
            double lx = Left + (i % 2) * (plotW / 2), ly = Height + 4 + (i / 2) * 18;
            string dash = series[i].Dash is null ? "" : $" stroke-dasharray=\"{Html.Escape(series[i].Dash)}\"";
            svg.Append($"<line x1=\"{N(lx)}\" y1=\"{N(ly + 6)}\" x2=\"{N(lx + 24)}\" y2=\"{N(ly + 6)}\" stroke=\"{Html.Escape(series[i].Color)}\" stroke-width=\"2\"{dash}/>");
            svg.Append($"<text x=\"{N(lx + 30)}\" y=\"{N(ly + 10)}\">{Html.Escape(series[i].Name)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Ticks at 1, 2 or 5 × 10^k steps covering [min, max] with at most about <paramref name="maxTicks"/> ticks.</summary>
    public static double[] NiceTicks(double min, double max, int maxTicks)
    {
        double raw = (max - min) / Math.Max(1, maxTicks - 1);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        double start = Math.Floor(min / step) * step, end = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (int i = 0; start + i * step <= end + step * 1e-9; i++)
            ticks.Add(Math.Round(start + i * step, 12));
        return ticks.ToArray();
    }

    private static double[] IntegerTicks(double min, double max, int maxTicks)
    {
        int lo = (int)Math.Ceiling(min), hi = (int)Math.Floor(max);
        int step = Math.Max(1, (int)Math.Ceiling((hi - lo + 1) / (double)maxTicks));
        var ticks = new List<double>();
        for (int t = lo; t <= hi; t += step) ticks.Add(t);
        return ticks.ToArray();
    }

    private static IEnumerable<List<(double X, double Y)>> Segments(IReadOnlyList<(double X, double? Y)> points)
    {
        var current = new List<(double X, double Y)>();
        foreach (var (x, y) in points)
        {
            if (y is double v && double.IsFinite(v) && double.IsFinite(x))
                current.Add((x, v));
            else if (current.Count > 0)
            {
                yield return current;
                current = [];
            }
        }
        if (current.Count > 0) yield return current;
    }

    private static string TickLabel(double value, double[] ticks)
    {
        double step = ticks.Length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step) - 1e-9), 0, 6);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
