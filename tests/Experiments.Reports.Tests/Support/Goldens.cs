// Loads the committed goldens (Goldens/*.json, written by Goldens/make_statistics_goldens.py).
using System.Text.Json;

namespace Experiments.Reports.Tests.Support;

public static class Goldens
{
    public static JsonElement Statistics()
    {
        string path = System.IO.Path.Combine(AppContext.BaseDirectory, "Goldens", "statistics_goldens.json");
        Assert.True(File.Exists(path), $"Golden file missing: {path}. Run Goldens/make_statistics_goldens.py with /usr/bin/python3.");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
    }

    /// <summary>|a − b| ≤ atol + rtol·|b|, with a message naming the case.</summary>
    public static void Close(double expected, double actual, double rtol, double atol, string what)
    {
        double diff = Math.Abs(actual - expected);
        Assert.True(diff <= atol + rtol * Math.Abs(expected),
            $"{what}: expected {expected:R}, found {actual:R} (|diff| = {diff:R}, allowed {atol + rtol * Math.Abs(expected):R})");
    }
}
