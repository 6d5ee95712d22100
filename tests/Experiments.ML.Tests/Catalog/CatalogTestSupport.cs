// Test support for the catalog tests: a capturing logger, and small synthetic MNIST-like datasets
// (1x2x2 images, 3 train / 2 test samples) whose hashes are computed from the bytes generated here.
using System.IO.Compression;
using System.Security.Cryptography;
using Experiments.ML.Data.Catalog;
using Microsoft.Extensions.Logging;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Catalog;

internal sealed class CapturingLogger : ILogger
{
    private readonly object _gate = new();
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
            Entries.Add((logLevel, formatter(state, exception)));
    }

    public string Dump() { lock (_gate) return string.Join("\n", Entries.Select(e => $"{e.Level}: {e.Message}")); }
}

internal sealed class SyntheticDataset
{
    public static readonly ImageShape Shape = new(1, 2, 2);
    public const int TrainCount = 3;
    public const int TestCount = 2;

    private SyntheticDataset(DatasetEntry entry, Dictionary<DatasetFileRole, byte[]> raw, Dictionary<DatasetFileRole, byte[]> gz)
    {
        Entry = entry;
        Raw = raw;
        Gz = gz;
    }

    public DatasetEntry Entry { get; }
    public IReadOnlyDictionary<DatasetFileRole, byte[]> Raw { get; }
    public IReadOnlyDictionary<DatasetFileRole, byte[]> Gz { get; }

    /// <summary>A dataset with seeded content; payload hashes are put into the entry only when asked.</summary>
    public static SyntheticDataset Create(string name = "tiny", int seed = 1, bool withPayloadHashes = true, IReadOnlyList<Uri>? mirrors = null, string? debianPackage = null)
    {
        var random = new System.Random(seed);
        var raw = new Dictionary<DatasetFileRole, byte[]>
        {
            [DatasetFileRole.TrainImages] = Images(TrainCount, random),
            [DatasetFileRole.TrainLabels] = Labels(TrainCount, random),
            [DatasetFileRole.TestImages] = Images(TestCount, random),
            [DatasetFileRole.TestLabels] = Labels(TestCount, random),
        };
        var gz = raw.ToDictionary(p => p.Key, p => Gzip(p.Value));
        string[] names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
        var files = Enum.GetValues<DatasetFileRole>().Select(role => new DatasetFile(
            role, names[(int)role], Md5(gz[role]), withPayloadHashes ? Sha256(raw[role]) : null, raw[role].Length)).ToArray();
        var entry = new DatasetEntry(name, "Tiny " + name, Shape, TrainCount, TestCount,
            ["a", "b", "c"], files, mirrors ?? [], debianPackage);
        return new SyntheticDataset(entry, raw, gz);
    }

    public string FileName(DatasetFileRole role, bool gz) => gz ? Entry[role].FileName : Entry[role].RawFileName;

    public void WriteAll(string folder, bool gz = true)
    {
        foreach (var role in Enum.GetValues<DatasetFileRole>())
            Write(folder, role, gz);
    }

    public string Write(string folder, DatasetFileRole role, bool gz = true)
    {
        string path = System.IO.Path.Combine(folder, FileName(role, gz));
        File.WriteAllBytes(path, gz ? Gz[role] : Raw[role]);
        return path;
    }

    public static byte[] Images(int n, System.Random random)
    {
        var bytes = new byte[16 + n * Shape.Size];
        bytes[2] = 0x08; bytes[3] = 3;
        BigEndian(bytes, 4, n); BigEndian(bytes, 8, Shape.Height); BigEndian(bytes, 12, Shape.Width);
        random.NextBytes(bytes.AsSpan(16));
        return bytes;
    }

    public static byte[] Labels(int n, System.Random random)
    {
        var bytes = new byte[8 + n];
        bytes[2] = 0x08; bytes[3] = 1;
        BigEndian(bytes, 4, n);
        for (int i = 0; i < n; i++)
            bytes[8 + i] = (byte)random.Next(3);
        return bytes;
    }

    public static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level))
            gzip.Write(data);
        return output.ToArray();
    }

    public static string Md5(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));
    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static void BigEndian(byte[] bytes, int offset, int value)
    {
        bytes[offset] = (byte)(value >> 24); bytes[offset + 1] = (byte)(value >> 16);
        bytes[offset + 2] = (byte)(value >> 8); bytes[offset + 3] = (byte)value;
    }
}

/// <summary>Hermetic resolver options: a fake home, no environment, the given system roots, offline unless asked.</summary>
internal static class HermeticOptions
{
    public static DatasetResolverOptions For(SyntheticDataset data, TempDirectory temp, CapturingLogger? logger = null,
        IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? systemDirectories = null, bool allowDownload = false) =>
        For(new DatasetCatalog([data.Entry]), temp, logger, environment, systemDirectories, allowDownload);

    public static DatasetResolverOptions For(DatasetCatalog catalog, TempDirectory temp, CapturingLogger? logger = null,
        IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? systemDirectories = null, bool allowDownload = false) =>
        new()
        {
            Catalog = catalog,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var v) ? v : null,
            HomeDirectory = System.IO.Path.Combine(temp.Path, "home"),
            SystemDirectories = systemDirectories ?? [],
            AllowDownload = allowDownload,
            Logger = logger ?? new CapturingLogger(),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ReadTimeout = TimeSpan.FromMilliseconds(500),
            Retries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
}
