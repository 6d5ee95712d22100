// Resolution order (explicit > EXPERIMENTS_DATA > user cache > system folders), the forms a file may take,
// verdicts and logging, all in temp folders with a synthetic dataset.
using System.IO.Compression;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Microsoft.Extensions.Logging;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Catalog;

public class ResolutionOrderTests
{
    private sealed class Layout : IDisposable
    {
        public readonly TempDirectory Temp = new();
        public readonly SyntheticDataset Data = SyntheticDataset.Create();
        public readonly CapturingLogger Logger = new();
        public string Explicit => Temp.Sub("explicit");
        public string EnvRoot => Temp.Sub("envroot");
        public string Cache => Temp.Sub("home", ".cache", "experiments", "datasets", "tiny");
        public string SystemRoot => Temp.Sub("system");

        public void FillAll()
        {
            Data.WriteAll(Explicit);
            Data.WriteAll(Temp.Sub("envroot", "tiny"));
            Data.WriteAll(Cache);
            Data.WriteAll(Temp.Sub("system", "tiny"));
        }

        public DatasetResolverOptions Options(bool withExplicit, bool withEnv) =>
            HermeticOptions.For(Data, Temp, Logger,
                environment: withEnv ? new Dictionary<string, string> { ["EXPERIMENTS_DATA"] = EnvRoot } : null,
                systemDirectories: [Path.Combine(Temp.Path, "missing-system"), SystemRoot]) with
            {
                ExplicitDirectory = withExplicit ? Explicit : null,
            };

        public void Dispose() => Temp.Dispose();
    }

    [Fact]
    public async Task EachStep_WinsOverTheOnesAfterIt()
    {
        using var layout = new Layout();
        layout.FillAll();

        var r1 = await new DatasetResolver(layout.Options(withExplicit: true, withEnv: true)).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.ExplicitDirectory, r1.Step);
        Assert.Equal(layout.Explicit, r1.Directory);

