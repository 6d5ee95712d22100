// YamlTreeReader: YAML text → YNode tree through YamlDotNet's low-level parser, so every node keeps its mark and the
// features a definition must not use are seen and rejected with their position: anchors and aliases (a value
// defined in one place and silently reused elsewhere), merge keys (<<), explicit tags (!!python/object, !custom),
// duplicate keys, several documents, and nesting deeper than MaxDepth. The file-size cap is checked by the caller.
using Experiments.Pipelines.Definitions.Binding;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Experiments.Pipelines.Definitions.Yaml;

internal sealed class YamlTreeReader
{
    /// <summary>The deepest nesting of mappings and sequences a definition may use.</summary>
    public const int MaxDepth = 32;

    private readonly IParser _parser;
    private readonly ErrorSink _errors;
    private readonly Func<Mark, SourceMark> _mark;

    private YamlTreeReader(string text, ErrorSink errors, Func<Mark, SourceMark> mark)
    {
        _parser = new Parser(new StringReader(text));
        _errors = errors;
        _mark = mark;
    }

    /// <summary>Reads one document; returns null (with errors recorded) when the text is not usable YAML.</summary>
    public static YNode? Read(string text, string source, ErrorSink errors) =>
        Read(text, errors, m => new SourceMark(source, (int)m.Line, (int)m.Column));

    /// <summary>Reads one document with a custom mapping of parser marks (used for --set values).</summary>
    public static YNode? Read(string text, ErrorSink errors, Func<Mark, SourceMark> mark)
    {
        var reader = new YamlTreeReader(text, errors, mark);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes its messages with "(Lin: .., Col: ..)"; the mark already says where.
            var message = e.Message;
            var close = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0) message = message[(close + 3)..];
            errors.Add(mark(e.Start), "", $"not valid YAML: {message}");
            return null;
        }
        catch (NestingTooDeepException e)
        {
            errors.Add(e.At, e.KeyPath, $"nesting deeper than {MaxDepth} levels of mappings and lists; a definition needs at most a handful. Check for runaway brackets or indentation.");
            return null;
        }
    }

    private YNode? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.TryConsume<StreamEnd>(out _)) return null;
        _parser.Consume<DocumentStart>();
        var root = ReadNode("", 0);
        _parser.Consume<DocumentEnd>();
        if (_parser.Current is DocumentStart second)
            _errors.Add(_mark(second.Start), "", "found a second YAML document ('---'); a definition is exactly one document. Move the runs into one file or split it into two definitions.");
        return root;
    }

    private YNode ReadNode(string path, int depth)
    {
        var current = _parser.Current ?? throw new YamlException("unexpected end of the document");
        var at = _mark(current.Start);
        if (current is AnchorAlias alias)
        {
            _parser.MoveNext();
            _errors.Add(at, path, $"found the alias '*{alias.Value}'; aliases (and anchors) are not supported, so every value is written where it applies. Repeat the value, or put shared settings under 'defaults:'.");
            return new YScalar(at, "", plain: true);
        }

        var node = (NodeEvent)current;
        if (!node.Anchor.IsEmpty)
            _errors.Add(at, path, $"found the anchor '&{node.Anchor.Value}'; anchors and aliases are not supported. Put shared settings under 'defaults:' instead.");
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
            _errors.Add(at, path, $"found the tag '{node.Tag.Value}'; tags are not supported. Remove it: every key has one type, documented in pipelines/README.md.");

        switch (current)
        {
            case Scalar scalar:
                _parser.MoveNext();
                return new YScalar(at, scalar.Value, scalar.Style == ScalarStyle.Plain);
            case SequenceStart:
            {
                _parser.MoveNext();
                CheckDepth(at, path, depth);
                var items = new List<YNode>();
                while (_parser.Current is not SequenceEnd)
                    items.Add(ReadNode($"{path}[{items.Count}]", depth + 1));
                _parser.MoveNext();
                return new YSequence(at, items);
            }
            case MappingStart:
            {
                _parser.MoveNext();
                CheckDepth(at, path, depth);
                var entries = new List<KeyValuePair<YScalar, YNode>>();
                while (_parser.Current is not MappingEnd)
                {
                    var keyNode = ReadNode(path + "{key}", depth + 1);
                    if (keyNode is not YScalar key)
                    {
                        _errors.Add(keyNode, path, $"found {keyNode.Describe()} as a key; keys are plain names such as 'epochs'.");
                        ReadNode(path, depth + 1);
                        continue;
                    }
                    var childPath = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
                    if (key.Value == "<<" && key.Plain)
                    {
                        _errors.Add(key, childPath, "found a merge key '<<'; merge keys are not supported. Write the keys out, or put shared settings under 'defaults:'.");
                        ReadNode(childPath, depth + 1);
                        continue;
                    }
                    var value = ReadNode(childPath, depth + 1);
                    var first = entries.FindIndex(e => e.Key.Value == key.Value);
                    if (first >= 0)
                    {
                        var firstMark = entries[first].Key.Mark;
                        _errors.Add(key, childPath, $"duplicate key '{key.Value}' (first written at line {firstMark.Line}, column {firstMark.Column}); YAML allows each key once per mapping. Keep one of them.");
                        continue;
                    }
                    entries.Add(new(key, value));
                }
                _parser.MoveNext();
                return new YMapping(at, entries);
            }
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private void CheckDepth(SourceMark at, string path, int depth)
    {
        if (depth >= MaxDepth)
            throw new NestingTooDeepException(at, path);
    }

    /// <summary>Nesting beyond <see cref="MaxDepth"/>: reading stops (a deeper tree cannot be a valid definition anyway).</summary>
    internal sealed class NestingTooDeepException(SourceMark at, string path) : Exception("nesting too deep")
    {
        public SourceMark At { get; } = at;
        public string KeyPath { get; } = path;
    }
}
