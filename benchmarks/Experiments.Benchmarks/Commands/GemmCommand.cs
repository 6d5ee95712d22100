// GemmCommand: `gemm [--sizes 64,128,256,512,1024] [--threads 1,2] [--seconds 0.5]`.
//
// Measures the engine's float32 GEMM (Kernels.Gemm.Multiply, C = A·B, row-major, square N×N) in GFLOP/s = 2·N³ per
// product / seconds, for each size and thread count: repeated products for about --seconds after a warm-up, the best
// of 3 such runs. Prints one JSON line per (size, threads):
// {"impl":"engine","n":N,"threads":T,"gflops":...,"ms":...}
// reference/gemm_numpy.py measures numpy (OpenBLAS sgemm) the same way and prints the same lines with "impl":"numpy".
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Experiments.Engine;
using Experiments.Engine.Kernels;
using Experiments.Engine.Random;

namespace Experiments.Benchmarks.Commands;

/// <summary>`gemm`: GFLOP/s of the engine's float32 GEMM for square sizes and thread counts.</summary>
public sealed class GemmCommand : IBenchmarkCommand
{
    public string Name => "gemm";
    public string Usage => "gemm [--sizes 64,128,256,512,1024] [--threads 1,2] [--seconds 0.5]";
    public string Description => "GFLOP/s of the engine's float32 GEMM for square sizes (compare with reference/gemm_numpy.py).";

    public int Run(string[] args)
    {
        int[] sizes = [64, 128, 256, 512, 1024], threadCounts = [1, 2];
        double seconds = 0.5;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--sizes": sizes = ParseList(Value()); break;
                case "--threads": threadCounts = ParseList(Value()); break;
                case "--seconds": seconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: {Usage}");
                    return 2;
            }
        }
        if (sizes.Length == 0 || sizes.Any(s => s < 1) || threadCounts.Length == 0 || threadCounts.Any(t => t < 1) || !(seconds > 0))
        {
            Console.Error.WriteLine($"usage: {Usage}; sizes and threads >= 1, seconds > 0");
            return 2;
        }

        var random = new RandomStreams(0).Stream("gemm");
        foreach (int threads in threadCounts)
        {
            Parallelism.MaxThreads = threads;
            foreach (int n in sizes)
            {
                float[] a = Tensor.Uniform(random, -1f, 1f, n, n).ToArray();
                float[] b = Tensor.Uniform(random, -1f, 1f, n, n).ToArray();
                var c = new float[n * n];
                void Product() => Gemm.Multiply(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, accumulate: false);

                Product();
                double best = double.MaxValue;
                for (int run = 0; run < 3; run++)
                {
                    int reps = 0;
                    var clock = Stopwatch.StartNew();
                    do
                    {
                        Product();
                        reps++;
                    } while (clock.Elapsed.TotalSeconds < seconds / 3);
                    best = Math.Min(best, clock.Elapsed.TotalSeconds / reps);
                }
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["impl"] = "engine",
                    ["n"] = n,
                    ["threads"] = threads,
                    ["gflops"] = Math.Round(2.0 * n * n * n / best / 1e9, 2),
                    ["ms"] = Math.Round(best * 1e3, 4),
                }));
            }
        }
        return 0;
    }

    private static int[] ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
