// OnnxRuntimeNode: runs exported models with onnxruntime-node through tests/onnxruntime/run.js and reads the raw
// outputs back. Missing node or a missing/outdated npm install fails the test (never skips) with the fix: .ci/setup.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Experiments.ML.Tests.Packaging.Interop;

internal static class OnnxRuntimeNode
{
    /// <summary>One model's outputs: Score (N × classes, row-major) and PredictedLabel (N).</summary>
    public sealed record Outputs(float[] Score, long[] PredictedLabel, JsonElement Report);

    /// <summary>tests/onnxruntime, found from this source file (tests run from the source tree).</summary>
    public static string RunnerFolder([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "..", "onnxruntime"));

    /// <summary>Runs every model in <paramref name="models"/> on <paramref name="input"/> (n × features) in one node process.</summary>
    public static Dictionary<string, Outputs> Run(IReadOnlyList<string> models, float[] input, int n, int features, string workDir)
    {
        var folder = RunnerFolder();
        var binding = Path.Combine(folder, "node_modules", "onnxruntime-node", "package.json");
        Assert.True(File.Exists(binding),
            $"onnxruntime-node is not installed in {folder} (no {binding}); run .ci/setup (it runs `npm ci` there with ONNXRUNTIME_NODE_INSTALL_CUDA=skip)");
        var inputPath = Path.Combine(workDir, "input.f32");
        var raw = new byte[4 * input.Length];
        for (int i = 0; i < input.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), input[i]);
        File.WriteAllBytes(inputPath, raw);

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(folder, "run.js"));
        foreach (var a in new[] { inputPath, n.ToString(), features.ToString(), workDir }.Concat(models)) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"could not start node ({ex.Message}); install Node.js and the test runtime with .ci/setup");
            throw;
        }
        using (process)
        {
            var stderrTask = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"node run.js exited with {process.ExitCode}; if the runtime is missing run .ci/setup\nstderr:\n{stderrTask.Result}");
            using var report = JsonDocument.Parse(stdout);
            var result = new Dictionary<string, Outputs>();
            foreach (var model in report.RootElement.GetProperty("models").EnumerateObject())
            {
                var scoreBytes = File.ReadAllBytes(Path.Combine(workDir, $"{model.Name}.Score.f32"));
                var labelBytes = File.ReadAllBytes(Path.Combine(workDir, $"{model.Name}.PredictedLabel.i64"));
                var score = new float[scoreBytes.Length / 4];
                for (int i = 0; i < score.Length; i++) score[i] = BinaryPrimitives.ReadSingleLittleEndian(scoreBytes.AsSpan(4 * i));
                var labels = new long[labelBytes.Length / 8];
                for (int i = 0; i < labels.Length; i++) labels[i] = BinaryPrimitives.ReadInt64LittleEndian(labelBytes.AsSpan(8 * i));
                result[model.Name] = new Outputs(score, labels, model.Value.Clone());
            }
            return result;
        }
    }
}
