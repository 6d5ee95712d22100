// DatasetCatalog: the known datasets (MNIST, Fashion-MNIST, KMNIST) and case-insensitive lookup by name.
// Hash sources: .gz MD5s are upstream's (as torchvision lists them). Payload SHA-256s were computed on this
// machine with `gzip -dc FILE | sha256sum`: Fashion-MNIST from Debian's dataset-fashion-mnist copies in
// /usr/share/datasets/fashion-mnist (re-gzipped by Debian, same payload), MNIST t10k from upstream's .gz
// (its MD5 matched). MNIST train and all KMNIST payload hashes are unknown (null) until someone computes them.
namespace Experiments.ML.Data.Catalog;

/// <summary>
/// The datasets Experiments knows by name. <see cref="Default"/> holds MNIST, Fashion-MNIST and KMNIST; tests and
/// tools can build a catalog of their own entries. Lookup is case-insensitive; an unknown name is a
/// <see cref="DataException"/> listing the known names with a did-you-mean.
/// </summary>
public sealed class DatasetCatalog
{
    private static readonly ImageShape Gray28 = new(1, 28, 28);

    /// <summary>MNIST handwritten digits (LeCun, Cortes, Burges).</summary>
    public static DatasetEntry Mnist { get; } = new(
        "mnist", "MNIST", Gray28, 60_000, 10_000,
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        MnistFamilyFiles(
            trainImagesMd5: "f68b3c2dcbeaaa9fbdd348bbdeb94873", trainImagesSha256: null,
            trainLabelsMd5: "d53e105ee54ea40749a09fcbcd1e9432", trainLabelsSha256: null,
            testImagesMd5: "9fb629c4189551a2d022fa330f9573f3", testImagesSha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            testLabelsMd5: "ec29112dd5afa0611ce80d1b7f02629c", testLabelsSha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        [new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"), new Uri("https://storage.googleapis.com/cvdf-datasets/mnist/")]);

    /// <summary>Fashion-MNIST (Xiao, Rasul, Vollgraf 2017), Zalando article images.</summary>
    public static DatasetEntry FashionMnist { get; } = new(
        "fashion-mnist", "Fashion-MNIST", Gray28, 60_000, 10_000,
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        MnistFamilyFiles(
            trainImagesMd5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d", trainImagesSha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            trainLabelsMd5: "25c81989df183df01b3e8a0aad5dffbe", trainLabelsSha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            testImagesMd5: "bef4ecab320f06d8554ea6380940ec79", testImagesSha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            testLabelsMd5: "bb300cfdad3c16e7a12a480ee83cd310", testLabelsSha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        [new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")],
        debianPackage: "dataset-fashion-mnist");

    /// <summary>Kuzushiji-MNIST (Clanuwat et al. 2018), ten hiragana characters.</summary>
    public static DatasetEntry Kmnist { get; } = new(
        "kmnist", "Kuzushiji-MNIST", Gray28, 60_000, 10_000,
        ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
        MnistFamilyFiles(
            trainImagesMd5: "bdb82020997e1d708af4cf47b453dcf7", trainImagesSha256: null,
            trainLabelsMd5: "e144d726b3acfaa3e44228e80efcd344", trainLabelsSha256: null,
            testImagesMd5: "5c965bf0a639b31b8f53240b1b52f4d7", testImagesSha256: null,
            testLabelsMd5: "7320c461ea6c1c855c0b718fb2a4b134", testLabelsSha256: null),
        [new Uri("http://codh.rois.ac.jp/kmnist/dataset/kmnist/")]);

    /// <summary>The built-in catalog: mnist, fashion-mnist, kmnist.</summary>
    public static DatasetCatalog Default { get; } = new([Mnist, FashionMnist, Kmnist]);

    private readonly Dictionary<string, DatasetEntry> _byName;

    public DatasetCatalog(IEnumerable<DatasetEntry> entries)
    {
        Entries = entries.ToArray();
        _byName = new Dictionary<string, DatasetEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in Entries)
        {
            if (!_byName.TryAdd(entry.Name, entry))
                throw new ArgumentException($"Dataset '{entry.Name}' appears twice in the catalog.", nameof(entries));
        }
    }

    /// <summary>All entries, in the order given.</summary>
    public IReadOnlyList<DatasetEntry> Entries { get; }

    public bool TryGet(string name, out DatasetEntry entry)
    {
        if (_byName.TryGetValue(name.Trim(), out var found))
        {
            entry = found;
            return true;
        }
        entry = null!;
        return false;
    }

    /// <summary>The entry named <paramref name="name"/> (case-insensitive), or a <see cref="DataException"/>.</summary>
    public DatasetEntry Get(string name)
    {
        if (TryGet(name, out var entry))
            return entry;
        string known = string.Join(", ", Entries.Select(e => e.Name));
        string? suggestion = Suggest(name);
        string hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
        throw new DataException($"Unknown dataset '{name}'.{hint} Known datasets: {known}.");
    }

    /// <summary>The known name closest to <paramref name="name"/> by edit distance, when it is close enough to be a typo.</summary>
    public string? Suggest(string name)
    {
        string wanted = name.Trim().ToLowerInvariant();
        var best = Entries
            .Select(e => (e.Name, Distance: EditDistance(wanted, e.Name)))
            .OrderBy(p => p.Distance)
            .FirstOrDefault();
        if (best.Name is null)
            return null;
        // A typo changes a few characters; allow up to a third of the name, at least 2.
        int allowed = Math.Max(2, best.Name.Length / 3);
        return best.Distance <= allowed ? best.Name : null;
    }

    private static int EditDistance(string a, string b)
    {
        // Levenshtein distance, one row at a time.
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static DatasetFile[] MnistFamilyFiles(
        string trainImagesMd5, string? trainImagesSha256,
        string trainLabelsMd5, string? trainLabelsSha256,
        string testImagesMd5, string? testImagesSha256,
        string testLabelsMd5, string? testLabelsSha256) =>
    [
        // Payload sizes: images 16 + N·28·28, labels 8 + N (checked again by DatasetEntry).
        new(DatasetFileRole.TrainImages, "train-images-idx3-ubyte.gz", trainImagesMd5, trainImagesSha256, 47_040_016),
        new(DatasetFileRole.TrainLabels, "train-labels-idx1-ubyte.gz", trainLabelsMd5, trainLabelsSha256, 60_008),
        new(DatasetFileRole.TestImages, "t10k-images-idx3-ubyte.gz", testImagesMd5, testImagesSha256, 7_840_016),
        new(DatasetFileRole.TestLabels, "t10k-labels-idx1-ubyte.gz", testLabelsMd5, testLabelsSha256, 10_008),
    ];
}
