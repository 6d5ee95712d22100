// Downloads against a local HTTP server on 127.0.0.1: good files land verified in the cache; corrupt, truncated,
// stalled, missing and HTML responses fail clearly (or fall through to the next mirror) and leave nothing behind.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Catalog;

public class DownloadTests
{
    private static readonly SyntheticDataset Data = SyntheticDataset.Create();
    private static readonly SyntheticDataset Other = SyntheticDataset.Create(seed: 99);

    private static byte[] GzFor(string path) =>
        Data.Gz[Data.Entry.Files.Single(f => path.EndsWith("/" + f.FileName, StringComparison.Ordinal)).Role];

    private static DatasetResolverOptions Online(TempDirectory temp, CapturingLogger logger, params Uri[] mirrors) =>
        HermeticOptions.For(Data, temp, logger, allowDownload: true) with { Mirrors = mirrors };

    private static string CacheOf(TempDirectory temp) => Path.Combine(temp.Path, "home", ".cache", "experiments", "datasets", "tiny");

    private static string[] CacheContents(TempDirectory temp) =>
        Directory.Exists(CacheOf(temp)) ? Directory.GetFiles(CacheOf(temp)).Select(p => Path.GetFileName(p)).Order().ToArray() : [];

    [Fact]
    public async Task GoodResponse_LandsInTheCacheVerified()
    {
        using var temp = new TempDirectory();
        var logger = new CapturingLogger();
        await using var server = new LocalHttpServer((path, _) => Reply.Ok(GzFor(path)));

        var resolved = await new DatasetResolver(Online(temp, logger, server.Mirror("m1"))).ResolveAsync("tiny");

        Assert.Equal(ResolutionStep.Download, resolved.Step);
        Assert.Equal(CacheOf(temp), resolved.Directory);
        Assert.All(resolved.Files, f =>
        {
            Assert.Equal(ChecksumVerdict.GzipMd5, f.Verdict);
            Assert.Equal(Data.Gz[f.Role], File.ReadAllBytes(f.Path));
        });
        Assert.Equal(Data.Entry.Files.Select(f => f.FileName).Order(), CacheContents(temp)); // no temp files left
        Assert.Contains(logger.Entries, e => e.Message.Contains("Downloaded train-images-idx3-ubyte.gz from http://127.0.0.1"));

        // The next resolution finds the cache and does not download again.
        int requests = server.Requests.Count;
        var again = await new DatasetResolver(Online(temp, logger, server.Mirror("m1"))).ResolveAsync("tiny");
        Assert.Equal(ResolutionStep.UserCache, again.Step);
        Assert.Equal(requests, server.Requests.Count);
    }

    [Fact]
    public async Task CorruptBody_FailsWithMirrorExpectedAndFound_AndLeavesNothingInTheCache()
    {
        using var temp = new TempDirectory();
        await using var server = new LocalHttpServer((path, _) =>
            Reply.Ok(path.EndsWith("train-images-idx3-ubyte.gz") ? Other.Gz[DatasetFileRole.TrainImages] : GzFor(path)));

        var e = await Assert.ThrowsAsync<DataException>(() => new DatasetResolver(Online(temp, new CapturingLogger(), server.Mirror("m1"))).ResolveAsync("tiny"));

        var reference = Data.Entry[DatasetFileRole.TrainImages];
        Assert.Contains($"{server.Mirror("m1")}train-images-idx3-ubyte.gz: downloaded file failed verification, deleted", e.Message);
        Assert.Contains($"expected .gz MD5 {reference.GzipMd5} or payload SHA-256 {reference.PayloadSha256}", e.Message);
        Assert.Contains($"found .gz MD5 {SyntheticDataset.Md5(Other.Gz[DatasetFileRole.TrainImages])}", e.Message);
        Assert.Empty(CacheContents(temp));
        Assert.Equal(1, server.CountOf("/m1/train-images-idx3-ubyte.gz")); // a checksum mismatch is not retried
    }

