// The pipeline verbs: `run <pipeline|file>` (also `<pipeline>` alone), `list`, `validate <file...>` and
// `augment-preview <pipeline>`. Definitions are found by name in the repository's pipelines/ folder or read from a
// path; --set and the typed options override definition keys before validation, so a bad override is reported like
// a bad file entry. Progress: live Spectre bars on a terminal, one line per epoch otherwise or with --no-progress.
using System.CommandLine;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Packaging;
using Experiments.ML.Transforms;
using Experiments.Pipelines.Definitions;
using Experiments.Pipelines.Progress;
using Experiments.Pipelines.Running;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Experiments.Pipelines.Commands;

/// <summary>The pipeline verbs.</summary>
internal static class PipelineCommands
{
    private static readonly Argument<string> PipelineArgument = new("pipeline")
    {
        Description = "A pipeline name (a file in pipelines/, e.g. mlp-vs-cnn) or the path of a definition file.",
    };

    public static IEnumerable<Command> Create(TextWriter output)
    {
        yield return Run(output);
        yield return List(output);
        yield return Validate(output);
        yield return AugmentPreview(output);
    }

    private static Command Run(TextWriter output)
    {
        var epochs = new Option<int?>("--epochs") { Description = "Override every run's epochs (e.g. 1 for a smoke run)." };
        var dataset = new Option<string?>("--dataset") { Description = "Override the dataset: mnist, fashion-mnist or kmnist." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder holding the dataset's IDX files (tried first)." };
        var outputDir = new Option<string?>("--output", "-o") { Description = "Write the artifacts here instead of artifacts/<pipeline>/<timestamp>-<id>/ (must be empty or absent)." };
        var seed = new Option<ulong?>("--seed") { Description = "Override the root seed of every run." };
        var threads = new Option<int?>("--threads") { Description = "Compute threads per run (default: all cores)." };
        var set = new Option<string[]>("--set") { Description = "Override any definition key: --set defaults.optimizer.lr=0.001 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate, print the expanded plan with parameter counts, and stop." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Plain one-line-per-epoch output even on a terminal." };
        var command = new Command("run", "Run a pipeline definition: train every run, evaluate, write model zips and reports, compare.")
        {
            PipelineArgument, epochs, dataset, dataDir, outputDir, seed, threads, set, dryRun, noProgress,
        };
        command.SetAction((parsed, token) => Cli.ExecuteAsync(parsed, async host =>
        {
            var overrides = new PipelineOverrides
            {
                Epochs = parsed.GetValue(epochs),
                Dataset = parsed.GetValue(dataset),
                DataDir = parsed.GetValue(dataDir),
                Seed = parsed.GetValue(seed),
                Threads = parsed.GetValue(threads),
                Set = parsed.GetValue(set) ?? [],
            };
            PipelinePlan plan = LoadPlan(parsed.GetRequiredValue(PipelineArgument), overrides);
            var console = Cli.Console(output);
            if (parsed.GetValue(dryRun))
            {
                output.Write(PlanText.Format(plan));
                return ExitCodes.Ok;
            }
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            var settings = new RunSettings(
                configuration["Artifacts:Root"] ?? Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "artifacts"),
                parsed.GetValue(outputDir),
                parsed.GetValue(dataDir),
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Experiments.Pipeline"),
                OverrideText(overrides));
            using var interrupt = new InterruptHandler(parsed.InvocationConfiguration.Error);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token, token);
            bool live = !parsed.GetValue(noProgress) && output == Console.Out && !Console.IsOutputRedirected;
            InvocationResult result = live
                ? await LiveProgress.RunAsync(AnsiConsole.Console, p => PipelineRunner.RunAsync(plan, settings, p, console, linked.Token))
                : await PipelineRunner.RunAsync(plan, settings, new PlainProgress(output), console, linked.Token);
            return result.ExitCode;
        }));
        return command;
    }

    /// <summary>The typed overrides as command-line text, for the record in definition.yaml.</summary>
    private static IReadOnlyList<string> OverrideText(PipelineOverrides o)
    {
        var text = new List<string>();
        if (o.Epochs is { } e) text.Add($"--epochs {e}");
        if (o.Dataset is { } d) text.Add($"--dataset {d}");
        if (o.DataDir is { } dir) text.Add($"--data-dir {dir}");
        if (o.Seed is { } s) text.Add($"--seed {s}");
        if (o.Threads is { } t) text.Add($"--threads {t}");
        text.AddRange(o.Set.Select(s => $"--set {s}"));
        return text;
    }

