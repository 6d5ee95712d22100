// Helpers for the definition tests: parse inline YAML and capture the errors of an invalid definition.
using Experiments.Pipelines.Definitions;

namespace Experiments.Pipelines.Tests.Definitions;

internal static class DefinitionTestKit
{
    /// <summary>A minimal valid definition; tests append or replace lines.</summary>
    public const string Minimal = """
        name: t
        dataset: {name: fashion-mnist}
        runs:
          - model: mlp-32-32
        """;

    public static IReadOnlyList<DefinitionError> Errors(string yaml, PipelineOverrides? overrides = null)
    {
        var e = Assert.Throws<PipelineDefinitionException>(() =>
        {
            var definition = PipelineLoader.Parse(yaml, "t.yaml");
            PipelineLoader.Expand(definition, overrides);
        });
        Assert.Contains(e.Errors[0].ToString(), e.Message);
        return e.Errors;
    }

    public static DefinitionError Single(string yaml, PipelineOverrides? overrides = null)
    {
        var errors = Errors(yaml, overrides);
        Assert.True(errors.Count == 1, "expected one error; found:\n" + string.Join("\n", errors));
        return errors[0];
    }

    public static PipelinePlan Plan(string yaml, PipelineOverrides? overrides = null) =>
        PipelineLoader.Expand(PipelineLoader.Parse(yaml, "t.yaml"), overrides);

    public static string PipelinesDirectory =>
        PipelineLoader.FindPipelinesDirectory() ?? throw new InvalidOperationException("pipelines/ not found above the test folder");
}
