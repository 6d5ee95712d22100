// WeightsContract: checks a state dict or a safetensors file against the network an architecture builds: the
// same tensor names, the same shapes, float32 only. Used by the writer (refuse to write weights that do not fit
// the manifest) and by the reader (refuse weights that do not fit the architecture).
using Experiments.Engine;
using Experiments.Engine.Random;
using Experiments.ML.Models;
using Experiments.ML.Packaging.SafeTensors;

namespace Experiments.ML.Packaging;

/// <summary>The expected tensor names and shapes of an architecture, and the comparison against found ones.</summary>
internal static class WeightsContract
{
    /// <summary>Builds the network of the manifest contract (random init, overwritten by the caller).</summary>
    public static Network Build(ArchitectureSpec spec, InputSchema schema, int classes, string? source)
    {
        try
        {
            return ModelFactory.Create(spec, schema.Shape, classes, new RandomStreams(0));
        }
        catch (ArchitectureException ex)
        {
            throw new ModelPackageException(
                $"the architecture cannot be built for input {schema.Shape.Channels}×{schema.Shape.Height}×{schema.Shape.Width} and {classes} classes: {ex.Message}. Fix the architecture spec.",
                PackageEntryNames.Manifest, source, ex);
        }
    }

    /// <summary>Throws naming the first tensor whose name or shape differs from <paramref name="expected"/>.</summary>
    public static void Check(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, long[]> found, string kind, string? source)
    {
        foreach (var (name, tensor) in expected)
        {
            if (!found.TryGetValue(name, out var shape))
                throw new ModelPackageException(
                    $"the {kind} architecture has the tensor '{name}' (shape {Shape(tensor.ShapeArray().Select(d => (long)d))}) but the weights lack it; the weights do not belong to this architecture — re-export the model",
                    PackageEntryNames.Weights, source);
            if (!shape.SequenceEqual(tensor.ShapeArray().Select(d => (long)d)))
                throw new ModelPackageException(
                    $"tensor '{name}': expected shape {Shape(tensor.ShapeArray().Select(d => (long)d))} (what the {kind} architecture builds), found {Shape(shape)}; the weights do not belong to this architecture — re-export the model",
                    PackageEntryNames.Weights, source);
        }
        foreach (var name in found.Keys.Order(StringComparer.Ordinal))
            if (!expected.ContainsKey(name))
                throw new ModelPackageException(
                    $"unexpected tensor '{name}': the {kind} architecture has no such tensor (it has {string.Join(", ", expected.Keys)}); re-export the model",
                    PackageEntryNames.Weights, source);
    }

    /// <summary>The shapes of a safetensors file, refusing any dtype other than F32.</summary>
    public static Dictionary<string, long[]> Shapes(SafeTensorsFile file, string? source)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var t in file.Tensors)
        {
            if (t.DType != SafeTensorsDType.F32)
                throw new ModelPackageException($"tensor '{t.Name}' is {t.DType.Name()}; format version 1 stores every tensor as F32", PackageEntryNames.Weights, source);
            shapes[t.Name] = t.Shape.ToArray();
        }
        return shapes;
    }

    private static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