    private static Command List(TextWriter output)
    {
        var command = new Command("list", "List the pipeline definitions in pipelines/ with their descriptions and run counts.");
        command.SetAction(parsed => Cli.Execute(parsed, _ =>
        {
            string folder = PipelinesFolder();
            var table = new Table().AddColumns("pipeline", "runs", "description");
            foreach (string file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
            {
                try
                {
                    var plan = PipelineLoader.Expand(PipelineLoader.Load(file));
                    table.AddRow(Markup.Escape(plan.Name), plan.Runs.Count.ToString(), Markup.Escape(plan.Description));
                }
                catch (PipelineDefinitionException e)
                {
                    table.AddRow(Markup.Escape(Path.GetFileNameWithoutExtension(file)), "-", Markup.Escape("INVALID: " + e.Errors[0].ToString()));
                }
            }
            Cli.Console(output).Write(table);
            output.WriteLine($"Run one with: {Cli.ExecutableName} <pipeline>   (definitions in {folder})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Validate(TextWriter output)
    {
        var files = new Argument<string[]>("file") { Description = "Definition files or pipeline names.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check definition files strictly (every error with file:line:col) without training.") { files };
        command.SetAction(parsed => Cli.Execute(parsed, _ =>
        {
            int bad = 0;
            foreach (string file in parsed.GetRequiredValue(files))
            {
                try
                {
                    var plan = LoadPlan(file, new PipelineOverrides());
                    output.WriteLine($"{plan.SourcePath}: ok ({plan.Runs.Count} runs)");
                }
                catch (PipelineDefinitionException e)
                {
                    bad++;
                    parsed.InvocationConfiguration.Error.WriteLine(e.Message);
                }
            }
            return bad == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
        }));
        return command;
    }

    private static Command AugmentPreview(TextWriter output)
    {
        var count = new Option<int>("--count") { Description = "Training images in the grid (each beside its augmented version).", DefaultValueFactory = _ => 64 };
        var file = new Option<string?>("--output", "-o") { Description = "PNG file to write (default: <pipeline>-augmentation.png in the current folder)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder holding the dataset's IDX files (tried first)." };
        var command = new Command("augment-preview", "Write a PNG grid of training images beside their augmented versions, as the pipeline trains on them.")
        {
            PipelineArgument, count, file, dataDir,
        };
        command.SetAction((parsed, token) => Cli.ExecuteAsync(parsed, async host =>
        {
            var plan = LoadPlan(parsed.GetRequiredValue(PipelineArgument), new PipelineOverrides());
            if (plan.Augmentation.Count == 0)
                throw new PipelineDefinitionException([new DefinitionError(plan.SourcePath, 0, 0, "augmentation", "the pipeline has no augmentation steps, so there is nothing to preview; add steps under 'augmentation:'.")]);
            int n = parsed.GetValue(count);
            if (n is < 1 or > 1024) throw new DataException($"--count: expected 1..1024 images; found {n}.");
            var resolved = await new DatasetResolver(new DatasetResolverOptions { ExplicitDirectory = parsed.GetValue(dataDir) ?? plan.DatasetFolder })
                .ResolveAsync(plan.DatasetName, token);
            var data = DatasetLoader.Load(resolved);
            var shape = data.Train.ImageType;
            var pipeline = AugmentationCatalog.Create(plan.Augmentation, shape.Channels, shape.Height, shape.Width);
            byte[] png = AugmentationPreview.Render(data.Train, pipeline, n, plan.Runs[0].Seed);
            string path = parsed.GetValue(file) ?? $"{plan.Name}-augmentation.png";
            AtomicFile.WriteAllBytes(path, png);
            output.WriteLine($"Wrote {Path.GetFullPath(path)}: {n} {plan.DatasetName} training images, each beside one draw of: {string.Join(" → ", plan.Augmentation.Select(a => a.Name))}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Loads a definition by name (pipelines/&lt;name&gt;.yaml) or path and expands it with the overrides.</summary>
    internal static PipelinePlan LoadPlan(string nameOrPath, PipelineOverrides overrides) =>
        PipelineLoader.Expand(PipelineLoader.Find(nameOrPath), overrides);

    /// <summary>The repository's pipelines/ folder (found from the current folder or the executable), or ./pipelines.</summary>
    internal static string PipelinesFolder() =>
        PipelineLoader.FindPipelinesDirectory() ?? Path.Combine(Directory.GetCurrentDirectory(), "pipelines");

    /// <summary>The nearest ancestor of the current folder or of the executable holding Experiments.sln.</summary>
    internal static string? RepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Experiments.sln"))) return dir.FullName;
        return null;
    }
}
