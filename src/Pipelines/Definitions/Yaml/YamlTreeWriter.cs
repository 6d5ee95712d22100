// YamlTreeWriter: writes a definition tree back as block-style YAML (the resolved definition saved with every
// pipeline run). Plain scalars stay plain when they read back as the same plain value; everything else is
// double-quoted, so the output parses to the same tree under this loader's rules.
using System.Text;

namespace Experiments.Pipelines.Definitions.Yaml;

internal static class YamlTreeWriter
{
    public static string Write(YNode root)
    {
        var sb = new StringBuilder();
        Write(sb, root, 0, inline: false);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, YNode node, int indent, bool inline)
    {
        switch (node)
        {
            case YScalar s:
                sb.Append(Scalar(s)).Append('\n');
                break;
            case YSequence { Items.Count: 0 }:
                sb.Append("[]\n");
                break;
            case YMapping { Entries.Count: 0 }:
                sb.Append("{}\n");
                break;
            case YSequence seq when seq.Items.All(i => i is YScalar):
                sb.Append('[').Append(string.Join(", ", seq.Items.Select(i => Scalar((YScalar)i)))).Append("]\n");
                break;
            case YSequence seq:
                if (inline) sb.Append('\n');
                foreach (var item in seq.Items)
                {
                    sb.Append(' ', indent).Append("- ");
                    if (item is YMapping { Entries.Count: > 0 } m) WriteEntries(sb, m, indent + 2, firstInline: true);
                    else Write(sb, item, indent + 2, inline: true);
                }
                break;
            case YMapping map:
                if (inline) sb.Append('\n');
                WriteEntries(sb, map, indent, firstInline: false);
                break;
        }
    }

    private static void WriteEntries(StringBuilder sb, YMapping map, int indent, bool firstInline)
    {
        var first = true;
        foreach (var (key, value) in map.Entries)
        {
            if (!(first && firstInline)) sb.Append(' ', indent);
            first = false;
            sb.Append(Scalar(key)).Append(':');
            if (value is YMapping { Entries.Count: > 0 } or YSequence { Items.Count: > 0 } && !(value is YSequence seq && seq.Items.All(i => i is YScalar)))
                Write(sb, value, indent + 2, inline: true);
            else
            {
                sb.Append(' ');
                Write(sb, value, indent + 2, inline: false);
            }
        }
    }

    private static string Scalar(YScalar s)
    {
        if (s.Plain && IsSafePlain(s.Value)) return s.Value.Length == 0 ? "null" : s.Value;
        var sb = new StringBuilder("\"");
        foreach (var c in s.Value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static bool IsSafePlain(string v) =>
        v.Length == 0 || (!char.IsWhiteSpace(v[0]) && !char.IsWhiteSpace(v[^1])
            && "-?:,[]{}#&*!|>'\"%@`".IndexOf(v[0]) < 0 && !v.Contains(": ") && !v.Contains(" #")
            && v.All(c => !char.IsControl(c) && c is not (',' or '[' or ']' or '{' or '}'))
            && !v.EndsWith(':'))
        || (v[0] == '-' && v.Length > 1 && (char.IsAsciiDigit(v[1]) || v[1] == '.') && v.Skip(1).All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+'));
}
