// report.html and comparison.html: escaping of every string, SVG parts well-formed XML, self-contained (no URLs,
// no external resources), and the sections the issue asks for.
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Experiments.Reports.Comparison;
using Experiments.Reports.Html;
using Experiments.Reports.Model;
using Experiments.Reports.Tests.Support;

namespace Experiments.Reports.Tests.Html;

public partial class HtmlTests
{
    private const string Hostile = "<script>alert('x')</script>&\"quoted\"";

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a<b>c", "a&lt;b&gt;c")]
    [InlineData("T-shirt/top & \"Coat\" 'x'", "T-shirt/top &amp; &quot;Coat&quot; &#39;x&#39;")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("bell\u0007", "bell\uFFFD")]
    [InlineData("", "")]
    public void Escape_replaces_markup_characters(string input, string expected) =>
        Assert.Equal(expected, Experiments.Reports.Html.Html.Escape(input));

    [Fact]
    public void Run_report_escapes_run_class_setting_and_layer_strings()
    {
        string[] classes = [.. SyntheticRuns.FashionClasses[..9], Hostile];
        var report = SyntheticRuns.Create(Hostile, 0.8, classNames: classes,
            hyperparameters: [new Hyperparameter("optimizer.name", Hostile), new Hyperparameter(Hostile, "1")]) with
        {
            Pipeline = Hostile,
            Environment = new EnvironmentInfo(Hostile, Hostile, Hostile, Hostile, Hostile),
        };
        string html = RunHtmlWriter.Render(report);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("alert('x')", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;quoted&quot;", html);
        AssertSvgPartsAreXml(html);
    }

    [Fact]
    public void Comparison_escapes_run_names_and_settings()
    {
        var a = SyntheticRuns.Create(Hostile, 0.85, hyperparameters: [new Hyperparameter("activation", Hostile)]);
        var b = SyntheticRuns.Create("plain", 0.8, hyperparameters: [new Hyperparameter("activation", "relu")]);
        string html = ComparisonHtmlWriter.Render(RunComparer.Compare([a, b]));
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;", html);
        AssertSvgPartsAreXml(html);
    }

    [Fact]
    public void Run_report_has_every_section_and_is_self_contained()
    {
        var report = SyntheticRuns.Create("cnn-s3", 0.87);
        string html = RunHtmlWriter.Render(report);
        foreach (string section in new[] { "Test metrics", "Learning curves", "Confusion matrix", "Per-class metrics", "Misclassified test images", "Model", "Hyperparameters", "Timings and environment" })
            Assert.Contains($"<h2>{section}</h2>", html);
        foreach (string metric in new[] { "MicroAccuracy", "MacroAccuracy", "LogLoss", "LogLossReduction", "TopKAccuracy", "TopKPredictionCount" })
            Assert.Contains($"<td class=\"l\">{metric}</td>", html);
        Assert.Contains("T-shirt/top", html);
        Assert.Equal(2, Regex.Matches(html, "<svg ").Count);                          // loss and accuracy
        Assert.Equal(report.Predictions.Misclassified.Count, Regex.Matches(html, "src=\"data:image/png;base64,").Count);
        Assert.Matches("<figcaption>#\\d+<br>[^<]+ → [^<]+</figcaption>", html);
        AssertSelfContained(html);
    }

    [Fact]
    public void Augmentation_section_lists_the_steps_and_embeds_the_preview_only_when_there_is_augmentation()
    {
        var plain = SyntheticRuns.Create("mlp", 0.8);
        Assert.DoesNotContain("<h2>Training augmentation</h2>", RunHtmlWriter.Render(plain));

        byte[] png = Experiments.ML.Imaging.PngEncoder.EncodeGray(new byte[4 * 4], 4, 4);
        var augmented = plain with { Augmentation = new AugmentationSummary(["random_horizontal_flip p=0.5", "color_jitter <b>"], png) };
        string html = RunHtmlWriter.Render(augmented);
        Assert.Contains("<h2>Training augmentation</h2>", html);
        Assert.Contains("<li><code>random_horizontal_flip p=0.5</code></li>", html);
        Assert.Contains("color_jitter &lt;b&gt;", html);
        Assert.Contains($"class=\"preview\" alt=\"augmentation preview\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"", html);
        AssertSelfContained(html);
    }

    [Fact]
    public void Learning_curves_have_axes_ticks_legend_and_one_line_per_series()
    {
        var report = SyntheticRuns.Create("mlp", 0.85, epochs: 8);
        var svgs = SvgParts(RunHtmlWriter.Render(report));
        var accuracy = svgs.Single(s => s.Element("title")!.Value == "Accuracy per epoch");
        var polylines = accuracy.Elements("polyline").ToArray();
        Assert.Equal(2, polylines.Length);                                            // train, validation
        Assert.All(polylines, p => Assert.Equal(8, p.Attribute("points")!.Value.Split(' ').Length));
        var texts = accuracy.Elements("text").Select(t => t.Value).ToArray();
        Assert.Contains("train accuracy", texts);
        Assert.Contains("validation accuracy", texts);
        Assert.Contains("epoch", texts);
        foreach (string tick in new[] { "1", "4", "8" })
            Assert.Contains(tick, texts);
    }

    [Fact]
    public void A_run_without_validation_draws_only_the_training_curve()
    {
        var svgs = SvgParts(RunHtmlWriter.Render(SyntheticRuns.Create("noval", 0.8, withValidation: false)));
        var loss = svgs.Single(s => s.Element("title")!.Value == "Loss per epoch");
        Assert.Single(loss.Elements("polyline"));
    }

    [Fact]
    public void Confusion_heatmap_shows_counts_with_row_colours_and_class_names()
    {
        var report = SyntheticRuns.Create("cnn", 0.9);
        string html = RunHtmlWriter.Render(report);
        long diagonal = report.TestMetrics.ConfusionCounts[0][0];
        Assert.Matches($"<td style=\"background:rgb\\(\\d+,\\d+,\\d+\\);color:#[0-9a-f]+\" title=\"T-shirt/top → T-shirt/top: {diagonal}\">{diagonal}</td>", html);
    }

    internal static XElement[] SvgParts(string html) =>
        SvgPattern().Matches(html).Select(m =>
        {
            try { return XElement.Parse(m.Value); }
            catch (System.Xml.XmlException e) { throw new Xunit.Sdk.XunitException($"SVG is not well-formed XML: {e.Message}\n{m.Value[..Math.Min(400, m.Value.Length)]}"); }
        }).ToArray();

    internal static void AssertSvgPartsAreXml(string html) => Assert.NotEmpty(SvgParts(html));

    internal static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("http:", html);
        Assert.DoesNotContain("https:", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        Assert.Matches(@"src=""data:", html);
        Assert.DoesNotMatch(@"src=""(?!data:)", html);
    }

    [GeneratedRegex("<svg[ >].*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgPattern();
}
