// ErrorSink: collects every definition error (deduplicated: a defaults error seen by 15 runs is reported once)
// so validation reports all problems in one pass instead of the first.
using Experiments.ML.Models;
using Experiments.Pipelines.Definitions.Yaml;

namespace Experiments.Pipelines.Definitions.Binding;

internal sealed class ErrorSink
{
    private readonly List<DefinitionError> _errors = [];
    private readonly HashSet<DefinitionError> _seen = [];

    public int Count => _errors.Count;

    public void Add(SourceMark at, string keyPath, string message)
    {
        var error = new DefinitionError(at.File, at.Line, at.Column, keyPath, message);
        if (_seen.Add(error)) _errors.Add(error);
    }

    public void Add(YNode at, string keyPath, string message) => Add(at.Mark, keyPath, message);

    /// <summary>Throws a <see cref="PipelineDefinitionException"/> with every error so far, ordered by position.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count == 0) return;
        var ordered = _errors
            .Select((e, i) => (e, i))
            .OrderBy(p => p.e.File == "--set" || p.e.File.StartsWith("--", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(p => p.e.File, StringComparer.Ordinal)
            .ThenBy(p => p.e.Line).ThenBy(p => p.e.Column).ThenBy(p => p.i)
            .Select(p => p.e)
            .ToArray();
        throw new PipelineDefinitionException(ordered);
    }

    /// <summary>" Did you mean 'x'?" when a known name is within typo distance of <paramref name="found"/>, else "".</summary>
    public static string DidYouMean(string found, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            var d = ModelPresets.EditDistance(found.ToLowerInvariant(), name.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (name, d);
        }
        if (best is null) return "";
        var limit = Math.Max(2, Math.Min(found.Length, best.Length) / 3);
        return bestDistance <= limit ? $" Did you mean '{best}'?" : "";
    }
}
