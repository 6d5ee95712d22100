// Interop with Debian's python3 + numpy: the weights.safetensors of a written model.zip, extracted, reads back in
// numpy (the SafeTensors/read_safetensors_numpy.py script, plain json + np.frombuffer) with every value bit-identical
// to the network's state dict; and Python's zipfile + hashlib agree with every size and SHA-256 in the manifest.
using System.IO.Compression;
using System.Text.Json;
using Experiments.ML.Packaging;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Packaging.ModelPackages;

public sealed class ModelPackagePythonTests
{
    [Fact]
    public void Numpy_ReadsTheExtractedWeights_BitIdentical()
    {
        using var temp = new TempDirectory();
        var content = PackageFixtures.Content("compact-bn-gap");
        var zip = temp.File("model.zip");
        ModelPackageWriter.Write(zip, content);
        var weights = temp.File("weights.safetensors");
        using (var archive = ZipFile.OpenRead(zip))
            archive.GetEntry(PackageEntryNames.Weights)!.ExtractToFile(weights);

        using var report = JsonDocument.Parse(PythonScript.Run("SafeTensors/read_safetensors_numpy.py", weights));
        var tensors = report.RootElement.GetProperty("tensors");
        var state = content.Network.StateDict();
        Assert.Equal(state.Keys.Order(StringComparer.Ordinal), tensors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in state)
        {
            var t = tensors.GetProperty(name);
            Assert.Equal(tensor.ShapeArray().Select(d => (long)d), t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            var expected = tensor.ToArray();
            var actual = t.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            var mismatches = Enumerable.Range(0, expected.Length)
                .Where(i => BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                .Take(5).Select(i => $"[{i}] ours {expected[i]:R} numpy {actual[i]:R}").ToList();
            Assert.True(mismatches.Count == 0, $"{name}: first mismatches: {string.Join("; ", mismatches)}");
        }
        Assert.Equal("pt", report.RootElement.GetProperty("metadata").GetProperty("format").GetString());
    }

    [Fact]
    public void PythonZipfile_AgreesWithEveryManifestHash()
    {
        using var temp = new TempDirectory();
        var zip = temp.File("model.zip");
        ModelPackageWriter.Write(zip, PackageFixtures.Content("cnn-s3", extra: [new PackageEntry("model.onnx", [1, 2, 3, 4])]));
        using var report = JsonDocument.Parse(PythonScript.Run("ModelPackages/check_model_zip.py", zip));
        var root = report.RootElement;
        Assert.Equal(ModelManifest.FormatName, root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("format_version").GetInt32());
        var entries = root.GetProperty("entries");
        Assert.Equal(["model.onnx", "report.json", "weights.safetensors"], entries.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var entry in entries.EnumerateObject())
            Assert.True(entry.Value.GetProperty("sha256_ok").GetBoolean(), $"{entry.Name}: Python's SHA-256 differs from the manifest");
        Assert.Equal(0, root.GetProperty("unlisted").GetArrayLength());
    }
}

/// <summary>
/// PyTorch (Debian python3-torch, through the committed golden Goldens/torch_logits.json written by
/// torch_from_package.py) rebuilt every preset from the manifest alone and loaded weights.safetensors with
/// load_state_dict(strict=True) — so every name, shape and buffer lines up with PyTorch's own state_dict — and its
/// logits on fixed raw pixels must equal ImageClassifier's. The golden records the weights' SHA-256, so a change of
/// the fixtures or of the engine's init tells "regenerate" apart from "wrong result".
/// </summary>
public sealed class ModelPackageTorchGoldenTests
{
    private const string DumpVariable = "EXPERIMENTS_TORCH_GOLDEN_DIR";

    private static string ThisFolder([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    [Fact]
    public void Torch_LoadsEveryPresetStrictly_AndComputesTheSameLogits()
    {
        using var temp = new TempDirectory();
        var dump = Environment.GetEnvironmentVariable(DumpVariable);
        var folder = string.IsNullOrEmpty(dump) ? temp.Path : Directory.CreateDirectory(dump).FullName;
        var random = new Experiments.Engine.Random.RandomStream(5);
        var pixels = new byte[6 * 784];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)random.NextInt(256);
        File.WriteAllBytes(Path.Combine(folder, "pixels.bin"), pixels);
        var presets = Experiments.ML.Models.ModelPresets.Names.ToArray();
        foreach (var preset in presets) ModelPackageWriter.Write(Path.Combine(folder, $"{preset}.zip"), PackageFixtures.Content(preset));
        if (!string.IsNullOrEmpty(dump))
            Assert.Fail($"{DumpVariable} is set: wrote the packages and pixels.bin to {folder}; now run torch_from_package.py as its header says.");

        var goldenPath = Path.Combine(ThisFolder(), "Goldens", "torch_logits.json");
        using var golden = JsonDocument.Parse(File.ReadAllBytes(goldenPath));
        var models = golden.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("package").GetString()!);
        Assert.Equal(presets.Select(p => $"{p}.zip").Order(StringComparer.Ordinal), models.Keys.Order(StringComparer.Ordinal));
        foreach (var preset in presets)
        {
            var zip = Path.Combine(folder, $"{preset}.zip");
            var model = models[$"{preset}.zip"];
            var package = ModelPackage.Load(zip);
            var sha = package.Manifest.Entries[PackageEntryNames.Weights].Sha256;
            Assert.True(sha == model.GetProperty("weights_sha256").GetString(),
                $"{preset}: the fixture weights changed (engine init or PackageFixtures); regenerate {goldenPath} as torch_from_package.py's header says.");
            var torch = model.GetProperty("logits").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var ours = Experiments.ML.Inference.ImageClassifier.FromPackage(package).PredictBatch(pixels);
            Assert.Equal(6, torch.Length);
            // float32 networks summing hundreds of products in different orders: |a − b| ≤ 1e-4 + 1e-4·|b|.
            var worst = 0.0;
            var mismatches = new List<string>();
            for (var i = 0; i < 6; i++)
                for (var k = 0; k < 10; k++)
                {
                    var diff = Math.Abs(ours[i].Logits[k] - torch[i][k]);
                    worst = Math.Max(worst, diff);
                    if (diff > 1e-4 + 1e-4 * Math.Abs(torch[i][k])) mismatches.Add($"[{i},{k}] ours {ours[i].Logits[k]:R} torch {torch[i][k]:R}");
                }
            Assert.True(mismatches.Count == 0, $"{preset}: max diff {worst}; first mismatches: {string.Join("; ", mismatches.Take(5))}");
        }
    }
}