        var r2 = await new DatasetResolver(layout.Options(withExplicit: false, withEnv: true)).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.EnvironmentVariable, r2.Step);
        Assert.Equal(Path.Combine(layout.EnvRoot, "tiny"), r2.Directory);

        var r3 = await new DatasetResolver(layout.Options(withExplicit: false, withEnv: false)).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.UserCache, r3.Step);
        Assert.Equal(layout.Cache, r3.Directory);

        Directory.Delete(layout.Cache, recursive: true);
        var r4 = await new DatasetResolver(layout.Options(withExplicit: false, withEnv: false)).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.SystemFolder, r4.Step);
        Assert.Equal(Path.Combine(layout.SystemRoot, "tiny"), r4.Directory);
        Assert.Equal(
            [(ResolutionStep.ExplicitDirectory, AttemptOutcome.Skipped), (ResolutionStep.EnvironmentVariable, AttemptOutcome.Skipped),
             (ResolutionStep.UserCache, AttemptOutcome.NotFound), (ResolutionStep.SystemFolder, AttemptOutcome.NotFound),
             (ResolutionStep.SystemFolder, AttemptOutcome.Found)],
            r4.Attempts.Select(a => (a.Step, a.Outcome)));
        Assert.All(r4.Files, f => Assert.Equal(ChecksumVerdict.GzipMd5, f.Verdict));
    }

    [Fact]
    public async Task EachStep_IsLoggedInOrder_AndTheWinnerAtInformation()
    {
        using var layout = new Layout();
        layout.Data.WriteAll(layout.Temp.Sub("system", "tiny"));

        await new DatasetResolver(layout.Options(withExplicit: false, withEnv: false)).ResolveAsync("TINY");

        var lines = layout.Logger.Entries.Select(e => e.Message).ToList();
        int explicitLine = lines.FindIndex(l => l.Contains("ExplicitDirectory") && l.Contains("Skipped"));
        int envLine = lines.FindIndex(l => l.Contains("EnvironmentVariable") && l.Contains("EXPERIMENTS_DATA is not set"));
        int cacheLine = lines.FindIndex(l => l.Contains("UserCache") && l.Contains("folder does not exist"));
        int systemLine = lines.FindIndex(l => l.Contains("SystemFolder") && l.Contains("Found"));
        Assert.True(explicitLine >= 0 && explicitLine < envLine && envLine < cacheLine && cacheLine < systemLine, layout.Logger.Dump());
        Assert.Contains(layout.Logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("Dataset tiny resolved from SystemFolder"));
    }

    [Fact]
    public async Task XdgCacheHome_ReplacesHomeDotCache_WhenAbsolute()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string xdg = temp.Sub("xdg");
        data.WriteAll(temp.Sub("xdg", "experiments", "datasets", "tiny"));
        var options = HermeticOptions.For(data, temp, environment: new Dictionary<string, string> { ["XDG_CACHE_HOME"] = xdg });
        var resolved = await new DatasetResolver(options).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.UserCache, resolved.Step);
        Assert.Equal(Path.Combine(xdg, "experiments", "datasets", "tiny"), resolved.Directory);

        var relative = HermeticOptions.For(data, temp, environment: new Dictionary<string, string> { ["XDG_CACHE_HOME"] = "relative/cache" });
        Assert.Equal(Path.Combine(temp.Path, "home", ".cache", "experiments", "datasets", "tiny"), new DatasetResolver(relative).CacheDirectory(data.Entry));
    }

    [Fact]
    public async Task ExplicitDirectory_AcceptsASubfolderNamedAfterTheDataset()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        data.WriteAll(temp.Sub("root", "tiny"));
        var options = HermeticOptions.For(data, temp) with { ExplicitDirectory = Path.Combine(temp.Path, "root") };
        var resolved = await new DatasetResolver(options).ResolveAsync("tiny");
        Assert.Equal(Path.Combine(temp.Path, "root", "tiny"), resolved.Directory);
    }

    [Fact]
    public async Task EnvironmentRoot_WithFilesDirectlyInIt_IsUsedWhenTheyMatchTheDatasetsHashes()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string root = temp.Sub("flat");
        data.WriteAll(root);
        var options = HermeticOptions.For(data, temp, environment: new Dictionary<string, string> { ["EXPERIMENTS_DATA"] = root });
        var resolved = await new DatasetResolver(options).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.EnvironmentVariable, resolved.Step);
        Assert.Equal(root, resolved.Directory);
    }

    [Fact]
    public async Task EnvironmentRoot_WithAnotherDatasetsFilesDirectlyInIt_IsPassedOver()
    {
        // Same file names, different content (like MNIST vs Fashion-MNIST): the flat folder is not this dataset's.
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create(seed: 1);
        var other = SyntheticDataset.Create(seed: 2);
        string root = temp.Sub("flat");
        other.WriteAll(root);
        data.WriteAll(temp.Sub("system", "tiny"));
        var options = HermeticOptions.For(data, temp, environment: new Dictionary<string, string> { ["EXPERIMENTS_DATA"] = root },
            systemDirectories: [Path.Combine(temp.Path, "system")]);
        var resolved = await new DatasetResolver(options).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.SystemFolder, resolved.Step);
        var envAttempt = Assert.Single(resolved.Attempts, a => a.Step == ResolutionStep.EnvironmentVariable);
        Assert.Equal(AttemptOutcome.NotFound, envAttempt.Outcome);
        Assert.Contains("not tiny's", envAttempt.Detail);
    }

    [Fact]
    public async Task EnvironmentRoot_NamedAfterTheDataset_IsTheDatasetFolder()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create(withPayloadHashes: false);
        string root = temp.Sub("tiny");
        data.WriteAll(root, gz: false); // raw and unverifiable: only the folder name says whose files these are
        var options = HermeticOptions.For(data, temp, environment: new Dictionary<string, string> { ["EXPERIMENTS_DATA"] = root });
        var resolved = await new DatasetResolver(options).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.EnvironmentVariable, resolved.Step);
        Assert.All(resolved.Files, f => Assert.Equal(ChecksumVerdict.Unverified, f.Verdict));
    }

    [Fact]
    public async Task GzipIsDetectedByContent_NotByName()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        // Raw bytes under the .gz name, gzip bytes under the raw name.
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte.gz"), data.Raw[DatasetFileRole.TrainImages]);
        File.Delete(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte"), data.Gz[DatasetFileRole.TestLabels]);

        var resolved = await new DatasetResolver(HermeticOptions.For(data, temp) with { ExplicitDirectory = folder }).ResolveAsync("tiny");

        Assert.False(resolved.TrainImages.IsGzipped);
        Assert.Equal(ChecksumVerdict.PayloadSha256, resolved.TrainImages.Verdict);
        Assert.True(resolved.TestLabels.IsGzipped);
        Assert.Equal(Path.Combine(folder, "t10k-labels-idx1-ubyte"), resolved.TestLabels.Path);
        Assert.Equal(ChecksumVerdict.GzipMd5, resolved.TestLabels.Verdict);
    }

    [Fact]
    public async Task ReGzippedFile_IsAcceptedByPayloadHash()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        var regzipped = SyntheticDataset.Gzip(data.Raw[DatasetFileRole.TrainImages], CompressionLevel.NoCompression);
        Assert.NotEqual(SyntheticDataset.Md5(regzipped), data.Entry[DatasetFileRole.TrainImages].GzipMd5);
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte.gz"), regzipped);

        var resolved = await new DatasetResolver(HermeticOptions.For(data, temp) with { ExplicitDirectory = folder }).ResolveAsync("tiny");

        Assert.True(resolved.TrainImages.IsGzipped);
        Assert.Equal(ChecksumVerdict.PayloadSha256, resolved.TrainImages.Verdict);
        Assert.Equal(SyntheticDataset.Sha256(data.Raw[DatasetFileRole.TrainImages]), resolved.TrainImages.PayloadSha256);
        Assert.Equal(ChecksumVerdict.GzipMd5, resolved.TrainLabels.Verdict);
        Assert.True(resolved.IsFullyVerified);
    }

    [Fact]
    public async Task RawFileWithoutReferenceHash_IsUnverified_AndAWarningIsLogged()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create(withPayloadHashes: false);
        string folder = temp.Sub("d");
        data.WriteAll(folder);
        data.Write(folder, DatasetFileRole.TestImages, gz: false);
        File.Delete(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"));
        var logger = new CapturingLogger();

        var resolved = await new DatasetResolver(HermeticOptions.For(data, temp, logger) with { ExplicitDirectory = folder }).ResolveAsync("tiny");

        Assert.Equal(ChecksumVerdict.Unverified, resolved.TestImages.Verdict);
        Assert.False(resolved.IsFullyVerified);
        Assert.Equal(3, resolved.Files.Count(f => f.Verdict == ChecksumVerdict.GzipMd5));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("t10k-images-idx3-ubyte is UNVERIFIED"));
    }

    [Fact]
    public void Probe_ReportsWhereADatasetResolves_AndWhyNot_WithoutThrowing()
    {
        using var temp = new TempDirectory();
        var data = SyntheticDataset.Create();
        var missing = SyntheticDataset.Create("absent");
        var broken = SyntheticDataset.Create("broken", seed: 3);
        data.WriteAll(temp.Sub("system", "tiny"));
        broken.WriteAll(temp.Sub("system", "broken"));
        File.WriteAllBytes(Path.Combine(temp.Path, "system", "broken", "t10k-labels-idx1-ubyte.gz"), data.Gz[DatasetFileRole.TestLabels]);
        var options = HermeticOptions.For(new DatasetCatalog([data.Entry, missing.Entry, broken.Entry]), temp,
            systemDirectories: [Path.Combine(temp.Path, "system")], allowDownload: true);
        var resolver = new DatasetResolver(options);

        var found = resolver.Probe("tiny");
        Assert.True(found.IsAvailable);
        Assert.Equal(ResolutionStep.SystemFolder, found.Resolved!.Step);

        var absent = resolver.Probe("absent");
        Assert.False(absent.IsAvailable);
        Assert.Contains("was not found", absent.Error);
        Assert.Equal((ResolutionStep.Download, AttemptOutcome.Skipped), (absent.Attempts[^1].Step, absent.Attempts[^1].Outcome));

        var bad = resolver.Probe("broken");
        Assert.False(bad.IsAvailable);
        Assert.Contains("t10k-labels-idx1-ubyte.gz", bad.Error);
        Assert.Equal(AttemptOutcome.Invalid, bad.Attempts[^1].Outcome);
    }

    [Fact]
    public void Probe_UnknownName_IsADataException()
    {
        using var temp = new TempDirectory();
        var resolver = new DatasetResolver(HermeticOptions.For(SyntheticDataset.Create(), temp));
        Assert.Throws<DataException>(() => resolver.Probe("tinny"));
    }
}
