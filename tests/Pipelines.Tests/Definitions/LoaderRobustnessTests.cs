// Loader robustness: truncated definitions fail only with definition errors; Load/Find name paths as given.
using Experiments.Pipelines.Definitions;
using static Experiments.Pipelines.Tests.Definitions.DefinitionTestKit;

namespace Experiments.Pipelines.Tests.Definitions;

public sealed class LoaderRobustnessTests
{
    [Fact]
    public void Every_prefix_of_a_shipped_definition_either_loads_or_fails_with_definition_errors()
    {
        var text = File.ReadAllText(Path.Combine(PipelinesDirectory, "mlp-vs-cnn.yaml"));
        for (var cut = 0; cut < text.Length; cut += 37)
        {
            try
            {
                PipelineLoader.Parse(text[..cut], "cut.yaml");
            }
            catch (PipelineDefinitionException e)
            {
                Assert.All(e.Errors, x => Assert.Equal("cut.yaml", x.File));
            }
        }
    }

    [Fact]
    public void Load_names_the_path_as_given_in_errors_and_Find_accepts_paths()
    {
        var missing = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Load("no/such.yaml"));
        Assert.StartsWith("no/such.yaml: no such file", Assert.Single(missing.Errors).ToString());

        var folder = Path.Combine(Path.GetTempPath(), "defs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "bad.yaml");
            File.WriteAllText(path, Minimal + "\ndefaults: {epochs: 0}\n");
            var e = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Find(path));
            Assert.Equal((path, 5, 20), (e.Errors[0].File, e.Errors[0].Line, e.Errors[0].Column));
            File.WriteAllText(path, Minimal);
            var definition = PipelineLoader.Find("bad", folder);
            Assert.Equal((path, 1), (definition.SourcePath, definition.RunCount));
            var expand = Assert.Throws<PipelineDefinitionException>(() => PipelineLoader.Expand(definition, new PipelineOverrides { Set = ["runs[0].model=cnn2"] }));
            Assert.Equal("--set", expand.Errors[0].File);
            Assert.Contains("Did you mean 'cnn1d'?", expand.Errors[0].Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
