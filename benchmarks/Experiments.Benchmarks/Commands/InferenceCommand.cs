// InferenceCommand: `inference --model PRESET [--package model.zip] [--iterations 2000] [--batch 256] [--threads 1] [--seed 0]`.
//
// Measures ImageClassifier, the API other apps call: single-image latency (Predict on one 28×28 byte image,
// p50/p99/mean over --iterations calls after a warm-up) and batch throughput (PredictBatch and ScoreBatch over --batch
// images, images per second, best of 5 rounds after a 1 s warm-up). Without --package, the preset is built with seeded random weights and
// written to a temporary model.zip first (inference cost does not depend on the weight values). Images are seeded
// random bytes. Prints one JSON line:
// {"model":..., "params":..., "threads":N, "single_us":{...}, "batch":N, "batch_images_per_s":..., "score_batch_images_per_s":...}
// Timings are only meaningful on an otherwise idle machine.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Experiments.Engine;
using Experiments.Engine.Random;
using Experiments.ML.Inference;
using Experiments.ML.Models;
using Experiments.ML.Packaging;

namespace Experiments.Benchmarks.Commands;

public sealed class InferenceCommand : IBenchmarkCommand
{
    public string Name => "inference";
    public string Usage => "inference --model PRESET [--package model.zip] [--iterations 2000] [--batch 256] [--threads 1] [--seed 0]";
    public string Description => "ImageClassifier single-image latency (p50/p99) and batch throughput for a preset's package.";

    public int Run(string[] args)
    {
        string? model = null, package = null;
        int iterations = 2000, batch = 256, threads = 1;
        ulong seed = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--package": package = Value(); break;
                case "--iterations": iterations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: {Usage}");
                    return 2;
            }
        }
        if ((model is null && package is null) || iterations < 10 || batch < 1 || threads < 1)
        {
            Console.Error.WriteLine($"usage: {Usage}; presets: {string.Join(", ", ModelPresets.Names)}; iterations >= 10, batch and threads >= 1");
            return 2;
        }
        if (model is not null && !ModelPresets.TryGet(model, out _))
        {
            Console.Error.WriteLine($"unknown preset '{model}'; presets: {string.Join(", ", ModelPresets.Names)}");
            return 2;
        }

        Parallelism.MaxThreads = threads;
        string? temp = null;
        try
        {
            if (package is null)
            {
                temp = Path.Combine(Path.GetTempPath(), $"inference-bench-{Guid.NewGuid():N}.zip");
                WritePackage(ModelPresets.Get(model!), seed, temp);
                package = temp;
            }
            var classifier = ImageClassifier.Load(package);
            var size = classifier.PixelsPerImage;
            var random = new RandomStream(seed + 1);
            var images = new byte[batch * size];
            for (int i = 0; i < images.Length; i++) images[i] = (byte)random.NextInt(256);

            // Single image: warm up for 2 s (tiered JIT promotes hot methods to optimized code only after a
            // call-count threshold and a background delay; 200 calls measured tier-0 code, ~5× slower), then time each call.
            var warmUp = Stopwatch.StartNew();
            for (int i = 0; warmUp.Elapsed.TotalSeconds < 2; i++) classifier.Predict(images.AsSpan(i % batch * size, size));
            var micros = new double[iterations];
            for (int i = 0; i < iterations; i++)
            {
                long start = Stopwatch.GetTimestamp();
                classifier.Predict(images.AsSpan(i % batch * size, size));
                micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            Array.Sort(micros);

            // Batch: best of 5 rounds after warm-up rounds, for PredictBatch (an object per image, with logits) and
            // ScoreBatch (one scores matrix, the throughput path).
            double best = BestOf(() => classifier.PredictBatch(images));
            double bestScores = BestOf(() => classifier.ScoreBatch(images));

            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["model"] = model ?? classifier.Manifest.Architecture.Kind,
                ["params"] = classifier.Package.CreateNetwork().ParameterCount(),
                ["threads"] = threads,
                ["single_us"] = new Dictionary<string, double>
                {
                    ["p50"] = Math.Round(Percentile(micros, 0.50), 2),
                    ["p99"] = Math.Round(Percentile(micros, 0.99), 2),
                    ["mean"] = Math.Round(micros.Average(), 2),
                },
                ["batch"] = batch,
                ["batch_images_per_s"] = Math.Round(batch / best, 1),
                ["score_batch_images_per_s"] = Math.Round(batch / bestScores, 1),
            }));
            return 0;
        }
        catch (ModelPackageException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        finally
        {
            if (temp is not null) File.Delete(temp);
        }
    }

    private static void WritePackage(ModelPreset preset, ulong seed, string path)
    {
        var network = ModelFactory.Create(preset.Spec, InputShape.Mnist, 10, new RandomStreams(seed));
        network.Eval();
        ModelPackageWriter.Write(path, new ModelPackageContent
        {
            Architecture = preset.Spec,
            InputSchema = new InputSchema(),
            ClassNames = Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            Network = network,
            Seed = seed,
        });
    }

    /// <summary>The fastest of 5 timed calls, after warming up for 1 s (at least 3 calls).</summary>
    private static double BestOf(Action call)
    {
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warmUp.Elapsed.TotalSeconds < 1; i++) call();
        double best = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
