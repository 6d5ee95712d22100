// IdxLoadCommand: times IdxReader loading an IDX file into memory against `gzip -dc FILE > /dev/null` run as a
// process, the same number of times each, and prints best, median and the ratio. The target: our load is no slower
// than gzip's decompression alone.
using System.Diagnostics;
using System.Globalization;
using Experiments.ML.Data.Idx;

namespace Experiments.Benchmarks.Commands;

/// <summary><c>idx-load [--file PATH] [--repeat N]</c>: IdxReader.Read vs <c>gzip -dc</c>.</summary>
public sealed class IdxLoadCommand : IBenchmarkCommand
{
    private const string DefaultFile = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

    public string Name => "idx-load";
    public string Usage => "idx-load [--file PATH] [--repeat N]";
    public string Description => "IdxReader.Read(PATH) vs `gzip -dc PATH > /dev/null` (best and median of N, default 7)";

    public int Run(string[] args)
    {
        string file = DefaultFile;
        int repeat = 7;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--file" when i + 1 < args.Length: file = args[++i]; break;
                case "--repeat" when i + 1 < args.Length && int.TryParse(args[i + 1], out int r) && r >= 1: repeat = r; i++; break;
                default:
                    Console.Error.WriteLine($"idx-load: unexpected argument '{args[i]}'. Usage: {Usage}");
                    return 2;
            }
        }
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"idx-load: file '{file}' does not exist.");
            return 2;
        }

        // Warm-up: JIT, page cache, and a check that both sides work on this file. gzip only runs on gzip content.
        var warm = IdxReader.Read(file);
        bool isGzip = IsGzip(file);
        if (isGzip) RunGzip(file);
        Console.WriteLine($"file      {file} ({new FileInfo(file).Length:N0} bytes on disk)");
        Console.WriteLine($"content   {warm} ({warm.PayloadBytes:N0} payload bytes)");
        Console.WriteLine($"repeats   {repeat} each, alternating; .NET {Environment.Version}, {Environment.ProcessorCount} cores");

        var ours = new List<double>();
        var gzip = new List<double>();
        for (int i = 0; i < repeat; i++)
        {
            warm = null!;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var sw = Stopwatch.StartNew();
            var array = IdxReader.Read(file);
            sw.Stop();
            GC.KeepAlive(array);
            ours.Add(sw.Elapsed.TotalMilliseconds);

            if (isGzip) gzip.Add(RunGzip(file));
        }

        double oursBest = ours.Min(), oursMedian = Median(ours);
        Console.WriteLine();
        Console.WriteLine("                         best ms   median ms");
        Console.WriteLine($"IdxReader.Read          {F(oursBest),8}  {F(oursMedian),10}");
        if (!isGzip)
        {
            Console.WriteLine("(raw IDX file: no gzip comparison)");
            return 0;
        }
        double gzipBest = gzip.Min(), gzipMedian = Median(gzip);
        Console.WriteLine($"gzip -dc > /dev/null    {F(gzipBest),8}  {F(gzipMedian),10}");
        Console.WriteLine($"ratio ours/gzip         {oursBest / gzipBest,8:F2}  {oursMedian / gzipMedian,10:F2}   (< 1 means our load is faster)");
        return 0;
    }

    /// <summary>Wall time of `gzip -dc FILE > /dev/null`, spawn included (as a user running it pays it too).</summary>
    private static double RunGzip(string file)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec gzip -dc \"$1\" > /dev/null");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(file);
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start /bin/sh.");
        process.WaitForExit();
        sw.Stop();
        if (process.ExitCode != 0) throw new InvalidOperationException($"gzip -dc '{file}' exited with code {process.ExitCode}.");
        return sw.Elapsed.TotalMilliseconds;
    }

    private static bool IsGzip(string file)
    {
        using var stream = File.OpenRead(file);
        return stream.ReadByte() == 0x1F && stream.ReadByte() == 0x8B;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
