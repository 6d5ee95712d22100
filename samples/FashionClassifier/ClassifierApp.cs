// ClassifierApp: the whole sample. Everything a consumer needs is ImageClassifier: Load once, then ScoreIdx for a
// file or Predict for one image. Kept in a class (not top-level statements) so the tests can run it in-process.
using System.Globalization;
using Experiments.ML.Data;
using Experiments.ML.Inference;
using Experiments.ML.Packaging;

namespace FashionClassifier;

/// <summary>The sample's command line: classify an IDX file with a model package.</summary>
public static class ClassifierApp
{
    /// <summary>Usage text.</summary>
    public const string Usage = "usage: FashionClassifier <model.zip> <images.idx[.gz]> [<labels.idx[.gz]>] [--index N]";

    /// <summary>Runs the sample; returns 0 on success, 1 when a file is bad, 2 on bad usage.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var positional = new List<string>();
        int? index = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--index" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                index = n;
                i++;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                error.WriteLine($"unknown option {args[i]}; {Usage}");
                return 2;
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        if (positional.Count is < 2 or > 3)
        {
            error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var classifier = ImageClassifier.Load(positional[0]);
            var manifest = classifier.Manifest;
            output.WriteLine($"model: {manifest.Architecture.Kind}, {manifest.ClassNames.Count} classes, format {manifest.Format} v{manifest.FormatVersion}, written by Experiments.ML {manifest.LibraryVersion}");
            if (index is { } at)
            {
                var p = classifier.PredictIdx(positional[1], at);
                output.WriteLine($"image {at}: {p.ClassName} (label {p.Label}, p = {p.Confidence.ToString("F4", CultureInfo.InvariantCulture)})");
                return 0;
            }
            var score = classifier.ScoreIdx(positional[1], positional.Count == 3 ? positional[2] : null);
            output.WriteLine($"images: {score.Count}");
            if (score.Accuracy is not { } accuracy)
            {
                var counts = score.PredictedLabels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => $"{classifier.ClassNames[g.Key]} {g.Count()}");
                output.WriteLine($"predicted: {string.Join(", ", counts)}");
                return 0;
            }
            output.WriteLine($"accuracy: {accuracy.ToString("F4", CultureInfo.InvariantCulture)} ({score.Correct}/{score.Count})");
            if (manifest.Metrics is { } metrics && metrics.TryGetValue("micro_accuracy", out var claimed))
                output.WriteLine($"manifest micro_accuracy: {claimed.ToString("F4", CultureInfo.InvariantCulture)} ({(Math.Abs(claimed - accuracy) < 5e-5 ? "match" : "DIFFERENT")})");
            return 0;
        }
        catch (Exception ex) when (ex is ModelPackageException or DataException or ArgumentException or IOException)
        {
            error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
