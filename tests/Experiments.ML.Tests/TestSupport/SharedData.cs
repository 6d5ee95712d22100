// SharedData: finds the data files tests read (the shared MNIST t10k folder, Debian's Fashion-MNIST) on this
// machine or a CI clone, and fails with a clear message when they are missing; tests never skip silently.
namespace Experiments.ML.Tests.TestSupport;

/// <summary>Locates test data folders; throws with what was tried and how to fix it when one is missing.</summary>
public static class SharedData
{
    /// <summary>Environment variable naming the shared folder (the one holding <c>data/mnist-t10k</c>).</summary>
    public const string SharedDirVariable = "EXPERIMENTS_SHARED_DIR";

    private const string MnistT10kRelative = "data/mnist-t10k";
    private const string DefaultSharedDir = "/work/shared";

    /// <summary>Debian's dataset-fashion-mnist package installs the four .gz files here.</summary>
    public const string FashionMnistDir = "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// The folder with MNIST t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz. Tried in order:
    /// $EXPERIMENTS_SHARED_DIR/data/mnist-t10k; walking up from the test assembly folder, any ancestor's
    /// shared/data/mnist-t10k; /work/shared/data/mnist-t10k.
    /// </summary>
    public static string MnistT10kDir() =>
        FindMnistT10kDir(Environment.GetEnvironmentVariable(SharedDirVariable), AppContext.BaseDirectory, DefaultSharedDir);

    /// <summary>The search behind <see cref="MnistT10kDir"/>, with its inputs passed in so it can be tested.</summary>
    public static string FindMnistT10kDir(string? sharedDirFromEnv, string startDir, string fallbackSharedDir)
    {
        var tried = new List<string>();
        if (!string.IsNullOrWhiteSpace(sharedDirFromEnv))
        {
            string candidate = Path.Combine(sharedDirFromEnv, MnistT10kRelative);
            if (Directory.Exists(candidate)) return candidate;
            tried.Add($"{candidate} (from ${SharedDirVariable})");
        }

        for (var dir = new DirectoryInfo(startDir); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", MnistT10kRelative);
            if (Directory.Exists(candidate)) return candidate;
        }
        tried.Add($"shared/{MnistT10kRelative} in {startDir} and every folder above it");

        string fallback = Path.Combine(fallbackSharedDir, MnistT10kRelative);
        if (Directory.Exists(fallback)) return fallback;
        tried.Add(fallback);

        throw new InvalidOperationException(
            "The shared MNIST t10k data folder was not found. Tried: " + string.Join("; ", tried) + ". " +
            $"Fix: set {SharedDirVariable} to the folder that holds {MnistT10kRelative}/t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz.");
    }

    /// <summary>Path of a file in the MNIST t10k folder, which must exist.</summary>
    public static string MnistT10kFile(string name) => RequireFile(Path.Combine(MnistT10kDir(), name), $"Fix: put {name} into the shared {MnistT10kRelative} folder.");

    /// <summary>Path of a Debian Fashion-MNIST file, which must exist.</summary>
    public static string FashionMnistFile(string name) =>
        RequireFile(Path.Combine(FashionMnistDir, name), "Fix: install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist).");

    private static string RequireFile(string path, string fix) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"Test data file '{path}' does not exist. {fix}");
}
