// Tests of `export-onnx` through the real command line: the model.onnx entry of a package written by ModelInterop
// lands in the requested file byte for byte, and a package without one is bad input naming the entry.
using Experiments.Engine.Random;
using Experiments.ML.Models;
using Experiments.ML.Packaging.Interop;
using Experiments.ML.Packaging.MLNet;
using Experiments.Pipelines.Commands;

namespace Experiments.Pipelines.Tests.Commands;

public sealed class ExportOnnxCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("experiments-export-onnx-").FullName;

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Cli.RunAsync([.. args, "--quiet"], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ExportOnnx_WritesTheModelOnnxEntry_AndDescribesTheGraph()
    {
        var network = ModelFactory.Create(ModelPresets.Get("mlp-32-32").Spec, InputShape.Mnist, 3, new RandomStreams(1));
        var zip = Path.Combine(_folder, "model.zip");
        ModelInterop.SaveMLNetZip(zip, network, new InputSchema(), ["cat", "dog", "bird"]);

        var target = Path.Combine(_folder, "exported.onnx");
        var (code, output, error) = await Run("export-onnx", zip, "-o", target);
        Assert.True(code == ExitCodes.Ok, $"exit {code}; stderr: {error}");
        Assert.Equal(ModelInterop.ReadOnnx(zip), File.ReadAllBytes(target));
        Assert.Contains("input:   Image Float [N, 784]", output);
        Assert.Contains("outputs: Score Float [N, 3]; PredictedLabel Int64 [N]", output);
        Assert.Contains("classes: cat, dog, bird", output);

        // Without -o the file goes beside the zip.
        (code, _, error) = await Run("export-onnx", zip);
        Assert.True(code == ExitCodes.Ok, $"exit {code}; stderr: {error}");
        Assert.True(File.Exists(Path.Combine(_folder, "model.onnx")));
    }

    [Fact]
    public async Task ExportOnnx_OfAPackageWithoutModelOnnx_IsBadInputNamingTheEntry()
    {
        var zip = Path.Combine(_folder, "old.zip");
        MLNetModelZip.SaveEntries(zip, [("manifest.json", "{}"u8.ToArray())]);
        var (code, _, error) = await Run("export-onnx", zip);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("model.onnx", error);
        Assert.Contains("manifest.json", error);
        Assert.False(File.Exists(Path.Combine(_folder, "old.onnx")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
