// DataCommands: `data list` and `data info <name> [--data-dir DIR]`.
//
// `data list` probes every catalog dataset without downloading and says where it resolves or why not.
// `data info` resolves one dataset (downloading into the cache if it is nowhere on disk and the network
// allows), loads both splits through the IDX validators, and prints the folder, the checksum verdict of each
// file, the counts per split and the class histogram. Results go to standard output; resolution steps are
// logged to standard error.
using System.CommandLine;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Experiments.Pipelines.Commands;

/// <summary>The <c>data</c> verbs.</summary>
internal static class DataCommands
{
    public static Command Create(TextWriter output)
    {
        var data = new Command("data", "Inspect the dataset catalog and where datasets resolve.");

        var list = new Command("list", "List the catalog's datasets and where each resolves (or why not), without downloading.");
        list.SetAction(parsed => Cli.Execute(parsed, host => List(host, Cli.Console(output))));
        data.Add(list);

        var nameArgument = new Argument<string>("name") { Description = "Dataset name: mnist, fashion-mnist or kmnist." };
        var dataDirOption = new Option<string?>("--data-dir")
        {
            Description = "Folder holding the dataset's IDX files (tried first; anything missing there is an error).",
        };
        var info = new Command("info", "Resolve a dataset, verify its checksums, and print counts and the class histogram.");
        info.Add(nameArgument);
        info.Add(dataDirOption);
        info.SetAction(parsed => Cli.Execute(parsed, host =>
            Info(host, Cli.Console(output), parsed.GetRequiredValue(nameArgument), parsed.GetValue(dataDirOption))));
        data.Add(info);
        return data;
    }

    private static int List(IHost host, IAnsiConsole console)
    {
        var resolver = new DatasetResolver(ResolverOptions(host, explicitDirectory: null, allowDownload: false));
        var table = new Table().AddColumns("name", "dataset", "classes", "resolves to");
        foreach (DatasetEntry entry in DatasetCatalog.Default.Entries)
        {
            DatasetProbe probe = resolver.Probe(entry);
            string where = probe.Resolved is { } r
                ? $"{r.Directory} ({Describe(r.Step)}{(r.IsFullyVerified ? ", verified" : ", NOT fully verified")})"
                : $"not available: {WhyNot(probe)}";
            table.AddRow(Markup.Escape(entry.Name), Markup.Escape(entry.DisplayName), entry.ClassCount.ToString(), Markup.Escape(where));
        }
        console.Write(table);
        console.WriteLine("`data info <name>` shows details; without a local copy it downloads into the user cache.");
        return ExitCodes.Ok;
    }

    private static int Info(IHost host, IAnsiConsole console, string name, string? dataDirectory)
    {
        DatasetResolverOptions options = ResolverOptions(host, dataDirectory, allowDownload: true);
        ResolvedDataset resolved = new DatasetResolver(options).ResolveAsync(name).GetAwaiter().GetResult();
        LoadedDataset dataset = DatasetLoader.Load(resolved);

        console.WriteLine($"{resolved.Dataset.DisplayName} ({resolved.Dataset.Name})");
        console.WriteLine($"folder: {resolved.Directory} ({Describe(resolved.Step)})");
        console.WriteLine($"images: {resolved.Dataset.ImageShape} u8, {resolved.Dataset.ClassCount} classes");

        var files = new Table().AddColumns("file", "format", "checksum");
        foreach (ResolvedFile file in resolved.Files)
            files.AddRow(Markup.Escape(Path.GetFileName(file.Path)), file.IsGzipped ? "gzip" : "raw", Markup.Escape(Describe(file.Verdict)));
        console.Write(files);

        int[] train = dataset.Train.CountRowsPerClass();
        int[] test = dataset.Test.CountRowsPerClass();
        var histogram = new Table().AddColumns("label", "class", "train", "test");
        for (int c = 0; c < resolved.Dataset.ClassCount; c++)
            histogram.AddRow(c.ToString(), Markup.Escape(resolved.Dataset.ClassNames[c]), train[c].ToString("N0"), test[c].ToString("N0"));
        histogram.AddRow("", "total", dataset.Train.RowCount.ToString("N0"), dataset.Test.RowCount.ToString("N0"));
        console.Write(histogram);
        return ExitCodes.Ok;
    }

    private static DatasetResolverOptions ResolverOptions(IHost host, string? explicitDirectory, bool allowDownload) => new()
    {
        ExplicitDirectory = explicitDirectory,
        AllowDownload = allowDownload,
        Logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Experiments.Data"),
    };

    private static string Describe(ResolutionStep step) => step switch
    {
        ResolutionStep.ExplicitDirectory => "--data-dir",
        ResolutionStep.EnvironmentVariable => DatasetResolverOptions.DataEnvironmentVariable,
        ResolutionStep.UserCache => "user cache",
        ResolutionStep.SystemFolder => "system folder",
        ResolutionStep.Download => "downloaded",
        _ => step.ToString(),
    };

    private static string Describe(ChecksumVerdict verdict) => verdict switch
    {
        ChecksumVerdict.GzipMd5 => "verified (upstream .gz MD5)",
        ChecksumVerdict.PayloadSha256 => "verified (payload SHA-256)",
        _ => "unverified (no reference hash for this form)",
    };

    // A one-line reason for `data list`: a location with a bad or incomplete copy is what the user must fix;
    // otherwise the dataset is simply not on this machine yet.
    private static string WhyNot(DatasetProbe probe)
    {
        ResolutionAttempt? problem = probe.Attempts.FirstOrDefault(a => a.Outcome is AttemptOutcome.Invalid or AttemptOutcome.Incomplete);
        if (problem is not null)
            return $"{problem.Location}: {problem.Outcome.ToString().ToLowerInvariant()} ({problem.Detail})";
        int looked = probe.Attempts.Count(a => a.Outcome == AttemptOutcome.NotFound);
        string hint = probe.Dataset.DebianPackage is { } package ? $"; or apt-get install {package}" : "";
        return $"not on this machine ({looked} locations checked); `data info {probe.Dataset.Name}` downloads it, or use --data-dir{hint}";
    }
}
