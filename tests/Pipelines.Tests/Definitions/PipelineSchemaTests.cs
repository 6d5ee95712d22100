// The committed JSON Schema equals the generated one, and it is well-formed draft 2020-12 naming every key.
using System.Text.Json;
using Experiments.Pipelines.Definitions;
using Experiments.ML.Packaging;
using static Experiments.Pipelines.Tests.Definitions.DefinitionTestKit;

namespace Experiments.Pipelines.Tests.Definitions;

public sealed class PipelineSchemaTests
{
    private const string RegenerateCommand =
        "EXPERIMENTS_REGENERATE_SCHEMA=1 dotnet test tests/Pipelines.Tests -c Release --filter FullyQualifiedName~PipelineSchemaTests";

    [Fact]
    public void Committed_schema_equals_the_generated_one()
    {
        var path = Path.Combine(PipelinesDirectory, "schema", "pipeline.schema.json");
        var generated = PipelineSchema.Generate();
        if (Environment.GetEnvironmentVariable("EXPERIMENTS_REGENERATE_SCHEMA") == "1") AtomicFile.WriteAllText(path, generated);
        Assert.True(File.Exists(path), $"{path} is missing; regenerate it with: {RegenerateCommand}");
        var committed = File.ReadAllText(path);
        Assert.True(committed == generated, $"{path} is out of date with the loader's section specs; regenerate it with: {RegenerateCommand}");
    }

    [Fact]
    public void Readme_reference_equals_the_generated_one()
    {
        var path = Path.Combine(PipelinesDirectory, "README.md");
        var readme = File.ReadAllText(path);
        var generated = PipelineReference.Markdown();
        var begin = readme.IndexOf(PipelineReference.BeginMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(PipelineReference.EndMarker, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("EXPERIMENTS_REGENERATE_SCHEMA") == "1")
        {
            readme = begin >= 0 && end > begin
                ? readme[..begin] + generated + readme[(end + PipelineReference.EndMarker.Length + 1)..]
                : readme + generated;
            AtomicFile.WriteAllText(path, readme);
            (begin, end) = (readme.IndexOf(PipelineReference.BeginMarker, StringComparison.Ordinal), readme.IndexOf(PipelineReference.EndMarker, StringComparison.Ordinal));
        }
        Assert.True(begin >= 0 && end > begin, $"{path} lacks the generated reference block; regenerate it with: {RegenerateCommand}");
        var committed = readme[begin..(end + PipelineReference.EndMarker.Length + 1)];
        Assert.True(committed == generated, $"the reference in {path} is out of date with the loader's section specs; regenerate it with: {RegenerateCommand}");
        Assert.Contains("| `lr` | number > 0 | `0.001` | learning rate |", generated);
    }

    [Fact]
    public void Schema_is_draft_2020_12_and_closed_with_every_section_defined()
    {
        using var doc = JsonDocument.Parse(PipelineSchema.Generate());
        var root = doc.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        var defs = root.GetProperty("$defs");
        foreach (var name in new[] { "dataset", "optimizer", "scheduler", "run", "matrix", "mlp", "conv2d", "conv_block", "color_jitter", "random_affine" })
            Assert.True(defs.TryGetProperty(name, out _), $"$defs lacks {name}");
        var kinds = defs.GetProperty("optimizer").GetProperty("properties").GetProperty("kind").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "nadam", "adagrad"], kinds);
        var text = doc.RootElement.GetRawText();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "\"\\$ref\":\\s*\"#/\\$defs/([a-z_0-9]+)\""))
            Assert.True(defs.TryGetProperty(m.Groups[1].Value, out _), $"dangling $ref {m.Groups[1].Value}");
    }
}
