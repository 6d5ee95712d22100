// PipelineDefinition: a definition that parsed and validated (with no overrides), ready to expand.
namespace Experiments.Pipelines.Definitions;

/// <summary>
/// A validated pipeline definition: its name, description and source. Obtain one from
/// <see cref="PipelineLoader.Load"/>, <see cref="PipelineLoader.Parse"/> or <see cref="PipelineLoader.Find"/>, then
/// call <see cref="PipelineLoader.Expand"/> with the command line's overrides to get the runs.
/// </summary>
public sealed class PipelineDefinition
{
    internal PipelineDefinition(string name, string description, string sourceName, string sourcePath, string text, int runCount)
    {
        SourceName = sourceName;
        Name = name;
        Description = description;
        SourcePath = sourcePath;
        Text = text;
        RunCount = runCount;
    }

    /// <summary>How errors name the source: the path as given to Load, or the name given to Parse.</summary>
    internal string SourceName { get; }

    /// <summary>The definition's <c>name</c>.</summary>
    public string Name { get; }

    /// <summary>Its <c>description</c> ("" when none).</summary>
    public string Description { get; }

    /// <summary>The full path of the file it was read from (or the source name given to Parse).</summary>
    public string SourcePath { get; }

    /// <summary>The YAML text as read.</summary>
    public string Text { get; }

    /// <summary>How many runs it expands to without overrides.</summary>
    public int RunCount { get; }
}
