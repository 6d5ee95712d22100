// OnnxTransformerModel: the Model.key payload and the "OnnxModel" side entry of ML.NET's OnnxTransformer
// (signature "ONNXSCOR", loader "OnnxTransform" in Microsoft.ML.OnnxTransformer). Spec §6.
//
// OnnxModel side entry:  i32 length | the .onnx file bytes
// Model block:           i32 nInputs (> 0) | nInputs x i32 string id of an ONNX input name (= the data column it reads)
//                        i32 nOutputs (> 0) | nOutputs x i32 string id of an ONNX output name
//                        i32 nCustomShapes | per shape: i32 string id of the tensor name, int array of dims (count > 0)
//                        [payload v3 only] i32 protobuf recursion limit (ML.NET's default 100)
//
// Version choice: we write payload v2 (0x00010002, no recursion limit) by default, which ML.NET 1.3.1 and every later
// release read (HEAD then uses its default limit 100); v3 is what ML.NET >= 1.6 writes but 1.3.1-1.5.x reject it as
// "too new". A feed-forward classifier needs no raised recursion limit, so v2 buys compatibility at no cost. v3 is
// available for byte-identity with current ML.NET output.
namespace Experiments.ML.Packaging.MLNet;

/// <summary>Which OnnxTransformer payload version to write.</summary>
public enum OnnxTransformerPayloadVersion : uint
{
    /// <summary>0x00010002: readable by ML.NET 1.3.1 and later (our default).</summary>
    V2 = 0x00010002,
    /// <summary>0x00010003: adds the protobuf recursion limit; readable by ML.NET 1.6.0 and later.</summary>
    V3 = 0x00010003,
}

/// <summary>A custom input/output shape stored in the OnnxTransformer payload.</summary>
public sealed record OnnxCustomShape(string Name, IReadOnlyList<int> Dims);

/// <summary>The decoded OnnxTransformer payload.</summary>
public sealed record OnnxTransformerSettings(IReadOnlyList<string> InputNames, IReadOnlyList<string> OutputNames,
    IReadOnlyList<OnnxCustomShape> CustomShapes, int? RecursionLimit);

/// <summary>Writes and reads an OnnxTransformer's <c>Model.key</c> and <c>OnnxModel</c> entries.</summary>
public static class OnnxTransformerModel
{
    /// <summary>ML.NET's default protobuf recursion limit (written in payload v3).</summary>
    public const int DefaultRecursionLimit = 100;

    /// <summary>Name of the side entry holding the ONNX bytes, in the same folder as the Model.key.</summary>
    public const string OnnxModelEntryName = "OnnxModel";

    /// <summary>Model signature of the OnnxTransformer.</summary>
    public const string ModelSignature = "ONNXSCOR";

    /// <summary>The component identity for a payload version.</summary>
    public static ModelKeyComponent Component(OnnxTransformerPayloadVersion version) =>
        new(ModelSignature, (uint)version, (uint)version, "OnnxTransform", "", ModelKeyFile.MicrosoftMLOnnxTransformerAssembly);

    /// <summary>The <c>Model.key</c> of an OnnxTransformer mapping columns <paramref name="inputNames"/> to <paramref name="outputNames"/>.</summary>
    public static ModelKeyFile CreateModelKey(IReadOnlyList<string> inputNames, IReadOnlyList<string> outputNames,
        OnnxTransformerPayloadVersion version = OnnxTransformerPayloadVersion.V2, int recursionLimit = DefaultRecursionLimit)
    {
        CheckNames(inputNames, "input");
        CheckNames(outputNames, "output");
        if (!Enum.IsDefined(version))
            throw new ModelPackageException($"OnnxTransformer payload version 0x{(uint)version:X8} is not one we write; use V2 or V3");
        var writer = new ModelKeyPayloadWriter().WriteInt32(inputNames.Count);
        foreach (var name in inputNames)
            writer.WriteStringId(name);
        writer.WriteInt32(outputNames.Count);
        foreach (var name in outputNames)
            writer.WriteStringId(name);
        writer.WriteInt32(0); // no custom shapes: shapes come from the ONNX graph
        if (version == OnnxTransformerPayloadVersion.V3)
            writer.WriteInt32(recursionLimit);
        return writer.ToModelKey(Component(version));
    }

