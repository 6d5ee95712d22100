// The shell of every HTML report: doctype, charset, one inline stylesheet, no scripts, no external URLs, so the
// file opens anywhere offline and prints cleanly.
using System.Text;

namespace Experiments.Reports.Html;

/// <summary>Builds a self-contained HTML page.</summary>
internal static class HtmlPage
{
    /// <summary>Matplotlib's "tab10" palette, for series colours.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1400px;color:#222;padding:0 16px}
        h1{font-size:1.6em;margin-bottom:4px}h2{font-size:1.2em;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .sub{color:#666;margin-top:0}
        table{border-collapse:collapse;margin:8px 0;font-size:13px}
        th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
        th{background:#f4f4f4;white-space:nowrap}.scroll{overflow-x:auto;max-width:100%}td.l{min-width:9em}td.l:first-child{min-width:0}td.l,th.l{text-align:left}td b{white-space:nowrap}
        .charts{display:flex;flex-wrap:wrap;gap:16px}
        .cm td{min-width:36px;text-align:center}
        .grid{display:flex;flex-wrap:wrap;gap:6px}
        img.preview{max-width:100%;image-rendering:pixelated;border:1px solid #ccc}
        figure{margin:0;text-align:center;font-size:11px;width:84px}
        figure img{width:56px;height:56px;image-rendering:pixelated;border:1px solid #ccc;display:block;margin:0 auto}
        .note{color:#555;font-size:13px}
        .verdict{font-size:14px;margin:4px 0}
        code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
        """;

    public static string Wrap(string title, string body)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append($"<title>{Html.Escape(title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        page.Append(body);
        page.Append("\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>
    /// A table from a header row and rows of cells that are already HTML (escape before passing). Numbers are
    /// right-aligned; the first column and any cell that does not start with a number are left-aligned.
    /// </summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? cssClass = null)
    {
        var table = new StringBuilder(cssClass is null ? "<div class=\"scroll\"><table>" : $"<div class=\"scroll\"><table class=\"{cssClass}\">");
        table.Append("<thead><tr>");
        for (int i = 0; i < header.Count; i++)
            table.Append(i == 0 ? "<th class=\"l\">" : "<th>").Append(header[i]).Append("</th>");
        table.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            table.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
                table.Append(i == 0 || !LooksNumeric(row[i]) ? "<td class=\"l\">" : "<td>").Append(row[i]).Append("</td>");
            table.Append("</tr>");
        }
        return table.Append("</tbody></table></div>").ToString();
    }

    private static bool LooksNumeric(string cell) =>
        cell.Length == 0 || char.IsDigit(cell[0]) || (cell.Length > 1 && cell[0] == '-' && char.IsDigit(cell[1])) || cell is "n/a" or "—";
}
