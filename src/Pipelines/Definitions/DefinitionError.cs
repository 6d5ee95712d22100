// DefinitionError: one problem in a pipeline definition, located to the character so an editor can jump to it.
namespace Experiments.Pipelines.Definitions;

/// <summary>
/// One problem in a pipeline definition: where (<see cref="File"/>, 1-based <see cref="Line"/> and
/// <see cref="Column"/>; <c>--set</c> errors use the argument's position), which key (<see cref="KeyPath"/>, e.g.
/// <c>runs[2].optimizer.lr</c>) and what is wrong (expected vs found, and the fix or a did-you-mean).
/// Line and column are 0 when the problem has no position (e.g. a missing file).
/// </summary>
public sealed record DefinitionError(string File, int Line, int Column, string KeyPath, string Message)
{
    /// <summary><c>file:line:col: key.path: message</c>, the format compilers use so terminals and editors link it.</summary>
    public override string ToString()
    {
        string where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return KeyPath.Length > 0 ? $"{where}: {KeyPath}: {Message}" : $"{where}: {Message}";
    }
}
