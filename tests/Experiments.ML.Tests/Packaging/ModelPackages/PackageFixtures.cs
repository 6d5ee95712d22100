// PackageFixtures: model package content for tests — a preset's network with every state tensor (BatchNorm running
// statistics and num_batches_tracked included) set to seeded random values, so a swapped or dropped tensor shows —
// and zip surgery: rewrite a package's entries, optionally re-hashing the manifest so only the intended defect remains.
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Experiments.Engine.Random;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Training;

namespace Experiments.ML.Tests.Packaging.ModelPackages;

internal static class PackageFixtures
{
    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Fashion-MNIST's usual normalization, so preprocessing is not the identity.</summary>
    public static readonly InputSchema NormalizedSchema = new() { Mean = [0.2860], Std = [0.3530] };

    /// <summary>A network for <paramref name="preset"/> whose every state tensor holds seeded random values.</summary>
    public static Network RandomNetwork(string preset, ulong seed = 7) => RandomNetwork(ModelPresets.Get(preset).Spec, seed);

    public static Network RandomNetwork(ArchitectureSpec spec, ulong seed = 7)
    {
        var network = ModelFactory.Create(spec, InputShape.Mnist, 10, new RandomStreams(seed));
        var random = new RandomStream(seed ^ 0x5EED);
        foreach (var (name, tensor) in network.StateDict())
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal)) random.FillUniform(tensor.Data, 0.5f, 1.5f);
            else if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) tensor.Data[0] = 1234;
            else if (name.EndsWith("running_mean", StringComparison.Ordinal)) random.FillNormal(tensor.Data, 0f, 0.2f);
            else if (name.EndsWith(".weight", StringComparison.Ordinal) && tensor.Shape.Length == 1) random.FillUniform(tensor.Data, 0.5f, 1.5f);
        }
        network.Eval();
        return network;
    }

    public static ModelPackageContent Content(string preset, ulong seed = 7, IReadOnlyList<PackageEntry>? extra = null) => new()
    {
        Architecture = ModelPresets.Get(preset).Spec,
        InputSchema = NormalizedSchema,
        ClassNames = FashionClasses,
        Network = RandomNetwork(preset, seed),
        Training = new TrainerOptions { Epochs = 3, BatchSize = 128, Seed = seed, EarlyStopping = new EarlyStoppingOptions { Patience = 2 } },
        Seed = seed,
        Dataset = new DatasetFingerprint("fashion-mnist",
        [
            new DatasetFileFingerprint("train-images-idx3-ubyte.gz", new string('a', 64), 60000),
            new DatasetFileFingerprint("t10k-labels-idx1-ubyte.gz", new string('b', 64), 10000),
        ]),
        Metrics = new Dictionary<string, double> { ["micro_accuracy"] = 0.875, ["log_loss"] = 0.3456789012345 },
        ReportJson = Encoding.UTF8.GetBytes("{\"format\":\"report\",\"accuracy\":0.875}"),
        AdditionalEntries = extra ?? [],
    };

    /// <summary>The entries of a zip, in order.</summary>
    public static List<(string Name, byte[] Data)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return (e.FullName, m.ToArray());
        }).ToList();
    }

    /// <summary>A zip holding exactly <paramref name="entries"/>, in order (duplicates and odd names allowed).</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Data)> entries)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in entries)
            {
                using var s = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(data);
            }
        return memory.ToArray();
    }

    /// <summary>Rewrites a package: <paramref name="edit"/> changes the entry list; with <paramref name="rehash"/> the manifest's sizes and hashes are then recomputed.</summary>
    public static byte[] Rewrite(byte[] package, Action<List<(string Name, byte[] Data)>> edit, bool rehash = false)
    {
        var entries = Entries(package);
        edit(entries);
        if (rehash) Rehash(entries);
        return Zip(entries);
    }

    /// <summary>Edits manifest.json as a JSON tree.</summary>
    public static void EditManifest(List<(string Name, byte[] Data)> entries, Action<JsonObject> edit)
    {
        var i = entries.FindIndex(e => e.Name == PackageEntryNames.Manifest);
        var root = JsonNode.Parse(entries[i].Data)!.AsObject();
        edit(root);
        entries[i] = (PackageEntryNames.Manifest, Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    /// <summary>Replaces an entry's bytes.</summary>
    public static void Replace(List<(string Name, byte[] Data)> entries, string name, byte[] data)
    {
        var i = entries.FindIndex(e => e.Name == name);
        Assert.True(i >= 0, $"no entry {name}");
        entries[i] = (name, data);
    }

    private static void Rehash(List<(string Name, byte[] Data)> entries) => EditManifest(entries, root =>
    {
        var listed = root["entries"]!.AsObject();
        foreach (var (name, data) in entries)
            if (name != PackageEntryNames.Manifest && listed.ContainsKey(name))
                listed[name] = new JsonObject { ["size"] = data.LongLength, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(data)) };
    });
}
