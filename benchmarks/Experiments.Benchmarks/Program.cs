// Experiments.Benchmarks entry point: a small command dispatcher. The first argument names a command; the rest
// go to it. Commands live one per file under Commands/ and are listed explicitly below (no reflection).
// Run in Release: dotnet run -c Release --project benchmarks/Experiments.Benchmarks -- <command> [options]
using Experiments.Benchmarks.Commands;

IBenchmarkCommand[] commands =
[
    new IdxLoadCommand(),
    new EpochCommand(),
    new InferenceCommand(),
    new TrainCommand(),
    new AugmentCommand(),
    new AugmentOverheadCommand(),
    new EvalCheckpointCommand(),
    new StepCommand(),
    new GemmCommand(),
];

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    PrintCommands(Console.Out);
    return args.Length == 0 ? 2 : 0;
}

var command = commands.FirstOrDefault(c => c.Name == args[0]);
if (command is null)
{
    Console.Error.WriteLine($"Unknown command '{args[0]}'.");
    PrintCommands(Console.Error);
    return 2;
}
return command.Run(args[1..]);

void PrintCommands(TextWriter to)
{
    to.WriteLine("Usage: Experiments.Benchmarks <command> [options]   (build with -c Release)");
    to.WriteLine("Commands:");
    foreach (var c in commands) to.WriteLine($"  {c.Usage,-40} {c.Description}");
}
