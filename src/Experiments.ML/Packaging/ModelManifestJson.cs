// ModelManifestJson: manifest.json of a model package, written and read with the strict rules of ModelJson
// (snake_case keys, unknown and duplicate keys are errors, enums as strings).
//
//   { "format": "experiments.model", "format_version": 1, "library_version": "0.1.0+…",
//     ["created_at": "2026-12-04T18:00:00+00:00",]   (only when the content gives one)
//     "architecture": {...}, "input_schema": {...}, "class_names": [...], "seed": 42,
//     "training": {...} | null, "dataset": {"name", "digest", "files": [{"file_name", "payload_sha256", "rows"}]} | null,
//     "metrics": {"micro_accuracy": 0.9, ...} | null,
//     "entries": {"weights.safetensors": {"size": N, "sha256": "…"}, ...} }
//
// The format name and version are checked first, so a newer manifest is refused with a version hint before any of
// its (possibly new) keys is looked at.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Models;

namespace Experiments.ML.Packaging;

/// <summary>Serializes <see cref="ModelManifest"/> to and from manifest.json.</summary>
internal static class ModelManifestJson
{
    public const string EntryName = "manifest.json";

    public static byte[] Write(ModelManifest m)
    {
        var json = ModelJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", m.Format);
            w.WriteNumber("format_version", m.FormatVersion);
            w.WriteString("library_version", m.LibraryVersion);
            if (m.CreatedAt is { } created) w.WriteString("created_at", created.ToString("O", CultureInfo.InvariantCulture));
            w.WritePropertyName("architecture");
            ModelJson.WriteArchitecture(w, m.Architecture);
            w.WritePropertyName("input_schema");
            ModelJson.WriteInputSchema(w, m.InputSchema);
            w.WriteStartArray("class_names");
            foreach (var name in m.ClassNames) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteNumber("seed", m.Seed);
            w.WritePropertyName("training");
            if (m.Training is { } training) ModelJson.WriteTrainerOptions(w, training);
            else w.WriteNullValue();
            w.WritePropertyName("dataset");
            if (m.Dataset is { } dataset) WriteDataset(w, dataset);
            else w.WriteNullValue();
            w.WritePropertyName("metrics");
            if (m.Metrics is { } metrics)
            {
                w.WriteStartObject();
                foreach (var (name, value) in metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!double.IsFinite(value))
                        throw new ModelPackageException($"metric '{name}' is {value}; JSON holds finite numbers only — drop the metric or pass a finite value", EntryName);
                    w.WriteNumber(name, value);
                }
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }
            w.WriteStartObject("entries");
            foreach (var (name, entry) in m.Entries.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(name);
                w.WriteNumber("size", entry.Size);
                w.WriteString("sha256", entry.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return Encoding.UTF8.GetBytes(json + "\n");
    }

    public static ModelManifest Read(byte[] bytes, string? source)
    {
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return ModelJson.Parse(text, Read);
        }
        catch (ModelJsonException ex)
        {
            throw new ModelPackageException(
                $"the manifest does not match format {ModelManifest.FormatName} version {ModelManifest.CurrentFormatVersion}: {ex.Message}",
                EntryName, source, ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ModelPackageException("the manifest is not valid UTF-8; re-export the model", EntryName, source, ex);
        }
    }

    private static ModelManifest Read(JsonElement root, string path)
    {
        var o = new JsonFields(root, path);
        var format = o.String("format");
        if (format != ModelManifest.FormatName)
            throw new ModelJsonException(o.At("format"), $"expected \"{ModelManifest.FormatName}\"; found \"{format}\". This zip is not an Experiments model package.");
        var version = o.Int("format_version");
        if (version != ModelManifest.CurrentFormatVersion)
            throw new ModelJsonException(o.At("format_version"), version > ModelManifest.CurrentFormatVersion
                ? $"format version {version} is newer than this library reads (up to {ModelManifest.CurrentFormatVersion}); update Experiments.ML, or re-export the model with format version {ModelManifest.CurrentFormatVersion}."
                : $"format version {version} is unknown; this library reads version {ModelManifest.CurrentFormatVersion}. Re-export the model with format version {ModelManifest.CurrentFormatVersion}.");
        DateTimeOffset? created = null;
        if (o.OptionalString("created_at") is { } createdText)
            created = DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var c)
                ? c
                : throw new ModelJsonException(o.At("created_at"), $"expected an ISO 8601 timestamp; found \"{createdText}\".");
        var manifest = new ModelManifest
        {
            Format = format,
            FormatVersion = version,
            LibraryVersion = o.String("library_version"),
            CreatedAt = created,
            Architecture = ModelJson.ReadArchitecture(o.Required("architecture"), o.At("architecture")),
            InputSchema = ModelJson.ReadInputSchema(o.Required("input_schema"), o.At("input_schema")),
            ClassNames = JsonFields.Array(o.Required("class_names"), o.At("class_names"), JsonFields.String),
            Seed = o.ULong("seed"),
            Training = o.Optional("training") is { } t ? ModelJson.ReadTrainerOptions(t, o.At("training")) : null,
            Dataset = o.Optional("dataset") is { } d ? ReadDataset(d, o.At("dataset")) : null,
            Metrics = o.Optional("metrics") is { } metrics ? ReadMetrics(metrics, o.At("metrics")) : null,
            Entries = ReadEntries(o.Required("entries"), o.At("entries")),
        };
        o.Finish();
        if (manifest.ClassNames.Count < 2)
            throw new ModelJsonException(o.At("class_names"), $"expected at least 2 class names; found {manifest.ClassNames.Count}.");
        return manifest;
    }

