// TransformGoldens: reads goldens/transforms.json.gz, written by goldens/make_goldens.py from Debian's
// python3-torchvision (format "experiments-transform-goldens" version 1; layout in the script's docstring), and
// compares arrays with |a − b| ≤ atol, printing the first mismatches and the max difference on failure.
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Experiments.ML.Transforms;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Tests.Transforms;

internal static class TransformGoldens
{
    private static JsonDocument? _document;

    public static JsonElement Root => (_document ??= Load()).RootElement;

    public static IEnumerable<JsonElement> Cases(string op) =>
        Root.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("op").GetString() == op);

    /// <summary>Image <paramref name="index"/> as byte / 255 floats (1, H, W), and its shape.</summary>
    public static (float[] Pixels, ImageShape Shape) Image(int index)
    {
        JsonElement image = Root.GetProperty("images")[index];
        int h = image.GetProperty("height").GetInt32(), w = image.GetProperty("width").GetInt32();
        byte[] bytes = Convert.FromBase64String(image.GetProperty("pixels").GetString()!);
        Assert.Equal(h * w, bytes.Length);
        return (bytes.Select(b => b / 255f).ToArray(), new ImageShape(1, h, w));
    }

    public static float[] Floats(JsonElement c, string name)
    {
        byte[] bytes = Convert.FromBase64String(c.GetProperty(name).GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    public static string Describe(JsonElement c)
    {
        var parts = c.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.String || p.Value.GetString()!.Length < 40).Select(p => $"{p.Name}={p.Value}");
        return string.Join(" ", parts);
    }

    /// <summary>Asserts |actual − expected| ≤ atol everywhere; the message lists the first mismatches and the max difference.</summary>
    public static void AssertClose(float[] expected, float[] actual, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        var first = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs((double)actual[i] - expected[i]);
            if (double.IsNaN(d)) d = double.PositiveInfinity;
            max = Math.Max(max, d);
            if (d > atol && bad++ < 5) first.Append($" [{i}] expected {expected[i]:R} got {actual[i]:R};");
        }
        Assert.True(bad == 0, $"{what}: {bad} of {expected.Length} values differ by more than {atol:G3} (max diff {max:G3}):{first}");
    }

    private static JsonDocument Load([CallerFilePath] string sourceFile = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(sourceFile)!, "goldens", "transforms.json.gz");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Golden file not found at {path}; run goldens/make_goldens.py with /usr/bin/python3 to create it.", path);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var document = JsonDocument.Parse(gzip);
        string format = document.RootElement.GetProperty("format").GetString()!;
        int version = document.RootElement.GetProperty("version").GetInt32();
        if (format != "experiments-transform-goldens" || version != 1)
            throw new InvalidDataException($"{path}: expected format experiments-transform-goldens version 1; found {format} version {version}. Regenerate with goldens/make_goldens.py.");
        return document;
    }
}
