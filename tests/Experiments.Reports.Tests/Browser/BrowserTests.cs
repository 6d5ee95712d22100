// report.html and comparison.html in a real browser: headless chromium loads each page built from synthetic runs,
// logs no console message or error, and writes a screenshot into the test output folder (TestOutput/browser).
using Experiments.Reports.Comparison;
using Experiments.Reports.Model;
using Experiments.Reports.Tests.Support;
using Xunit.Abstractions;

namespace Experiments.Reports.Tests.Browser;

public class BrowserTests(ITestOutputHelper output)
{
    private static readonly string OutputFolder = Path.Combine(AppContext.BaseDirectory, "TestOutput", "browser");

    private static string Folder(string name)
    {
        string folder = Path.Combine(OutputFolder, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static RunReport[] Runs() =>
    [
        SyntheticRuns.Create("cnn-s3", 0.90, seed: 1, testCount: 3000, architecture: "conv2d: conv 1→10 k5, pool2, relu, conv 10→20 k5, pool2, relu, fc 320-50-10"),
        SyntheticRuns.Create("cnn-s3-seed2", 0.905, seed: 2, testCount: 3000, architecture: "conv2d: conv 1→10 k5, pool2, relu, conv 10→20 k5, pool2, relu, fc 320-50-10"),
        SyntheticRuns.Create("mlp-32-32", 0.85, seed: 1, testCount: 3000,
            hyperparameters: [new("epochs", "6"), new("batchSize", "100"), new("optimizer.name", "sgd"), new("optimizer.lr", "0.01"), new("loss", "cross_entropy")]),
        SyntheticRuns.Create("cnn1d <rows>", 0.87, seed: 1, testCount: 3000, architecture: "conv1d: rows as 28 channels"),
    ];

    [ChromiumFact]
    public void Run_report_loads_without_console_errors_and_is_screenshotted()
    {
        string folder = Folder("run");
        ReportWriter.WriteRun(Runs()[0], folder);
        AssertLoadsCleanly(Path.Combine(folder, "report.html"), Path.Combine(OutputFolder, "report.png"));
    }

    [ChromiumFact]
    public void Comparison_loads_without_console_errors_and_is_screenshotted()
    {
        string folder = Folder("comparison");
        ReportWriter.WriteComparison(RunComparer.Compare(Runs()), folder);
        AssertLoadsCleanly(Path.Combine(folder, "comparison.html"), Path.Combine(OutputFolder, "comparison.png"));
    }

    [ChromiumFact]
    public void The_console_check_catches_a_page_that_logs_an_error()
    {
        // Proves the detection above can fail: the same capture on a page with a script error finds it.
        string page = Path.Combine(Folder("sanity"), "broken.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><p>x</p><script>console.error('boom'); missingFunction();</script></body></html>");
        var result = Chromium.Run(page, "--dump-dom");
        Assert.Contains(result.ConsoleLines, l => l.Contains("boom"));
        Assert.Contains(result.ConsoleLines, l => l.Contains("missingFunction is not defined"));
    }

    private void AssertLoadsCleanly(string html, string screenshot)
    {
        File.Delete(screenshot);
        var dom = Chromium.Run(html, "--dump-dom");
        Assert.True(dom.ExitCode == 0, $"chromium --dump-dom exited with {dom.ExitCode}:\n{dom.Stderr}");
        Assert.True(dom.ConsoleLines.Length == 0, $"console messages while loading {html}:\n{string.Join("\n", dom.ConsoleLines)}");
        Assert.Contains("</svg>", dom.Stdout);
        Assert.Contains("</html>", dom.Stdout);

        var shot = Chromium.Run(html, "--window-size=1280,2600", $"--screenshot={screenshot}");
        Assert.True(shot.ExitCode == 0, $"chromium --screenshot exited with {shot.ExitCode}:\n{shot.Stderr}");
        Assert.True(shot.ConsoleLines.Length == 0, $"console messages while loading {html}:\n{string.Join("\n", shot.ConsoleLines)}");
        Assert.True(File.Exists(screenshot), $"chromium wrote no screenshot to {screenshot}:\n{shot.Stderr}");
        byte[] png = File.ReadAllBytes(screenshot);
        Assert.True(png.Length > 20_000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G',
            $"{screenshot} is {png.Length} bytes; expected a PNG of a rendered page (> 20 kB)");
        output.WriteLine($"screenshot: {screenshot} ({png.Length} bytes)");
    }
}
