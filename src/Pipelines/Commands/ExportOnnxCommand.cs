// ExportOnnxCommand: `export-onnx <model.zip> [-o file.onnx]` writes the model.zip's `model.onnx` entry to a file
// (default: beside the zip, same name with .onnx) and prints what the graph takes and returns, so the file can go
// to any ONNX Runtime. docs/mlnet.md shows the consuming code.
using System.CommandLine;
using Experiments.ML.Packaging.Interop;
using Experiments.ML.Packaging.Onnx;

namespace Experiments.Pipelines.Commands;

/// <summary>The <c>export-onnx</c> verb.</summary>
internal static class ExportOnnxCommand
{
    public static Command Create(TextWriter output)
    {
        var zipArgument = new Argument<string>("model.zip") { Description = "A model package holding model.onnx." };
        var outputOption = new Option<string?>("--output", "-o") { Description = "The .onnx file to write (default: the zip's path with .onnx)." };
        var command = new Command("export-onnx", "Write a model package's ONNX graph (raw pixels in; Score and PredictedLabel out) to a .onnx file.");
        command.Add(zipArgument);
        command.Add(outputOption);
        command.SetAction(parsed => Cli.Execute(parsed, _ =>
            Export(output, parsed.GetRequiredValue(zipArgument), parsed.GetValue(outputOption))));
        return command;
    }

    private static int Export(TextWriter output, string zipPath, string? onnxPath)
    {
        onnxPath ??= Path.ChangeExtension(zipPath, ".onnx");
        var bytes = ModelInterop.ExtractOnnx(zipPath, onnxPath);
        var model = OnnxModelReader.Read(bytes, onnxPath);
        string Describe(OnnxValueInfo v) => $"{v.Name} {v.ElementType} [{(v.Shape is null ? "?" : string.Join(", ", v.Shape))}]";
        output.WriteLine($"wrote {onnxPath} ({bytes.Length:N0} bytes, opset {model.OpsetImports.First(o => o.Domain.Length == 0).Version}, IR {model.IrVersion})");
        output.WriteLine($"input:   {string.Join("; ", model.Graph.Inputs.Select(Describe))}");
        output.WriteLine($"outputs: {string.Join("; ", model.Graph.Outputs.Select(Describe))}");
        var classes = model.MetadataProps.FirstOrDefault(p => p.Key == OnnxExporter.ClassNamesKey);
        if (classes.Key is not null)
            output.WriteLine($"classes: {string.Join(", ", OnnxExporter.ReadClassNames(bytes))}");
        return ExitCodes.Ok;
    }
}
