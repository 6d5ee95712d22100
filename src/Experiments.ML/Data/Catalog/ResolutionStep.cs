// ResolutionStep: the places a dataset is looked for, in the order they are tried.
namespace Experiments.ML.Data.Catalog;

/// <summary>Where a dataset was looked for, in resolution order.</summary>
public enum ResolutionStep
{
    /// <summary>A directory given explicitly (pipeline definition or <c>--data-dir</c>).</summary>
    ExplicitDirectory,

    /// <summary>The <c>EXPERIMENTS_DATA</c> environment variable.</summary>
    EnvironmentVariable,

    /// <summary>The user cache: <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, then <c>experiments/datasets/&lt;name&gt;</c>.</summary>
    UserCache,

    /// <summary>System dataset folders such as <c>/usr/share/datasets/&lt;name&gt;</c> (Debian's dataset-* packages).</summary>
    SystemFolder,

    /// <summary>Downloaded from a mirror into the user cache.</summary>
    Download,
}
