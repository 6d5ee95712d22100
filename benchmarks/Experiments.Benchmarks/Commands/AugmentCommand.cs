// AugmentCommand: `augment [--threads 2] [--epochs 3] [--batch 100] [--data DIR] [--seed 0] [--preview PATH] [--count 32]`.
//
// Runs mlp-vs-cnn's augmentation (random_horizontal_flip p 0.5, random_rotation ±10°, color_jitter brightness 0.2
// contrast 0.2) over the 60,000 Fashion-MNIST training images through a training cursor and reports, per epoch:
// the wall time spent inside the pipeline's Apply (images/s = 60,000 / that), the process CPU time over those calls
// (images per CPU-second), and the epoch's wall time with and without augmentation (the reading and scaling alone).
// The issue's target is ≥ 200,000 images/s on 2 cores. --preview also writes the preview grid of the same pipeline.
using System.Diagnostics;
using System.Globalization;
using Experiments.Engine;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Transforms;

namespace Experiments.Benchmarks.Commands;

public sealed class AugmentCommand : IBenchmarkCommand
{
    public string Name => "augment";
    public string Usage => "augment [--threads 2] [--epochs 3] [--batch 100] [--data DIR] [--seed 0] [--preview PATH] [--count 32]";
    public string Description => "flip + rotation + jitter over the 60,000 Fashion-MNIST training images: images/s (wall) and per CPU-second";

    /// <summary>mlp-vs-cnn's augmentation steps.</summary>
    public static AugmentationOptions[] MlpVsCnnSteps { get; } =
    [
        new RandomHorizontalFlipOptions { P = 0.5 },
        new RandomRotationOptions { Degrees = ValueRange.Symmetric(10) },
        new ColorJitterOptions { Brightness = ColorJitterOptions.Factor(0.2), Contrast = ColorJitterOptions.Factor(0.2) },
    ];

    public int Run(string[] args)
    {
        int threads = 2, epochs = 3, batch = 100, count = 32;
        string? data = null, preview = null;
        ulong seed = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--epochs": epochs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--data": data = Value(); break;
                case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--preview": preview = Value(); break;
                case "--count": count = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"augment: unexpected argument '{args[i]}'. Usage: {Usage}");
                    return 2;
            }
        }
        if (threads < 1 || epochs < 1 || batch < 1 || count < 1)
        {
            Console.Error.WriteLine($"augment: threads, epochs, batch and count must be >= 1. Usage: {Usage}");
            return 2;
        }

        Parallelism.MaxThreads = threads;
        LoadedDataset dataset = DatasetLoader.LoadAsync("fashion-mnist", new DatasetResolverOptions { ExplicitDirectory = data, AllowDownload = false })
            .GetAwaiter().GetResult();
        ImageDataView train = dataset.Train;
        ImageDataViewType type = train.ImageType;
        AugmentationPipeline pipeline = AugmentationCatalog.Create(MlpVsCnnSteps, type.Channels, type.Height, type.Width);

        if (preview is not null)
        {
            AugmentationPreview.Save(preview, train, AugmentationCatalog.Create(MlpVsCnnSteps, type.Channels, type.Height, type.Width), count, seed);
            Console.WriteLine($"preview   {preview} ({count} pairs: original | augmented)");
        }

        var timed = new TimedTransform(pipeline);
        var plain = train.GetBatchCursor(new BatchCursorOptions { BatchSize = batch, Shuffle = true, Seed = seed });
        var augmented = train.GetBatchCursor(new BatchCursorOptions { BatchSize = batch, Shuffle = true, Seed = seed, Transform = timed });
        var images = new float[batch * type.Size];
        var labels = new int[batch];

        Console.WriteLine($"images    {train.RowCount:N0} x {type}; batch {batch}; threads {threads} of {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        Console.WriteLine($"pipeline  {string.Join(" → ", pipeline.Steps.Select(s => s.Name))}");
        Console.WriteLine();
        Console.WriteLine("epoch   read-only s   read+augment s   augment wall s   images/s (wall)   images/CPU-s");
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            plain.StartEpoch(epoch);
            while (plain.MoveNext(images, labels, out _)) { }
            double readOnly = clock.Elapsed.TotalSeconds;

            timed.Reset();
            clock.Restart();
            augmented.StartEpoch(epoch);
            while (augmented.MoveNext(images, labels, out _)) { }
            double withAugment = clock.Elapsed.TotalSeconds;

            double perWall = train.RowCount / timed.Wall.TotalSeconds;
            double perCpu = train.RowCount / timed.Cpu.TotalSeconds;
            Console.WriteLine($"{epoch,5}   {readOnly,11:F3}   {withAugment,14:F3}   {timed.Wall.TotalSeconds,14:F3}   {perWall,15:N0}   {perCpu,12:N0}");
        }
        Console.WriteLine();
        Console.WriteLine("target: >= 200,000 images/s (wall) on 2 cores. Timings on a shared, loaded machine are not publishable.");
        return 0;
    }

    /// <summary>Wraps a transform and sums the wall time and process CPU time spent inside Apply.</summary>
    private sealed class TimedTransform(IBatchTransform inner) : IBatchTransform
    {
        public TimeSpan Wall { get; private set; }
        public TimeSpan Cpu { get; private set; }

        public void Reset() => (Wall, Cpu) = (TimeSpan.Zero, TimeSpan.Zero);

        public void Apply(Span<float> images, int count, int channels, int height, int width, RandomStream random)
        {
            using var process = Process.GetCurrentProcess();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            inner.Apply(images, count, channels, height, width, random);
            Wall += Stopwatch.GetElapsedTime(start);
            process.Refresh();
            Cpu += process.TotalProcessorTime - cpuBefore;
        }
    }
}
