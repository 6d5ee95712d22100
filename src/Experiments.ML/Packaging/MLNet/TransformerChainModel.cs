// TransformerChainModel: the payload of TransformerChain/Model.key (signature "XF CHAIN", v1.1.1, loader
// "TransformerChain" in Microsoft.ML.Data). Spec §5. No strings.
//
// Model block:  i32 count | count x i32 scope   (scope flags: Training=1, Testing=2, Scoring=4; ML.NET writes 7)
// Transformer i is stored in the sub-folder Transform_{i:000} with its own Model.key.
namespace Experiments.ML.Packaging.MLNet;

/// <summary>Writes and reads the <c>TransformerChain/Model.key</c> chain header.</summary>
public static class TransformerChainModel
{
    /// <summary>Scope flags value ML.NET writes for every transformer (Training | Testing | Scoring).</summary>
    public const int ScopeEverything = 7;

    /// <summary>The chain's component identity.</summary>
    public static readonly ModelKeyComponent Component =
        new("XF CHAIN", 0x00010001, 0x00010001, "TransformerChain", "", ModelKeyFile.MicrosoftMLDataAssembly);

    /// <summary>The chain header for <paramref name="transformerCount"/> transformers, each with scope 7.</summary>
    public static ModelKeyFile Create(int transformerCount)
    {
        if (transformerCount < 1)
            throw new ModelPackageException($"a transformer chain needs at least one transformer, got {transformerCount}");
        var writer = new ModelKeyPayloadWriter().WriteInt32(transformerCount);
        for (int i = 0; i < transformerCount; i++)
            writer.WriteInt32(ScopeEverything);
        return writer.ToModelKey(Component);
    }

    /// <summary>The scopes of a chain header (one per transformer); checks the signature and that the block is fully read.</summary>
    public static int[] ReadScopes(ModelKeyFile file, string entryName)
    {
        if (file.Component.ModelSignature != Component.ModelSignature)
            throw new ModelPackageException($"model signature is \"{file.Component.ModelSignature}\", expected \"{Component.ModelSignature}\"", entryName);
        var reader = new ModelKeyPayloadReader(file, entryName);
        int count = reader.ReadInt32();
        if (count < 0 || count > file.ModelBlock.Length / 4)
            throw new ModelPackageException($"transformer count {count} does not fit in the {file.ModelBlock.Length}-byte chain payload", entryName);
        var scopes = new int[count];
        for (int i = 0; i < count; i++)
            scopes[i] = reader.ReadInt32();
        reader.EnsureAtEnd();
        return scopes;
    }

    /// <summary>The folder of transformer <paramref name="index"/>, e.g. <c>TransformerChain/Transform_000</c>.</summary>
    public static string TransformFolder(int index) => $"TransformerChain/Transform_{index:000}";
}