    /// <summary>The <c>OnnxModel</c> side entry: i32 length, then the ONNX file bytes.</summary>
    public static byte[] CreateOnnxModelEntry(ReadOnlySpan<byte> onnxBytes)
    {
        if (onnxBytes.IsEmpty)
            throw new ModelPackageException("the ONNX model is empty; pass the bytes of a .onnx file", OnnxModelEntryName);
        var entry = new byte[4 + onnxBytes.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(entry, onnxBytes.Length);
        onnxBytes.CopyTo(entry.AsSpan(4));
        return entry;
    }

    /// <summary>The ONNX bytes of an <c>OnnxModel</c> side entry (checks the length prefix).</summary>
    public static byte[] ReadOnnxModelEntry(byte[] entry, string entryName)
    {
        if (entry.Length < 4)
            throw new ModelPackageException($"the entry is {entry.Length} bytes, too short for its i32 length", entryName);
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(entry);
        if (length != entry.Length - 4)
            throw new ModelPackageException($"the length prefix says {length} ONNX bytes but {entry.Length - 4} follow", entryName);
        return entry[4..];
    }

    /// <summary>Decodes an OnnxTransformer payload (v2 or v3) the way ML.NET's loader does.</summary>
    public static OnnxTransformerSettings ReadSettings(ModelKeyFile file, string entryName)
    {
        var c = file.Component;
        if (c.ModelSignature != ModelSignature)
            throw new ModelPackageException($"model signature is \"{c.ModelSignature}\", expected \"{ModelSignature}\"", entryName);
        if (c.VerWritten < (uint)OnnxTransformerPayloadVersion.V2 || c.VerReadable > (uint)OnnxTransformerPayloadVersion.V3)
            throw new ModelPackageException($"OnnxTransformer payload version written 0x{c.VerWritten:X8} / readable 0x{c.VerReadable:X8} " +
                                            "is not supported; this reader handles 0x00010002 and 0x00010003", entryName);
        var reader = new ModelKeyPayloadReader(file, entryName);
        var inputs = ReadNames(reader, "input", entryName);
        var outputs = ReadNames(reader, "output", entryName);
        int shapeCount = reader.ReadInt32();
        if (shapeCount < 0)
            throw new ModelPackageException($"custom shape count is {shapeCount}", entryName);
        var shapes = new List<OnnxCustomShape>();
        for (int i = 0; i < shapeCount; i++)
            shapes.Add(new OnnxCustomShape(reader.ReadNonEmptyString("custom shape name"), reader.ReadIntArray() ?? []));
        int? limit = c.VerWritten >= (uint)OnnxTransformerPayloadVersion.V3 ? reader.ReadInt32() : null;
        reader.EnsureAtEnd();
        return new OnnxTransformerSettings(inputs, outputs, shapes, limit);
    }

    private static string[] ReadNames(ModelKeyPayloadReader reader, string what, string entryName)
    {
        int count = reader.ReadInt32();
        if (count <= 0)
            throw new ModelPackageException($"the OnnxTransformer has {count} {what}s; it needs at least one", entryName);
        var names = new string[count];
        for (int i = 0; i < count; i++)
            names[i] = reader.ReadNonEmptyString($"{what} name {i}");
        return names;
    }

    private static void CheckNames(IReadOnlyList<string> names, string what)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
            throw new ModelPackageException($"the OnnxTransformer needs at least one {what} name");
        foreach (var name in names)
            if (string.IsNullOrEmpty(name))
                throw new ModelPackageException($"an OnnxTransformer {what} name is empty; use the ONNX graph's {what} names");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new ModelPackageException($"the OnnxTransformer {what} names repeat: {string.Join(", ", names)}");
    }
}
