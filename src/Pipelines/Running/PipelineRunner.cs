// One pipeline invocation, start to end: resolve and load the dataset once, create the artifacts folder and write
// the invocation files (resolved definition, environment, dataset fingerprint, augmentation preview), run every
// planned run in order through RunExecutor, then compare the finished runs (comparison.json/.md/.html) and print
// the results table. Ctrl+C (the token) stops the current run after its batch; it still evaluates and writes its
// partial report, the remaining runs are skipped, and the comparison covers what finished.
using System.Text.Json;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Imaging;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Transforms;
using Experiments.Pipelines.Commands;
using Experiments.Pipelines.Definitions;
using Experiments.Pipelines.Progress;
using Experiments.Reports;
using Experiments.Reports.Comparison;
using Experiments.Reports.Model;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Experiments.Pipelines.Running;

/// <summary>Where and how an invocation runs (from the command line and configuration).</summary>
/// <param name="ArtifactsRoot">The artifacts folder; invocations go to &lt;root&gt;/&lt;pipeline&gt;/&lt;timestamp&gt;-&lt;id&gt;.</param>
/// <param name="Output">--output: the invocation folder itself (empty or absent), or null.</param>
/// <param name="DataDirectory">--data-dir, tried first when resolving the dataset.</param>
/// <param name="Logger">The invocation's logger (console).</param>
/// <param name="CommandLineOverrides">The overrides as typed (<c>--epochs 1</c>, <c>--set a.b=c</c>), recorded with the resolved definition.</param>
internal sealed record RunSettings(string ArtifactsRoot, string? Output, string? DataDirectory, ILogger Logger, IReadOnlyList<string>? CommandLineOverrides = null);

/// <summary>What an invocation produced.</summary>
internal sealed record InvocationResult(string Folder, IReadOnlyList<RunOutcome> Outcomes, bool Interrupted)
{
    public int ExitCode => Interrupted ? ExitCodes.Interrupted : Outcomes.All(o => o.Succeeded) ? ExitCodes.Ok : ExitCodes.RunFailed;
}

/// <summary>Runs a <see cref="PipelinePlan"/>.</summary>
internal static class PipelineRunner
{
    /// <summary>Training images shown in the augmentation preview (each beside its augmented version).</summary>
    public const int PreviewImages = 32;

    public static async Task<InvocationResult> RunAsync(PipelinePlan plan, RunSettings settings, IRunProgress progress, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var resolverOptions = new DatasetResolverOptions
        {
            ExplicitDirectory = settings.DataDirectory ?? plan.DatasetFolder,
            Logger = settings.Logger,
        };
        ResolvedDataset resolved = await new DatasetResolver(resolverOptions).ResolveAsync(plan.DatasetName, cancellationToken);
        LoadedDataset data = DatasetLoader.Load(resolved);
        var fingerprint = DatasetFingerprint.Compute(resolved);

        var layout = ArtifactLayout.Create(settings.ArtifactsRoot, plan.Name, settings.Output, DateTimeOffset.UtcNow);
        settings.Logger.LogInformation("Pipeline {Pipeline}: {Runs} runs on {Dataset}; writing to {Folder}", plan.Name, plan.Runs.Count, plan.DatasetName, layout.Root);
        var environment = EnvironmentProbe.Capture();
        InvocationFiles.Write(layout, plan, settings.CommandLineOverrides ?? [], environment, resolved, fingerprint);

        var shape = data.Train.ImageType;
        var inputSchema = plan.Input with { Shape = new InputShape(shape.Channels, shape.Height, shape.Width) };
        IBatchTransform? augmentation = null;
        AugmentationSummary? augmentationSummary = null;
        if (plan.Augmentation.Count > 0)
        {
            augmentation = AugmentationCatalog.Create(plan.Augmentation, shape.Channels, shape.Height, shape.Width);
            byte[] preview = AugmentationPreview.Render(data.Train, augmentation, PreviewImages, plan.Runs[0].Seed);
            AtomicFile.WriteAllBytes(Path.Combine(layout.Root, "augmentation-preview.png"), preview);
            augmentationSummary = new AugmentationSummary(plan.Augmentation.Select(AugmentationText.Describe).ToArray(), preview);
        }

        var context = new RunContext(plan, data, fingerprint, inputSchema, augmentation, augmentationSummary,
            new EnvironmentInfo(environment.Os, $"{environment.Cpu} ({environment.LogicalCores} logical cores)", environment.DotNet, environment.LibraryVersion, environment.GitCommit),
            layout);
        var outcomes = new List<RunOutcome>();
        bool interrupted = false;
        for (int i = 0; i < plan.Runs.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            var run = plan.Runs[i];
            var sink = progress.BeginRun(run.Name, i + 1, plan.Runs.Count);
            RunOutcome outcome = RunExecutor.Execute(context, run, sink, cancellationToken);
            progress.EndRun(run.Name, outcome.Succeeded, outcome.Summary);
            outcomes.Add(outcome);
            if (outcome.Cancelled) interrupted = true;
        }

        var reports = outcomes.Where(o => o.Report is not null).Select(o => o.Report!).ToArray();
        if (reports.Length > 0)
        {
            RunComparison comparison = RunComparer.Compare(reports);
            ReportWriter.WriteComparison(comparison, layout.Root);
            ResultsTable.Write(console, comparison);
        }
        if (interrupted)
            console.WriteLine($"Interrupted: {outcomes.Count} of {plan.Runs.Count} runs ran (the last one partially); checkpoints and partial reports are in {layout.Root}");
        console.WriteLine($"Artifacts: {layout.Root}");
        return new InvocationResult(layout.Root, outcomes, interrupted);
    }
}