    [Fact]
    public async Task TruncatedBody_IsRetried_ThenFailsClearly_AndLeavesNothingInTheCache()
    {
        using var temp = new TempDirectory();
        await using var server = new LocalHttpServer((path, _) =>
        {
            byte[] body = GzFor(path);
            return new Reply(Body: body, SendBytes: body.Length / 2);
        });

        var e = await Assert.ThrowsAsync<DataException>(() => new DatasetResolver(Online(temp, new CapturingLogger(), server.Mirror("m1"))).ResolveAsync("tiny"));

        int full = Data.Gz[DatasetFileRole.TrainImages].Length;
        Assert.True(e.Message.Contains($"truncated body: received {full / 2:N0} of {full:N0} bytes") || e.Message.Contains($"of {full:N0} bytes (truncated body)"), e.Message);
        Assert.Equal(2, server.CountOf("/m1/train-images-idx3-ubyte.gz")); // Retries = 1
        Assert.Empty(CacheContents(temp));
    }

    [Fact]
    public async Task TruncatedBody_ThenAGoodRetry_Succeeds()
    {
        using var temp = new TempDirectory();
        await using var server = new LocalHttpServer((path, seen) =>
        {
            byte[] body = GzFor(path);
            return seen == 0 ? new Reply(Body: body, SendBytes: 3) : Reply.Ok(body);
        });
        var resolved = await new DatasetResolver(Online(temp, new CapturingLogger(), server.Mirror("m1"))).ResolveAsync("tiny");
        Assert.True(resolved.IsFullyVerified);
        Assert.All(Data.Entry.Files, f => Assert.Equal(2, server.CountOf("/m1/" + f.FileName)));
    }

    [Fact]
    public async Task StalledBody_HitsTheReadTimeout_RetriesThenUsesTheNextMirror()
    {
        using var temp = new TempDirectory();
        var logger = new CapturingLogger();
        await using var server = new LocalHttpServer((path, _) =>
            path == "/slow/train-images-idx3-ubyte.gz"
                ? new Reply(Body: GzFor(path), StallAfterFirstBytes: TimeSpan.FromSeconds(60))
                : Reply.Ok(GzFor(path)));
        var options = Online(temp, logger, server.Mirror("slow"), server.Mirror("good")) with { ReadTimeout = TimeSpan.FromMilliseconds(300) };

        var clock = Stopwatch.StartNew();
        var resolved = await new DatasetResolver(options).ResolveAsync("tiny");
        clock.Stop();

        Assert.True(resolved.IsFullyVerified);
        Assert.Equal(2, server.CountOf("/slow/train-images-idx3-ubyte.gz"));
        Assert.Equal(1, server.CountOf("/good/train-images-idx3-ubyte.gz"));
        Assert.Equal(1, server.CountOf("/slow/train-labels-idx1-ubyte.gz")); // later files still try the first mirror first
        Assert.Contains(logger.Entries, e => e.Message.Contains("read timeout: no data for 0.3 s after 4 of"));
        // Two 0.3 s timeouts instead of a 60 s stall; the bound is loose on purpose (loaded machine).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task NoHeaders_HitsTheTimeout()
    {
        using var temp = new TempDirectory();
        await using var server = new LocalHttpServer((path, _) => new Reply(Body: GzFor(path), StallBeforeHeaders: TimeSpan.FromSeconds(60)));
        var options = Online(temp, new CapturingLogger(), server.Mirror("m1")) with
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(200),
            ReadTimeout = TimeSpan.FromMilliseconds(200),
            Retries = 0,
        };
        var e = await Assert.ThrowsAsync<DataException>(() => new DatasetResolver(options).ResolveAsync("tiny"));
        Assert.Contains("no response within 0.4 s", e.Message);
        Assert.Empty(CacheContents(temp));
    }

    [Fact]
    public async Task NotFoundOnTheFirstMirror_UsesTheNextMirror_WithoutRetrying()
    {
        using var temp = new TempDirectory();
        await using var server = new LocalHttpServer((path, _) => path.StartsWith("/gone/") ? Reply.NotFound() : Reply.Ok(GzFor(path)));

        var resolved = await new DatasetResolver(Online(temp, new CapturingLogger(), server.Mirror("gone"), server.Mirror("good"))).ResolveAsync("tiny");

        Assert.True(resolved.IsFullyVerified);
        Assert.All(Data.Entry.Files, f =>
        {
            Assert.Equal(1, server.CountOf("/gone/" + f.FileName));
            Assert.Equal(1, server.CountOf("/good/" + f.FileName));
        });
    }

