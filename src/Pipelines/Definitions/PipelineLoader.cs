// PipelineLoader: the entry point of the definitions layer. Load/Parse read and strictly validate a definition
// (collecting every error with file:line:col before anything trains), Find resolves a name to pipelines/<name>.yaml,
// Expand applies command-line overrides and produces the PipelinePlan. Expansion re-reads the text, so a definition
// object is immutable and can be expanded with different overrides.
using System.Text;
using Experiments.Pipelines.Definitions.Binding;
using Experiments.Pipelines.Definitions.Yaml;

namespace Experiments.Pipelines.Definitions;

/// <summary>Reads, validates, finds and expands pipeline definitions (YAML files in <c>pipelines/</c>).</summary>
public static class PipelineLoader
{
    /// <summary>The largest definition accepted (1 MiB); real ones are a few kilobytes.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>The deepest nesting of mappings and lists accepted.</summary>
    public const int MaxDepth = YamlTreeReader.MaxDepth;

    /// <summary>Reads and validates the definition at <paramref name="path"/>; errors name the path as given.</summary>
    /// <exception cref="PipelineDefinitionException">The file is missing, too large, or the definition is invalid.</exception>
    public static PipelineDefinition Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw Single(path, $"no such file (looked at {Path.GetFullPath(path)}). Give a path to a .yaml file or a pipeline name from pipelines/.");
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw Single(path, $"the file is {length:N0} bytes; definitions are capped at {MaxFileBytes:N0} bytes (1 MiB). A definition lists runs, not data.");
        return ParseAt(File.ReadAllText(path, Encoding.UTF8), path, Path.GetFullPath(path));
    }

    /// <summary>Parses and validates definition text; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="PipelineDefinitionException">The definition is invalid.</exception>
    public static PipelineDefinition Parse(string text, string sourceName) => ParseAt(text, sourceName, sourceName);

    private static PipelineDefinition ParseAt(string text, string sourceName, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plan = Build(text, sourceName, sourcePath, PipelineOverrides.None);
        return new PipelineDefinition(plan.Name, plan.Description, sourceName, sourcePath, text, plan.Runs.Count);
    }

    /// <summary>Expands <paramref name="definition"/> with <paramref name="overrides"/> into the runs to train.</summary>
    /// <exception cref="PipelineDefinitionException">An override is invalid (bad --set path or value, unknown dataset, ...).</exception>
    public static PipelinePlan Expand(PipelineDefinition definition, PipelineOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Build(definition.Text, definition.SourceName, definition.SourcePath, overrides ?? PipelineOverrides.None);
    }

    /// <summary>
    /// A definition by name (<c>pipelines/&lt;name&gt;.yaml</c> in <paramref name="pipelinesDirectory"/>, or the
    /// repository's pipelines folder found by <see cref="FindPipelinesDirectory"/>) or by path (anything ending in
    /// .yaml/.yml or containing a directory separator).
    /// </summary>
    /// <exception cref="PipelineDefinitionException">No such definition (with the known names and a did-you-mean), or it is invalid.</exception>
    public static PipelineDefinition Find(string nameOrPath, string? pipelinesDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        var looksLikePath = nameOrPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || nameOrPath.Contains('/') || nameOrPath.Contains(Path.DirectorySeparatorChar);
        if (looksLikePath) return Load(nameOrPath);
        var folder = pipelinesDirectory ?? FindPipelinesDirectory()
            ?? throw Single(nameOrPath, $"no pipelines/ folder found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; run from the repository or give the path to a .yaml file.");
        var path = Path.Combine(folder, nameOrPath + ".yaml");
        if (File.Exists(path)) return Load(path);
        var names = ListNames(folder);
        throw Single(nameOrPath, $"no pipeline named '{nameOrPath}' in {folder}.{ErrorSink.DidYouMean(nameOrPath, names)} Known pipelines: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}.");
    }

    /// <summary>The names of the definitions in <paramref name="pipelinesDirectory"/> (file names without .yaml), sorted.</summary>
    public static IReadOnlyList<string> ListNames(string pipelinesDirectory) =>
        Directory.Exists(pipelinesDirectory)
            ? Directory.GetFiles(pipelinesDirectory, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>
    /// The repository's <c>pipelines/</c> folder: the first folder named pipelines holding .yaml files, walking up
    /// from the current directory, then from <see cref="AppContext.BaseDirectory"/>; null when there is none.
    /// </summary>
    public static string? FindPipelinesDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "pipelines");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yaml").Any()) return candidate;
            }
        }
        return null;
    }

    private static PipelinePlan Build(string text, string sourceName, string sourcePath, PipelineOverrides overrides)
    {
        var errors = new ErrorSink();
        if (Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
            throw Single(sourceName, $"the definition is {Encoding.UTF8.GetByteCount(text):N0} bytes; definitions are capped at {MaxFileBytes:N0} bytes (1 MiB).");
        var root = YamlTreeReader.Read(text, sourceName, errors);
        if (root is YMapping map) OverrideApplier.Apply(map, overrides, errors);
        var plan = errors.Count == 0 || root is YMapping ? PlanBuilder.Build(root, sourcePath, errors) : null;
        errors.ThrowIfAny();
        return plan ?? throw new InvalidOperationException("plan building reported no error but produced no plan");
    }

    private static PipelineDefinitionException Single(string file, string message) =>
        new([new DefinitionError(file, 0, 0, "", message)]);
}
