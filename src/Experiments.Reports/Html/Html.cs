// HTML escaping: every string that reaches report.html or comparison.html goes through Html.Escape (text and
// attribute values alike), so run names, class names and settings cannot inject markup.
using System.Text;

namespace Experiments.Reports.Html;

/// <summary>HTML/XML escaping.</summary>
public static class Html
{
    /// <summary>Escapes &amp;, &lt;, &gt;, " and ' (safe in text and in quoted attributes, also as XML); drops control characters XML forbids.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var result = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '"': result.Append("&quot;"); break;
                case '\'': result.Append("&#39;"); break;
                default:
                    if (c < 0x20 && c is not ('\t' or '\n' or '\r'))
                        result.Append('\uFFFD');
                    else
                        result.Append(c);
                    break;
            }
        }
        return result.ToString();
    }
}
