// StepCommand: `step --model NAME [--batch B] [--steps N] [--threads 2] [--profile]`.
//
// Times the training step of one ANCHORS model (the models and learning rates of `epoch`) on a fixed random batch, so
// the engine is measured without the data pipeline: ZeroGrad, forward, cross-entropy, Backward, Adam step. After a
// warm-up it times N steps one by one and prints one JSON line with the median and the fastest step and the managed
// bytes allocated per step (all threads):
// {"model":..., "batch":..., "threads":..., "steps":N, "ms_per_step_median":..., "ms_per_step_min":..., "alloc_bytes_per_step":...}
// On a loaded machine the minimum is the figure least disturbed by other processes.
// With --profile it first prints where a step's time goes: each layer's forward, the loss, Backward and the step.
// Timings on a shared machine are only comparable within one run (before/after in the same conditions).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Models;

namespace Experiments.Benchmarks.Commands;

/// <summary>`step`: milliseconds and managed bytes per training step of an ANCHORS model on a random batch.</summary>
public sealed class StepCommand : IBenchmarkCommand
{
    public string Name => "step";
    public string Usage => "step --model NAME [--batch B] [--steps N] [--threads 2] [--profile]";
    public string Description => "ms per training step (forward, loss, backward, Adam) of an ANCHORS model on a random batch.";

    public int Run(string[] args)
    {
        string? model = null;
        int? batchOption = null;
        int steps = 100, threads = 2;
        bool profile = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--batch": batchOption = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--profile": profile = true; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: {Usage}");
                    return 2;
            }
        }
        // The ANCHORS models as `epoch` builds them, or any other preset through ModelFactory (e.g. compact-bn-wide).
        (int Batch, double Lr) settings = default;
        bool anchor = model is not null && EpochCommand.Settings.TryGetValue(model, out settings);
        ModelPreset? preset = null;
        if (model is not null && !anchor && ModelPresets.TryGet(model, out var found))
        {
            preset = found;
            settings = (found.BatchSize, found.LearningRate);
        }
        if (model is null || (!anchor && preset is null) || steps < 1 || threads < 1 || batchOption is < 1)
        {
            Console.Error.WriteLine($"usage: {Usage}; models: {string.Join(", ", EpochCommand.Settings.Keys.Concat(ModelPresets.Names).Distinct())}; steps >= 1, threads and batch >= 1");
            return 2;
        }
        int batch = batchOption ?? settings.Batch;
        Parallelism.MaxThreads = threads;

        var streams = new RandomStreams(0);
        Module net = anchor ? EpochCommand.Build(model, streams) : ModelFactory.Create(preset!.Spec, InputShape.Mnist, 10, streams);
        var optimizer = new Adam(net.Parameters(), lr: settings.Lr);
        var loss = new CrossEntropyLoss();
        var data = streams.Stream("data");
        Tensor x = Tensor.Uniform(data, 0f, 1f, batch, 1, 28, 28);
        int[] y = Enumerable.Range(0, batch).Select(_ => data.NextInt(10)).ToArray();

        void Step()
        {
            optimizer.ZeroGrad();
            loss.Forward(net.Call(x), y).Backward();
            optimizer.Step();
        }

        for (int i = 0; i < 30; i++) Step();   // buffers pooled, hot methods re-jitted
        if (profile) Profile(net is Network network ? network.Layers : net, x, y, optimizer, loss);

        var times = new double[steps];
        var clock = new Stopwatch();
        long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < steps; i++)
        {
            clock.Restart();
            Step();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        Array.Sort(times);

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["batch"] = batch,
            ["threads"] = threads,
            ["steps"] = steps,
            ["ms_per_step_median"] = Math.Round(times[steps / 2], 3),
            ["ms_per_step_min"] = Math.Round(times[0], 3),
            ["alloc_bytes_per_step"] = allocated / steps,
        }));
        return 0;
    }

    // Where the time of a step goes, averaged over 20 steps: each layer's forward (Sequential children in order),
    // the loss, Backward (all layers together: the graph runs as one pass), and the optimizer step.
    private static void Profile(Module net, Tensor x, int[] y, Optimizer optimizer, CrossEntropyLoss loss)
    {
        if (net is not Sequential layers)
        {
            Console.Error.WriteLine("--profile needs a Sequential model.");
            return;
        }
        const int Rounds = 20;
        var forward = new double[layers.Count];
        double lossMs = 0, backwardMs = 0, stepMs = 0;
        var clock = new Stopwatch();
        for (int round = 0; round < Rounds; round++)
        {
            optimizer.ZeroGrad();
            Tensor h = x;
            for (int i = 0; i < layers.Count; i++)
            {
                clock.Restart();
                h = layers[i].Call(h);
                forward[i] += clock.Elapsed.TotalMilliseconds;
            }
            clock.Restart();
            Tensor l = loss.Forward(h, y);
            lossMs += clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            l.Backward();
            backwardMs += clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            optimizer.Step();
            stepMs += clock.Elapsed.TotalMilliseconds;
        }
        for (int i = 0; i < layers.Count; i++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  forward {i,2} {layers[i].TypeName,-12} {forward[i] / Rounds,8:F3} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  loss                 {lossMs / Rounds,8:F3} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  backward (all)       {backwardMs / Rounds,8:F3} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  optimizer step       {stepMs / Rounds,8:F3} ms"));
    }
}
