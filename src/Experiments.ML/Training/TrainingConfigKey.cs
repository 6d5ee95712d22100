// TrainingConfigKey: the configuration a checkpoint belongs to, as sorted canonical "key = value" entries:
// the architecture spec, the input schema, every trainer option that changes the numbers (all but Threads,
// which never changes results, and the checkpoint folder), the class count, the augmentation, and a
// fingerprint of the training and validation rows. Resuming compares the entries and names the first
// difference ("optimizer.learning_rate: checkpoint 0.01, now 0.001").
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Experiments.ML.Data;
using Experiments.ML.Models;

namespace Experiments.ML.Training;

internal static class TrainingConfigKey
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The canonical entries of one run, sorted by key (ordinal).</summary>
    public static SortedDictionary<string, string> Create(
        ArchitectureSpec spec, TrainerOptions options, InputSchema input, int classes,
        ImageDataView train, ImageDataView? validation, IBatchTransform? augmentation)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten("architecture", JsonSerializer.SerializeToNode(spec, spec.GetType(), Json), entries);
        Flatten("input", JsonSerializer.SerializeToNode(input, Json), entries);
        // Threads never change results (the engine's kernels are thread-count independent); the folder is where, not what.
        Flatten("", JsonSerializer.SerializeToNode(options with { Threads = null, CheckpointDirectory = null }, Json), entries);
        entries.Remove("threads");
        entries.Remove("checkpoint_directory");
        entries["classes"] = classes.ToString(CultureInfo.InvariantCulture);
        entries["augmentation"] = augmentation?.ToString() ?? "none";
        entries["data.train_rows"] = train.RowCount.ToString(CultureInfo.InvariantCulture);
        entries["data.train_fingerprint"] = Fingerprint(train);
        entries["data.validation_rows"] = (validation?.RowCount ?? 0).ToString(CultureInfo.InvariantCulture);
        entries["data.validation_fingerprint"] = validation is null ? "none" : Fingerprint(validation);
        return entries;
    }

    /// <summary>
    /// Null when <paramref name="saved"/> equals <paramref name="current"/>, else every differing key as
    /// "key: checkpoint X, now Y" (keys in order, at most 5 listed).
    /// </summary>
    public static string? Difference(IReadOnlyDictionary<string, string> saved, IReadOnlyDictionary<string, string> current)
    {
        var differences = new List<string>();
        foreach (string key in saved.Keys.Union(current.Keys).Order(StringComparer.Ordinal))
        {
            saved.TryGetValue(key, out string? was);
            current.TryGetValue(key, out string? now);
            if (was != now) differences.Add($"{key}: checkpoint {was ?? "(absent)"}, now {now ?? "(absent)"}");
        }
        if (differences.Count == 0) return null;
        string listed = string.Join("; ", differences.Take(5));
        return differences.Count > 5 ? $"{listed}; and {differences.Count - 5} more" : listed;
    }

    /// <summary>SHA-256 (first 16 hex digits) of the rows' labels and pixel bytes, in view order.</summary>
    private static string Fingerprint(ImageDataView view)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> label = stackalloc byte[1];
        foreach (int storeRow in view.StoreRows)
        {
            label[0] = (byte)view.Store.GetLabelUnchecked(storeRow);
            hash.AppendData(label);
            hash.AppendData(view.Store.GetPixelsUnchecked(storeRow));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static void Flatten(string prefix, JsonNode? node, IDictionary<string, string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                    Flatten(prefix.Length == 0 ? name : $"{prefix}.{name}", child, into);
                break;
            case JsonArray array:
                if (array.Count == 0) into[prefix] = "[]";
                for (int i = 0; i < array.Count; i++)
                    Flatten($"{prefix}[{i}]", array[i], into);
                break;
            case null:
                into[prefix] = "null";
                break;
            default:
                into[prefix] = node.ToJsonString(Json).Trim('"');
                break;
        }
    }
}
