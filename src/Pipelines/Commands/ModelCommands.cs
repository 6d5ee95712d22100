// The model verbs, on a finished run's model.zip: `summary <pipeline|model.zip>` (what it is), `evaluate` (ML.NET
// metrics on a dataset's test set) and `predict` (classify an IDX file or one image of it); `export-onnx` is
// ExportOnnxCommand. `summary` of a pipeline prints the expanded plan like `run --dry-run`.
using System.CommandLine;
using System.Globalization;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Evaluation;
using Experiments.ML.Inference;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Packaging.Interop;
using Experiments.Pipelines.Definitions;
using Experiments.Reports;
using Spectre.Console;

namespace Experiments.Pipelines.Commands;

/// <summary>The verbs that read model packages.</summary>
internal static class ModelCommands
{
    public static IEnumerable<Command> Create(TextWriter output)
    {
        yield return Summary(output);
        yield return Evaluate(output);
        yield return Predict(output);
    }

    private static Argument<string> ModelArgument() => new("model") { Description = "A model.zip written by a pipeline run." };

    private static Command Summary(TextWriter output)
    {
        var target = new Argument<string>("target") { Description = "A model.zip, or a pipeline name/file (prints its expanded plan)." };
        var command = new Command("summary", "Describe a model.zip (architecture, layers, input, training, metrics) or a pipeline's plan.") { target };
        command.SetAction(parsed => Cli.Execute(parsed, _ =>
        {
            string value = parsed.GetRequiredValue(target);
            if (!value.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                output.Write(PlanText.Format(PipelineCommands.LoadPlan(value, new PipelineOverrides())));
                return ExitCodes.Ok;
            }
            var package = ModelPackage.Load(value);
            var m = package.Manifest;
            var console = Cli.Console(output);
            var c = CultureInfo.InvariantCulture;
            console.WriteLine($"{Path.GetFullPath(value)}: {m.Format} v{m.FormatVersion}, written by Experiments {m.LibraryVersion}");
            console.WriteLine($"architecture: {ArchitectureText.Describe(m.Architecture, m.InputSchema.Shape, m.ClassNames.Count)}");
            console.WriteLine($"input: {m.InputSchema.Shape.Channels}×{m.InputSchema.Shape.Height}×{m.InputSchema.Shape.Width} pixels, x = (pixel·{m.InputSchema.PixelScale.ToString("G6", c)} − mean) / std, mean [{string.Join(", ", m.InputSchema.Mean.Select(v => v.ToString("G6", c)))}], std [{string.Join(", ", m.InputSchema.Std.Select(v => v.ToString("G6", c)))}]");
            console.WriteLine($"classes: {string.Join(", ", m.ClassNames)}");
            if (m.Training is { } t)
                console.WriteLine($"training: {t.Epochs} epochs, batch {t.BatchSize}, {t.Optimizer.Kind.ToString().ToLowerInvariant()} lr {t.Optimizer.LearningRate.ToString("G6", c)}, loss {t.Loss}, seed {m.Seed}");
            if (m.Dataset is { } d) console.WriteLine($"dataset: {d.Name} (fingerprint {d.Digest[..16]}…)");
            if (m.Metrics is { Count: > 0 } metrics)
                console.WriteLine("metrics: " + string.Join(", ", metrics.Select(kv => $"{kv.Key} {kv.Value.ToString("G6", c)}")));
            var network = package.CreateNetwork();
            var shape = m.InputSchema.Shape;
            var summary = network.Summary(shape.Channels, shape.Height, shape.Width);
            var table = new Table().AddColumns("layer", "name", "output shape", "parameters");
            foreach (var row in summary.Rows)
                table.AddRow(Markup.Escape(row.Layer), Markup.Escape(row.Name), "(" + string.Join(", ", row.OutputShape.Select(x => x < 0 ? "N" : x.ToString(c))) + ")", Format.Count(row.ParameterCount));
            console.Write(table);
            console.WriteLine($"total parameters: {Format.Count(summary.TotalParameters)}; entries: {string.Join(", ", package.EntryNames)}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Evaluate(TextWriter output)
    {
        var model = ModelArgument();
        var dataset = new Option<string?>("--dataset") { Description = "Dataset whose test set to use (default: the one the model was trained on)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder holding the dataset's IDX files (tried first)." };
        var command = new Command("evaluate", "Evaluate a model.zip on a dataset's test set with ML.NET's multiclass metrics.") { model, dataset, dataDir };
        command.SetAction((parsed, token) => Cli.ExecuteAsync(parsed, async _ =>
        {
            var classifier = ImageClassifier.Load(parsed.GetRequiredValue(model));
            var manifest = classifier.Manifest;
            string name = parsed.GetValue(dataset) ?? manifest.Dataset?.Name
                ?? throw new DataException("the model.zip does not record its dataset; pass --dataset (mnist, fashion-mnist or kmnist).");
            var resolved = await new DatasetResolver(new DatasetResolverOptions { ExplicitDirectory = parsed.GetValue(dataDir) }).ResolveAsync(name, token);
            var test = DatasetLoader.Load(resolved).Test;
            if (test.ImageType.Size != classifier.PixelsPerImage || test.LabelType.Count != classifier.ClassNames.Count)
                throw new DataException($"{name} has {test.LabelType.Count} classes of {test.ImageType} images but the model takes {classifier.InputShape.Channels}×{classifier.InputShape.Height}×{classifier.InputShape.Width} images and has {classifier.ClassNames.Count} classes; pass a matching --dataset.");

            int n = test.RowCount, k = classifier.ClassNames.Count, size = classifier.PixelsPerImage;
            var scores = new float[(long)n * k];
            var labels = new int[n];
            var pixels = new byte[(long)n * size];
            for (int i = 0; i < n; i++)
            {
                test.Store.GetPixels(test.StoreRows[i]).CopyTo(pixels.AsSpan(i * size, size));
                labels[i] = test.GetLabel(i);
            }
            var predictions = classifier.PredictBatch(pixels);
            for (int i = 0; i < n; i++) predictions[i].Probabilities.CopyTo(scores.AsSpan(i * k, k));
            var metrics = MulticlassEvaluator.Evaluate(scores, labels, k, classifier.ClassNames, Math.Min(3, k));

            var console = Cli.Console(output);
            var trained = manifest.Dataset is { } fp && fp.Equals(DatasetFingerprint.Compute(resolved)) ? " (the data it was trained on)" : "";
            console.WriteLine($"{name} test set, {Format.Count(n)} images{trained}");
            var table = new Table().AddColumns("metric (ML.NET name)", "value");
            table.AddRow("MicroAccuracy", Format.Metric(metrics.MicroAccuracy));
            table.AddRow("MacroAccuracy", Format.Metric(metrics.MacroAccuracy));
            table.AddRow("LogLoss", Format.Metric(metrics.LogLoss));
            table.AddRow("LogLossReduction", Format.Metric(metrics.LogLossReduction));
            table.AddRow($"TopKAccuracy (k = {metrics.TopKPredictionCount})", Format.Metric(metrics.TopKAccuracy));
            table.AddRow("MacroF1", Format.Metric(metrics.MacroF1));
            table.AddRow("ExpectedCalibrationError", Format.Metric(metrics.ExpectedCalibrationError));
            console.Write(table);
            var perClass = new Table().AddColumns("class", "precision", "recall", "F1", "log loss");
            for (int c = 0; c < k; c++)
                perClass.AddRow(Markup.Escape(classifier.ClassNames[c]), Format.Metric(metrics.ConfusionMatrix.PerClassPrecision[c]),
                    Format.Metric(metrics.ConfusionMatrix.PerClassRecall[c]), Format.Metric(metrics.PerClassF1[c]), Format.Metric(metrics.PerClassLogLoss[c]));
            console.Write(perClass);
            foreach (var pair in metrics.MostConfusedPairs(3)) console.WriteLine($"most confused: {pair}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Predict(TextWriter output)
    {
        var model = ModelArgument();
        var images = new Argument<string>("idx-file") { Description = "An IDX images file (raw or .gz), e.g. t10k-images-idx3-ubyte.gz." };
        var index = new Option<int?>("--index") { Description = "Classify only this image (0-based) and show its top classes." };
        var labels = new Option<string?>("--labels") { Description = "The matching IDX labels file, to report accuracy." };
        var command = new Command("predict", "Classify the images of an IDX file (or one of them) with a model.zip.") { model, images, index, labels };
        command.SetAction(parsed => Cli.Execute(parsed, _ =>
        {
            var classifier = ImageClassifier.Load(parsed.GetRequiredValue(model));
            string path = parsed.GetRequiredValue(images);
            var c = CultureInfo.InvariantCulture;
            if (parsed.GetValue(index) is { } i)
            {
                var p = classifier.PredictIdx(path, i);
                output.WriteLine($"image {i}: {p.ClassName} (label {p.Label}, probability {p.Confidence.ToString("F4", c)})");
                foreach (var (probability, label) in p.Probabilities.Select((v, l) => (v, l)).OrderByDescending(x => x.v).Take(3))
                    output.WriteLine($"  {classifier.ClassNames[label],-14} {probability.ToString("F4", c)}");
                return ExitCodes.Ok;
            }
            var score = classifier.ScoreIdx(path, parsed.GetValue(labels));
            var counts = new int[classifier.ClassNames.Count];
            foreach (int label in score.PredictedLabels) counts[label]++;
            output.WriteLine($"{score.Count} images classified; mean confidence {score.Confidences.Average().ToString("F4", c)}");
            for (int l = 0; l < counts.Length; l++) output.WriteLine($"  {classifier.ClassNames[l],-14} {counts[l],7}");
            if (score.Accuracy is { } accuracy) output.WriteLine($"accuracy against {parsed.GetValue(labels)}: {Format.Percent(accuracy)} ({score.Correct}/{score.Count})");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