    private static void WriteDataset(Utf8JsonWriter w, DatasetFingerprint dataset)
    {
        w.WriteStartObject();
        w.WriteString("name", dataset.Name);
        w.WriteString("digest", dataset.Digest);
        w.WriteStartArray("files");
        foreach (var f in dataset.Files)
        {
            w.WriteStartObject();
            w.WriteString("file_name", f.FileName);
            w.WriteString("payload_sha256", f.PayloadSha256);
            w.WriteNumber("rows", f.Rows);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static DatasetFingerprint ReadDataset(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var dataset = new DatasetFingerprint(o.String("name"), JsonFields.Array(o.Required("files"), o.At("files"), (e, p) =>
        {
            var f = new JsonFields(e, p);
            var file = new DatasetFileFingerprint(f.String("file_name"), f.String("payload_sha256"), f.Int("rows"));
            f.Finish();
            return file;
        }));
        var digest = o.String("digest");
        o.Finish();
        if (digest != dataset.Digest)
            throw new ModelJsonException(o.At("digest"), $"expected {dataset.Digest} (computed from the files listed); found {digest}. The dataset record was edited; re-export the model.");
        return dataset;
    }

    private static IReadOnlyDictionary<string, double> ReadMetrics(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            metrics[property.Name] = o.Double(property.Name);
        o.Finish();
        return metrics;
    }

    private static IReadOnlyDictionary<string, ManifestEntry> ReadEntries(JsonElement element, string path)
    {
        var o = new JsonFields(element, path);
        var entries = new SortedDictionary<string, ManifestEntry>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var e = new JsonFields(o.Required(property.Name), o.At(property.Name));
            var size = e.ULong("size");
            var sha = e.String("sha256");
            e.Finish();
            if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
                throw new ModelJsonException(e.At("sha256"), $"expected 64 lowercase hex digits; found \"{sha}\".");
            if (size > long.MaxValue)
                throw new ModelJsonException(e.At("size"), $"the size {size} is out of range.");
            entries[property.Name] = new ManifestEntry((long)size, sha);
        }
        o.Finish();
        return entries;
    }
}
