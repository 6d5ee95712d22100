// SharedDataLocatorTests: the test-data locator finds the shared folder by env var, then by walking up, then by the
// fixed fallback, and otherwise fails with what it tried and the fix.
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Idx;

public sealed class SharedDataLocatorTests
{
    [Fact]
    public void EnvironmentVariableWins()
    {
        using var shared = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(shared.Path, "data", "mnist-t10k"));
        using var elsewhere = new TempDirectory();
        string found = SharedData.FindMnistT10kDir(shared.Path, elsewhere.Path, "/nonexistent-fallback");
        Assert.Equal(Path.Combine(shared.Path, "data/mnist-t10k"), found);
    }

    [Fact]
    public void WalksUpFromTheStartFolderToASharedSibling()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "shared", "data", "mnist-t10k"));
        string deep = Path.Combine(root.Path, "repo", "tests", "bin", "Release");
        Directory.CreateDirectory(deep);
        string found = SharedData.FindMnistT10kDir(null, deep, "/nonexistent-fallback");
        Assert.Equal(Path.Combine(root.Path, "shared", "data/mnist-t10k"), found);
    }

    [Fact]
    public void NothingFound_FailsNamingWhatWasTriedAndTheVariable()
    {
        using var empty = new TempDirectory();
        var e = Assert.Throws<InvalidOperationException>(() =>
            SharedData.FindMnistT10kDir(Path.Combine(empty.Path, "no-such-shared"), empty.Path, Path.Combine(empty.Path, "no-fallback")));
        Assert.Contains("no-such-shared/data/mnist-t10k (from $EXPERIMENTS_SHARED_DIR)", e.Message);
        Assert.Contains(Path.Combine(empty.Path, "no-fallback", "data/mnist-t10k"), e.Message);
        Assert.Contains("Fix: set EXPERIMENTS_SHARED_DIR", e.Message);
    }
}
