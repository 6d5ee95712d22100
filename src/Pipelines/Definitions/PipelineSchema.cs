// PipelineSchema: the JSON Schema (draft 2020-12) of pipeline definitions, generated from the same section specs and
// registries the loader validates with; committed as pipelines/schema/pipeline.schema.json so editors (YAML
// Language Server: `# yaml-language-server: $schema=schema/pipeline.schema.json`) complete and check definitions.
// The loader stays the authority: some rules (unique run names, per-channel counts, architecture fit) need more
// than a schema can say.
using System.Text.Json;
using System.Text.Json.Nodes;
using Experiments.Pipelines.Definitions.Binding;

namespace Experiments.Pipelines.Definitions;

/// <summary>Generates the JSON Schema of pipeline definitions.</summary>
public static class PipelineSchema
{
    /// <summary>Where the schema is committed, relative to the repository root.</summary>
    public const string RepositoryPath = "pipelines/schema/pipeline.schema.json";

    /// <summary>The schema as indented JSON text with a trailing newline (the committed file's exact content).</summary>
    public static string Generate()
    {
        var defs = new JsonObject();
        foreach (var section in Sections.All.Skip(1)) defs[section.Name] = Object(section);
        foreach (var kind in AugmentationBinder.Kinds.Entries) defs[kind.Name] = Object(kind.Value.Section);

        var schema = Object(Sections.Root);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "Experiments pipeline definition",
        };
        foreach (var (key, value) in schema) root[key] = value?.DeepClone();
        root["anyOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray("runs") }, new JsonObject { ["required"] = new JsonArray("matrix") });
        root["$defs"] = defs;
        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.Replace("\r\n", "\n") + "\n";
    }

    private static JsonObject Object(SectionSpec section)
    {
        var properties = new JsonObject();
        foreach (var field in section.Fields)
        {
            var value = section.Kind is not null && field.Name == "kind"
                ? new JsonObject { ["const"] = section.Kind }
                : Value(field);
            var description = field.Description + (field.OnlyFor is { } only ? $" (only for {string.Join(", ", only)})" : "")
                + (field.Default is { } d ? $". Default: {d}." : ".");
            value["description"] = description;
            properties[field.Name] = value;
        }
        var obj = new JsonObject
        {
            ["type"] = "object",
            ["description"] = section.Description,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        var required = section.Fields.Where(f => f.Required || (section.Kind is not null && f.Name == "kind")).Select(f => (JsonNode)f.Name!).ToArray();
        if (required.Length > 0) obj["required"] = new JsonArray(required);
        return obj;
    }

    private static JsonObject Number(FieldSpec f, string type = "number")
    {
        var o = new JsonObject { ["type"] = f.Nullable ? new JsonArray(type, "null") : type };
        if (f.Min is { } min) o[f.ExclusiveMin ? "exclusiveMinimum" : "minimum"] = min;
        if (f.Max is { } max) o[f.ExclusiveMax ? "exclusiveMaximum" : "maximum"] = max;
        return o;
    }

    private static JsonObject Array(JsonObject items, int? min = null, int? max = null)
    {
        var o = new JsonObject { ["type"] = "array", ["items"] = items };
        if (min is { } lo) o["minItems"] = lo;
        if (max is { } hi) o["maxItems"] = hi;
        return o;
    }

    private static JsonObject OneOf(params JsonObject[] options) => new() { ["oneOf"] = new JsonArray(options) };

    private static JsonObject Value(FieldSpec f) => f.Shape switch
    {
        ValueShape.Integer => Number(f, "integer"),
        ValueShape.Number => Number(f),
        ValueShape.Flag => new JsonObject { ["type"] = "boolean" },
        ValueShape.Text => new JsonObject { ["type"] = "string" },
        ValueShape.Choice => new JsonObject { ["enum"] = new JsonArray(f.Choices!.Select(c => (JsonNode)c!).ToArray()) },
        ValueShape.NumberOrList => OneOf(Number(f), Array(Number(f), 1)),
        ValueShape.NumberOrRange => OneOf(Number(f), Array(Number(f), 2, 2)),
        ValueShape.Range or ValueShape.NumberPair => Array(Number(f), 2, 2),
        ValueShape.IntegerList => Array(Number(f, "integer")),
        ValueShape.IntegerOrPair => OneOf(Number(f, "integer"), Array(Number(f, "integer"), 2, 2)),
        ValueShape.Shear => OneOf(Number(f), Array(Number(f), 2, 2), Array(Number(f), 4, 4)),
        ValueShape.Custom => f.Schema!(),
        _ => throw new ArgumentOutOfRangeException(nameof(f), f.Shape.ToString(), "unknown value shape"),
    };
}
