// Kill test: a training subprocess (tests/Experiments.TrainingHost) is SIGKILLed at random moments, during
// training and during checkpoint writes, again and again; after every kill the checkpoints on disk must read
// back with a valid checksum, and resuming from them must end exactly (history and weights, bit for bit) where
// an uninterrupted subprocess run ends.
using System.Diagnostics;
using Experiments.Engine.Random;
using Experiments.ML.Tests.TestSupport;
using Experiments.ML.Training;
using Xunit.Abstractions;

namespace Experiments.ML.Tests.Training;

public sealed class KillResumeTests(ITestOutputHelper output)
{
    private const int Kills = 6;

    [Fact]
    public void Killing_the_trainer_repeatedly_and_resuming_equals_the_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        string reference = dir.File("reference.txt");
        Assert.Equal(0, Run(dir.Sub("reference"), reference, killAfter: null));

        string checkpoints = dir.Sub("killed");
        string result = dir.File("killed.txt");
        var random = new RandomStream(17);
        int kills = 0, checkpointsSeen = 0;
        for (int attempt = 0; attempt < Kills; attempt++)
        {
            // Killed 0–250 ms after this process starts its second epoch (the first, with JIT, is slow): a later epoch
            // takes ~50–200 ms, so kills land in batches, in validation and in checkpoint writes, and every process
            // finishes at least one epoch.
            int? exit = Run(checkpoints, result, killAfter: TimeSpan.FromMilliseconds(random.NextInt(0, 250)));
            if (exit is not null) break; // finished before the kill: nothing left to interrupt
            kills++;
            foreach (string name in new[] { "last.ckpt", "best.ckpt" })
            {
                string path = Path.Combine(checkpoints, name);
                if (!File.Exists(path)) continue;
                var checkpoint = TrainingCheckpoint.Read(path); // throws on a torn or corrupt file
                checkpointsSeen++;
                output.WriteLine($"kill {kills}: {name} at epoch {checkpoint.EpochsCompleted}, step {checkpoint.Step}");
            }
        }
        Assert.True(kills >= 2, $"only {kills} kill(s) landed before the run finished; the test needs a slower run or earlier kills");
        Assert.Equal(0, Run(checkpoints, result, killAfter: null));

        output.WriteLine($"{kills} kills, {checkpointsSeen} checkpoint reads after kills");
        Assert.Equal(File.ReadAllText(reference), File.ReadAllText(result));
    }

    /// <summary>
    /// Runs the host; with <paramref name="killAfter"/>, SIGKILLs it that long after it prints its second "epoch" line
    /// and returns null (or its exit code if it finished first).
    /// </summary>
    private static int? Run(string checkpoints, string result, TimeSpan? killAfter)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "Experiments.TrainingHost.dll");
        Assert.True(File.Exists(host), $"{host} is missing; the test project references tests/Experiments.TrainingHost so it is built next to the tests.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[]
        {
            host, SharedData.FashionMnistFile("t10k-images-idx3-ubyte.gz"), SharedData.FashionMnistFile("t10k-labels-idx1-ubyte.gz"), checkpoints, result,
        }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? line;
        int epochLines = 0;
        do line = process.StandardOutput.ReadLine();
        while (line is not null && !(line.StartsWith("epoch", StringComparison.Ordinal) && ++epochLines == 2));
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (killAfter is { } delay && line is not null && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix
            process.WaitForExit();
            return null;
        }
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the training host did not finish within 2 minutes");
        Assert.True(process.ExitCode == 0, $"the training host failed with exit code {process.ExitCode}: {stderr.Result}");
        return process.ExitCode;
    }
}
