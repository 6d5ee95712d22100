// PipelineDefinitionException: the one exception of the definitions layer, carrying every problem found at once.
namespace Experiments.Pipelines.Definitions;

/// <summary>
/// A pipeline definition (or a <c>--set</c> override) that cannot be run. <see cref="Errors"/> holds every problem
/// found, in file order; the message lists them one per line as <c>file:line:col: key.path: message</c>.
/// </summary>
public sealed class PipelineDefinitionException : Exception
{
    /// <summary>Creates the exception from at least one error.</summary>
    public PipelineDefinitionException(IReadOnlyList<DefinitionError> errors)
        : base(Describe(errors))
    {
        if (errors.Count == 0) throw new ArgumentException("at least one error is required", nameof(errors));
        Errors = errors;
    }

    /// <summary>Every problem found, ordered by file, line and column.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }

    private static string Describe(IReadOnlyList<DefinitionError> errors)
    {
        string header = errors.Count == 1
            ? "The pipeline definition has 1 error:"
            : $"The pipeline definition has {errors.Count} errors:";
        return header + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
    }
}
