// DatasetResolverOptions: everything resolution reads from the outside world, injectable so tests are hermetic.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Experiments.ML.Data.Catalog;

/// <summary>
/// Options of <see cref="DatasetResolver"/>. Defaults read the real environment; tests replace the environment
/// lookup, home folder, system folders, mirrors and HTTP handler. Timeouts bound a download by inactivity, not
/// total time: <see cref="ConnectTimeout"/> for the TCP connect, <see cref="ReadTimeout"/> for the response
/// headers and for every read of the body.
/// </summary>
public sealed record DatasetResolverOptions
{
    /// <summary>Name of the environment variable holding a data folder.</summary>
    public const string DataEnvironmentVariable = "EXPERIMENTS_DATA";

    /// <summary>Datasets known by name.</summary>
    public DatasetCatalog Catalog { get; init; } = DatasetCatalog.Default;

    /// <summary>A directory given by a pipeline definition or <c>--data-dir</c>; when set, it must hold all four files.</summary>
    public string? ExplicitDirectory { get; init; }

    /// <summary>Environment lookup (<c>EXPERIMENTS_DATA</c>, <c>XDG_CACHE_HOME</c>).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The user's home folder; <c>~/.cache</c> is under it when <c>XDG_CACHE_HOME</c> is unset.</summary>
    public string HomeDirectory { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>Roots holding one folder per dataset, tried in order (Debian: <c>/usr/share/datasets</c>).</summary>
    public IReadOnlyList<string> SystemDirectories { get; init; } = ["/usr/share/datasets"];

    /// <summary>Download missing datasets into the user cache. False = offline.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Mirrors to use instead of the catalog entry's (tests point this at a local server).</summary>
    public IReadOnlyList<Uri>? Mirrors { get; init; }

    /// <summary>
    /// HTTP handler for downloads; not disposed by the resolver. Null = a <see cref="SocketsHttpHandler"/> with
    /// <see cref="ConnectTimeout"/>.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for response headers or for any single read of the body.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra attempts per mirror after a transient failure (timeout, connection reset, 5xx, truncated body).</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Delay before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
