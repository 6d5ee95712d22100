// ModelJson: strict snake_case JSON for the declarative model records: ArchitectureSpec (polymorphic by "kind":
// mlp | conv1d | conv2d), InputSchema and TrainerOptions. The same spelling is used in model package manifests.
//
// Rules: keys are snake_case; enums are snake_case strings (JsonNames); unknown keys, duplicate keys and missing
// required keys are errors (ModelJsonException with the JSON path). Required keys: "kind" of an architecture,
// "hidden" of an mlp, "blocks" of a conv1d/conv2d, "out_channels" of a block, "shape" of an input schema; every
// other key may be omitted and then takes the C# default. Writers always write every key, in a fixed order, so the
// same record gives the same bytes. Nothing here names a .NET type.
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Experiments.ML.Training;

namespace Experiments.ML.Models;

/// <summary>Reads and writes architecture specs, input schemas and trainer options as strict snake_case JSON.</summary>
public static partial class ModelJson
{
    /// <summary>Writer settings shared by every model JSON document (indented, no escaping of non-ASCII letters).</summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reader settings: no comments, no trailing commas, bounded depth.</summary>
    internal static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 32,
    };

    /// <summary>The architecture as JSON, e.g. <c>{"kind": "mlp", "hidden": [32, 32], ...}</c>.</summary>
    public static string Serialize(ArchitectureSpec spec) => Write(w => WriteArchitecture(w, spec));

    /// <summary>The input schema as JSON (<c>shape</c>, <c>dtype</c>, <c>pixel_scale</c>, <c>mean</c>, <c>std</c>).</summary>
    public static string Serialize(InputSchema schema) => Write(w => WriteInputSchema(w, schema));

    /// <summary>The trainer options as JSON.</summary>
    public static string Serialize(TrainerOptions options) => Write(w => WriteTrainerOptions(w, options));

    /// <summary>Parses an architecture spec; throws <see cref="ModelJsonException"/> with the JSON path of the first problem.</summary>
    public static ArchitectureSpec DeserializeArchitecture(string json) => Parse(json, ReadArchitecture);

    /// <summary>Parses an input schema; throws <see cref="ModelJsonException"/> with the JSON path of the first problem.</summary>
    public static InputSchema DeserializeInputSchema(string json) => Parse(json, ReadInputSchema);

    /// <summary>Parses trainer options; throws <see cref="ModelJsonException"/> with the JSON path of the first problem.</summary>
    public static TrainerOptions DeserializeTrainerOptions(string json) => Parse(json, ReadTrainerOptions);

    internal static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static T Parse<T>(string json, Func<JsonElement, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelJsonException($"$ (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})",
                $"the text is not valid JSON: {ex.Message}", ex);
        }
        using (document)
            return read(document.RootElement, "$");
    }

    // ---- input schema ------------------------------------------------------------------------------------------

    /// <summary>The only pixel dtype a package input takes today: raw bytes 0..255.</summary>
    internal const string PixelDType = "uint8";

    internal static void WriteInputSchema(Utf8JsonWriter w, InputSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        w.WriteStartObject();
        w.WriteStartArray("shape");
        w.WriteNumberValue(schema.Shape.Channels);
        w.WriteNumberValue(schema.Shape.Height);
        w.WriteNumberValue(schema.Shape.Width);
        w.WriteEndArray();
        w.WriteString("dtype", PixelDType);
        w.WriteNumber("pixel_scale", schema.PixelScale);
        WriteDoubles(w, "mean", schema.Mean);
        WriteDoubles(w, "std", schema.Std);
        w.WriteEndObject();
    }

    internal static InputSchema ReadInputSchema(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var dims = JsonFields.Array(o.Required("shape"), o.At("shape"), JsonFields.Int);
        if (dims.Count != 3 || dims.Any(d => d <= 0))
            throw new ModelJsonException(o.At("shape"), $"expected three positive dimensions [channels, height, width]; found [{string.Join(", ", dims)}].");
        var dtype = o.OptionalString("dtype") ?? PixelDType;
        if (dtype != PixelDType)
            throw new ModelJsonException(o.At("dtype"), $"expected \"{PixelDType}\" (raw pixels 0..255), the only input dtype of format version 1; found \"{dtype}\".");
        var defaults = new InputSchema();
        var schema = new InputSchema
        {
            Shape = new InputShape(dims[0], dims[1], dims[2]),
            PixelScale = o.Double("pixel_scale", defaults.PixelScale),
            Mean = o.Optional("mean") is { } m ? JsonFields.Array(m, o.At("mean"), JsonFields.Double) : defaults.Mean,
            Std = o.Optional("std") is { } s ? JsonFields.Array(s, o.At("std"), JsonFields.Double) : defaults.Std,
        };
        o.Finish();
        if (schema.Mean.Count != schema.Shape.Channels || schema.Std.Count != schema.Shape.Channels)
            throw new ModelJsonException(path, $"expected one mean and one std per channel ({schema.Shape.Channels}); found {schema.Mean.Count} means and {schema.Std.Count} stds.");
        for (var i = 0; i < schema.Std.Count; i++)
            if (!(schema.Std[i] > 0))
                throw new ModelJsonException($"{o.At("std")}[{i}]", $"expected a positive standard deviation; found {schema.Std[i]}.");
        if (!(schema.PixelScale > 0))
            throw new ModelJsonException(o.At("pixel_scale"), $"expected a positive pixel scale (1/255 maps bytes to [0, 1]); found {schema.PixelScale}.");
        return schema;
    }

    // ---- shared helpers ----------------------------------------------------------------------------------------

    internal static void WriteDoubles(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    internal static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    internal static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    internal static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
