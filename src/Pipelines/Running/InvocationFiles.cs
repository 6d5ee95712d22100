// The files at the top of an invocation folder, written before the first run starts so that even an interrupted
// invocation says what it was: definition.yaml (the resolved definition, overrides applied), environment.json
// (OS, CPU, .NET, SIMD, library version, git commit) and dataset.json (which files, their checksums and verdicts,
// and the fingerprint the reports compare on). All temp-then-rename.
using System.Text.Json;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Packaging;
using Experiments.Pipelines.Definitions;

namespace Experiments.Pipelines.Running;

/// <summary>Writes the invocation-level files.</summary>
internal static class InvocationFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(ArtifactLayout layout, PipelinePlan plan, IReadOnlyList<string> overrides, EnvironmentSnapshot environment, ResolvedDataset dataset, DatasetFingerprint fingerprint)
    {
        // The YAML below has every override merged in (typed ones into defaults, over every run), so it runs the same
        // plan on its own; the header keeps the command line for the record.
        string header = $"# Definition of '{plan.Name}' as run (from {plan.SourcePath}, overrides merged).\n"
            + (overrides.Count == 0
                ? "# Command-line overrides: none.\n"
                : $"# Command-line overrides, applied over every run: {string.Join(' ', overrides)}\n");
        AtomicFile.WriteAllText(Path.Combine(layout.Root, "definition.yaml"), header + plan.ResolvedYaml);
        AtomicFile.WriteAllBytes(Path.Combine(layout.Root, "environment.json"), JsonSerializer.SerializeToUtf8Bytes(new
        {
            format = "experiments.environment",
            version = 1,
            os = environment.Os,
            cpu = environment.Cpu,
            logicalCores = environment.LogicalCores,
            dotnet = environment.DotNet,
            simd = environment.Simd,
            libraryVersion = environment.LibraryVersion,
            gitCommit = environment.GitCommit,
            machine = environment.MachineName,
            startedUtc = environment.StartedUtc.ToString("O"),
        }, Indented));
        AtomicFile.WriteAllBytes(Path.Combine(layout.Root, "dataset.json"), JsonSerializer.SerializeToUtf8Bytes(new
        {
            format = "experiments.dataset",
            version = 1,
            name = dataset.Dataset.Name,
            displayName = dataset.Dataset.DisplayName,
            folder = dataset.Directory,
            resolvedBy = dataset.Step.ToString(),
            fingerprint = fingerprint.Digest,
            files = dataset.Files.Select(f => new
            {
                role = f.Role.ToString(),
                path = f.Path,
                gzipped = f.IsGzipped,
                verdict = f.Verdict.ToString(),
                gzipMd5 = f.GzipMd5,
                payloadSha256 = f.PayloadSha256,
            }),
        }, Indented));
    }
}
