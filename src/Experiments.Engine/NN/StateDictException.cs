// StateDictException: the one error of loading a state dict, listing every problem at once.
namespace Experiments.Engine.NN;

/// <summary>
/// Thrown by <see cref="Module.LoadStateDict"/> when keys are missing or unexpected, or shapes differ
/// (PyTorch's "Error(s) in loading state_dict").
/// </summary>
public sealed class StateDictException : Exception
{
    public StateDictException(string moduleName, IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys, IReadOnlyList<string> shapeMismatches)
        : base(Format(moduleName, missingKeys, unexpectedKeys, shapeMismatches))
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>Keys the module has and the state dict lacks.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Keys the state dict has and the module lacks.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>One line per key whose shapes differ: "key: expected [..], found [..]".</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    private static string Format(string moduleName, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapes)
    {
        var lines = new List<string> { $"Error(s) in loading the state dict of {moduleName}:" };
        if (missing.Count > 0) lines.Add($"  Missing key(s): {string.Join(", ", missing)}.");
        if (unexpected.Count > 0) lines.Add($"  Unexpected key(s): {string.Join(", ", unexpected)}.");
        foreach (var s in shapes) lines.Add($"  Size mismatch for {s}.");
        lines.Add("  The state dict must come from a module with the same architecture; pass strict: false to skip missing/unexpected keys (shape mismatches are always errors).");
        return string.Join(Environment.NewLine, lines);
    }
}
