// The `experiments` command-line host: builds the generic host (configuration, logging) and dispatches to the
// System.CommandLine verbs. Exit codes: 0 ok, 1 a run failed, 2 bad input.
using Experiments.Pipelines.Commands;

return await Cli.RunAsync(args);
