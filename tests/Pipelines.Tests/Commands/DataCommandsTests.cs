// Tests of the `data` verbs through the real command line: output, exit codes, and the error path.
// They use Debian's Fashion-MNIST (installed by .ci/setup) and never touch the network.
using Experiments.Pipelines.Commands;

namespace Experiments.Pipelines.Tests.Commands;

public sealed class DataCommandsTests
{
    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Cli.RunAsync([.. args, "--quiet"], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Info_resolves_the_debian_fashion_mnist_with_verified_checksums_and_prints_the_histogram()
    {
        var (code, output, error) = await Run("data", "info", "fashion-mnist", "--data-dir", "/usr/share/datasets/fashion-mnist");
        Assert.True(code == ExitCodes.Ok, $"exit {code}; stderr: {error}");
        Assert.Contains("folder: /usr/share/datasets/fashion-mnist (--data-dir)", output);
        Assert.Equal(4, CountOccurrences(output, "verified (payload SHA-256)"));
        foreach (string name in new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" })
            Assert.Contains(name, output);
        Assert.Equal(10, CountOccurrences(output, "6,000"));
        Assert.Equal(10, CountOccurrences(output, "1,000"));
        Assert.Contains("60,000", output);
        Assert.Contains("10,000", output);
    }

    [Fact]
    public async Task List_shows_every_catalog_dataset()
    {
        var (code, output, _) = await Run("data", "list");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("mnist", output);
        Assert.Contains("fashion-mnist", output);
        Assert.Contains("kmnist", output);
        Assert.Contains("Kuzushiji-MNIST", output);
    }

    [Fact]
    public async Task Unknown_dataset_is_bad_input_with_a_suggestion()
    {
        var (code, _, error) = await Run("data", "info", "fashion-mnst");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("fashion-mnst", error);
        Assert.Contains("fashion-mnist", error);
    }

    [Fact]
    public async Task Missing_data_directory_is_bad_input_naming_the_folder_and_the_fix()
    {
        string missing = Path.Combine(Path.GetTempPath(), "experiments-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var (code, _, error) = await Run("data", "info", "kmnist", "--data-dir", missing);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(missing, error);
        Assert.Contains("--data-dir", error);
    }

    [Fact]
    public async Task Unknown_verb_is_bad_input()
    {
        var (code, _, error) = await Run("dta", "list");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("dta", error);
        Assert.Contains("--help", error);
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