    [Fact]
    public async Task NotFoundEverywhere_ListsEachMirrorsStatus()
    {
        using var temp = new TempDirectory();
        await using var server = new LocalHttpServer((_, _) => Reply.NotFound());
        var e = await Assert.ThrowsAsync<DataException>(() =>
            new DatasetResolver(Online(temp, new CapturingLogger(), server.Mirror("a"), server.Mirror("b"))).ResolveAsync("tiny"));
        Assert.Contains($"{server.Mirror("a")}train-images-idx3-ubyte.gz: HTTP 404 Not Found", e.Message);
        Assert.Contains($"{server.Mirror("b")}train-images-idx3-ubyte.gz: HTTP 404 Not Found", e.Message);
        Assert.Contains($"4. download {CacheOf(temp)}: Failed: could not download train-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("network access to", e.Message);
    }

    [Theory]
    [InlineData("text/html", "an HTML page (Content-Type text/html)")]
    [InlineData("application/octet-stream", "the body is an HTML/XML page (starts with '<')")]
    public async Task HtmlPage_FailsClearly(string contentType, string expected)
    {
        using var temp = new TempDirectory();
        byte[] html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>Moved</body></html>");
        await using var server = new LocalHttpServer((_, _) => Reply.Ok(html, contentType));
        var e = await Assert.ThrowsAsync<DataException>(() => new DatasetResolver(Online(temp, new CapturingLogger(), server.Mirror("m1"))).ResolveAsync("tiny"));
        Assert.Contains(expected, e.Message);
        Assert.Equal(1, server.CountOf("/m1/train-images-idx3-ubyte.gz"));
        Assert.Empty(CacheContents(temp));
    }

    [Fact]
    public async Task IncompleteCache_DownloadsOnlyTheMissingFiles()
    {
        using var temp = new TempDirectory();
        string cache = temp.Sub("home", ".cache", "experiments", "datasets", "tiny");
        Data.Write(cache, DatasetFileRole.TrainImages);
        Data.Write(cache, DatasetFileRole.TestImages, gz: false);
        await using var server = new LocalHttpServer((path, _) => Reply.Ok(GzFor(path)));

        var resolved = await new DatasetResolver(Online(temp, new CapturingLogger(), server.Mirror("m1"))).ResolveAsync("tiny");

        Assert.Equal(ResolutionStep.Download, resolved.Step);
        Assert.Equal(["/m1/t10k-labels-idx1-ubyte.gz", "/m1/train-labels-idx1-ubyte.gz"], server.Requests.Order());
        Assert.False(resolved.TestImages.IsGzipped);
        Assert.Equal(AttemptOutcome.Incomplete, resolved.Attempts.Single(a => a.Step == ResolutionStep.UserCache).Outcome);
    }

    [Fact]
    public async Task RefusedConnection_MovesOnWithoutRetrying()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var temp = new TempDirectory();
        var logger = new CapturingLogger();
        var options = Online(temp, logger, new Uri($"http://127.0.0.1:{closedPort}/x/")) with { Retries = 3, RetryDelay = TimeSpan.FromSeconds(30) };

        var e = await Assert.ThrowsAsync<DataException>(() => new DatasetResolver(options).ResolveAsync("tiny"));

        Assert.Contains("could not connect", e.Message);
        Assert.DoesNotContain(logger.Entries, l => l.Message.StartsWith("Retrying"));
    }

    [Fact]
    public async Task Offline_MakesNoRequest()
    {
        using var temp = new TempDirectory();
        await using var server = new LocalHttpServer((path, _) => Reply.Ok(GzFor(path)));
        var options = Online(temp, new CapturingLogger(), server.Mirror("m1")) with { AllowDownload = false };
        var e = await Assert.ThrowsAsync<DataException>(() => new DatasetResolver(options).ResolveAsync("tiny"));
        Assert.Contains("downloads are disabled (offline)", e.Message);
        Assert.Empty(server.Requests);
    }
}
