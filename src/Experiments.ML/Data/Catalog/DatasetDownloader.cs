// DatasetDownloader: fetches missing dataset files from mirrors into the user cache.
// Each file: mirrors in order; per mirror a few attempts with doubling backoff for transient failures (timeouts,
// resets, truncated bodies, 5xx). The body goes to `<name>.tmp-<random>` in the cache folder, is verified
// (.gz MD5 or payload SHA-256), then renamed; anything else deletes the temp file. Timeouts bound inactivity:
// connect (SocketsHttpHandler.ConnectTimeout), waiting for headers, and every single read of the body.
using System.Net;
using Microsoft.Extensions.Logging;

namespace Experiments.ML.Data.Catalog;

internal sealed class DatasetDownloader(DatasetResolverOptions options)
{
    private readonly ILogger _logger = options.Logger;

    /// <summary>A failed attempt: why, and whether trying the same mirror again may help.</summary>
    private sealed class AttemptFailure(string message, bool transient) : Exception(message)
    {
        public bool Transient { get; } = transient;
    }

    /// <summary>
    /// Downloads <paramref name="files"/> into <paramref name="folder"/>. Returns null on success, otherwise the
    /// reason (every mirror's failure for the first file that could not be fetched; later files are not tried).
    /// </summary>
    public async Task<string?> DownloadAsync(DatasetEntry entry, IReadOnlyList<DatasetFile> files, string folder, CancellationToken cancellationToken)
    {
        var mirrors = options.Mirrors ?? entry.Mirrors;
        if (mirrors.Count == 0)
            return $"no download mirrors are known for {entry.Name}";
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot create the cache folder {folder}: {e.Message}";
        }

        var handler = options.HttpHandler ?? new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler, disposeHandler: options.HttpHandler is null)
        {
            // Our own timeouts bound inactivity; a 50 MB file on a slow link may take longer than any total limit.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Experiments/0.1 (+dataset download)");

        foreach (var file in files)
        {
            var failures = new List<string>();
            bool done = false;
            foreach (var mirror in mirrors)
            {
                var url = new Uri(mirror, file.FileName);
                for (int attempt = 0; attempt <= options.Retries && !done; attempt++)
                {
                    if (attempt > 0)
                    {
                        var delay = options.RetryDelay * Math.Pow(2, attempt - 1);
                        _logger.LogInformation("Retrying {Url} in {Delay} ms (attempt {Attempt} of {Attempts})",
                            url, (int)delay.TotalMilliseconds, attempt + 1, options.Retries + 1);
                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    }
                    try
                    {
                        _logger.LogInformation("Downloading {Url} into {Folder}", url, folder);
                        await DownloadOneAsync(client, entry, file, url, folder, cancellationToken).ConfigureAwait(false);
                        done = true;
                    }
                    catch (AttemptFailure failure)
                    {
                        _logger.LogWarning("Download of {Url} failed: {Reason}", url, failure.Message);
                        failures.Add($"{url}: {failure.Message}");
                        if (!failure.Transient)
                            break;
                    }
                }
                if (done)
                    break;
            }
            if (!done)
                return $"could not download {file.FileName}: " + string.Join("; ", failures);
        }
        return null;
    }

    private async Task DownloadOneAsync(HttpClient client, DatasetEntry entry, DatasetFile file, Uri url, string folder, CancellationToken cancellationToken)
    {
        string final = Path.Combine(folder, file.FileName);
        string temp = $"{final}.tmp-{Guid.NewGuid():N}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // Connect + headers.
            timeout.CancelAfter(options.ConnectTimeout + options.ReadTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await Send(client, request, timeout, cancellationToken).ConfigureAwait(false);
            CheckStatus(response);

            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is "text/html" or "application/xhtml+xml")
                throw new AttemptFailure($"the server answered with an HTML page (Content-Type {mediaType}) instead of the gzip file; the mirror may have moved, or a proxy or captive portal intercepted the request", transient: false);
            long? expectedLength = response.Content.Headers.ContentLength;

            long received = await CopyBodyAsync(response, temp, expectedLength, timeout, cancellationToken).ConfigureAwait(false);
            if (expectedLength is long length && received != length)
                throw new AttemptFailure($"truncated body: received {received:N0} of {length:N0} bytes (Content-Length)", transient: true);

            var check = FileVerifier.Verify(entry, file, temp);
            if (!check.IsValid)
                throw new AttemptFailure($"downloaded file failed verification, deleted: {check.Problem}", transient: false);
            if (check.Verdict == ChecksumVerdict.Unverified)
                throw new AttemptFailure("downloaded file is not gzip data", transient: false);

            File.Move(temp, final, overwrite: true);
            _logger.LogInformation("Downloaded {File} from {Url}: {Bytes:N0} bytes, verified by {Verdict}", file.FileName, url, received, check.Verdict);
        }
        finally
        {
            if (File.Exists(temp))
                TryDelete(temp);
        }
    }

    private async Task<HttpResponseMessage> Send(HttpClient client, HttpRequestMessage request, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AttemptFailure($"no response within {Seconds(options.ConnectTimeout + options.ReadTimeout)} (connect timeout {Seconds(options.ConnectTimeout)} + read timeout {Seconds(options.ReadTimeout)})", transient: true);
        }
        catch (HttpRequestException e)
        {
            // A host that cannot be resolved or connected to will not answer on a retry a second later: next mirror.
            bool connectFailure = e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError;
            string what = e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "host name could not be resolved (no network or DNS?)",
                HttpRequestError.ConnectionError => "could not connect",
                _ => "request failed",
            };
            throw new AttemptFailure($"{what}: {e.Message}", transient: !connectFailure);
        }
    }

    private static void CheckStatus(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
            return;
        int code = (int)response.StatusCode;
        bool transient = code >= 500 || code is 408 or 429;
        throw new AttemptFailure($"HTTP {code} {response.ReasonPhrase}", transient);
    }

    private async Task<long> CopyBodyAsync(HttpResponseMessage response, string temp, long? expectedLength, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        long received = 0;
        var head = new List<byte>(2);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            while (true)
            {
                // Each read gets the full read timeout: a slow but steady download is fine, a stalled one is not.
                timeout.CancelAfter(options.ReadTimeout);
                int n = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (n == 0)
                    break;
                for (int i = 0; i < n && head.Count < 2; i++)
                    head.Add(buffer[i]);
                if (received < 2 && head.Count == 2 && !(head[0] == 0x1F && head[1] == 0x8B))
                {
                    throw new AttemptFailure(head[0] == (byte)'<'
                        ? "the body is an HTML/XML page (starts with '<'), not gzip data; the mirror may have moved, or a proxy or captive portal intercepted the request"
                        : $"the body is not gzip data: expected first bytes 1F 8B, found {head[0]:X2} {head[1]:X2}", transient: false);
                }
                await output.WriteAsync(buffer.AsMemory(0, n), timeout.Token).ConfigureAwait(false);
                received += n;
            }
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            output.Flush(flushToDisk: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AttemptFailure($"read timeout: no data for {Seconds(options.ReadTimeout)} after {received:N0}{Of(expectedLength)} bytes", transient: true);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new AttemptFailure($"connection lost after {received:N0}{Of(expectedLength)} bytes (truncated body): {e.Message}", transient: true);
        }
        if (head.Count < 2)
            throw new AttemptFailure($"the body is {received} byte(s) long, not gzip data", transient: false);
        return received;
    }

    private static string Of(long? expectedLength) => expectedLength is long l ? $" of {l:N0}" : "";

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.###} s";

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not delete the temporary file {Path}: {Reason}", path, e.Message);
        }
    }
}
