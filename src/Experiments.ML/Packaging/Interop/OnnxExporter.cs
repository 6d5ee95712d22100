// OnnxExporter: a trained engine Network (ModelFactory's `layers` Sequential) → one self-contained ONNX model that
// takes raw pixels and returns probabilities and the predicted class:
//
//   Image (N, 784) float32, raw 0..255, row-major C×H×W
//     → Div 255 → Sub pixel_mean → Div pixel_std                InputSchema (InputPreprocessor's float32 math;
//                                                                Mul pixel_scale instead of Div 255 for another scale)
//     → Reshape (N, C, H, W)                                     the layout the network's first layer takes
//     → one or a few nodes per layer (OnnxLayerWriter)           Dropout removed, BatchNorm in inference mode
//     → Softmax(axis=1) → Score (N, classes) float32
//     → ArgMax(axis=1, keepdims=0) on Score → PredictedLabel (N) int64
//
// Opset 17 of the default domain with IR version 8 (ONNX 1.12, Debian's python3-onnx; read by ONNX Runtime 1.12 and
// later). Initializers carry the state-dict names (layers.0.weight ...). metadata_props: class names (JSON array),
// library version, and the input contract (JSON). The same inputs give the same bytes.
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Experiments.ML.Models;
using Experiments.ML.Packaging.Onnx;

namespace Experiments.ML.Packaging.Interop;

/// <summary>
/// Exports an engine <see cref="Network"/> with its <see cref="InputSchema"/> preprocessing to ONNX: input
/// <see cref="InputName"/> float32 [N, C·H·W] of raw pixels, outputs <see cref="ScoreName"/> float32 [N, classes]
/// (softmax probabilities) and <see cref="PredictedLabelName"/> int64 [N] (arg max).
/// </summary>
public static class OnnxExporter
{
    /// <summary>The graph input: raw pixel values 0..255 as float32, (N, C·H·W), row-major.</summary>
    public const string InputName = "Image";
    /// <summary>The probabilities output, float32 (N, classes).</summary>
    public const string ScoreName = "Score";
    /// <summary>The predicted class index output, int64 (N).</summary>
    public const string PredictedLabelName = "PredictedLabel";
    /// <summary>The symbolic batch dimension.</summary>
    public const string BatchDim = "N";
    /// <summary>Opset of the default ONNX domain the exporter writes (ONNX 1.12).</summary>
    public const long OpsetVersion = 17;
    /// <summary>ModelProto.ir_version written with <see cref="OpsetVersion"/>.</summary>
    public const long IrVersion = 8;

    /// <summary>metadata_props key of the class names, a JSON array of strings in class-index order.</summary>
    public const string ClassNamesKey = "experiments.class_names";
    /// <summary>metadata_props key of the Experiments.ML library version that wrote the model.</summary>
    public const string VersionKey = "experiments.version";
    /// <summary>metadata_props key of the input contract: JSON {shape, pixel_scale, mean, std}.</summary>
    public const string InputKey = "experiments.input";

    /// <summary>The Experiments.ML informational version (written as producer_version and <see cref="VersionKey"/>).</summary>
    public static string LibraryVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>
    /// The ONNX bytes of <paramref name="network"/> in eval mode (the network itself is not modified). Every layer
    /// ModelFactory builds is supported (Linear, Conv1d, Conv2d, BatchNorm1d/2d, MaxPool1d/2d, AvgPool2d,
    /// AdaptiveAvgPool2d, Flatten, Unflatten, Dropout, ReLU, LeakyReLU, Tanh, Sigmoid, GELU), plus Softmax,
    /// LogSoftmax and nested Sequentials. A network that already ends in Softmax is not softmaxed twice.
    /// </summary>
    /// <exception cref="ModelPackageException">
    /// A layer the exporter does not support (named by its path, e.g. <c>layers.3</c>), a layer whose input shape does
    /// not fit it, a class-name count that differs from the network's outputs, or an invalid input schema.
    /// </exception>
    public static byte[] Export(Network network, InputSchema schema, IReadOnlyList<string> classNames, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(classNames);
        options ??= new OnnxExportOptions();
        PreprocessingConstants constants;
        try { constants = InputPreprocessor.Constants(schema); }
        catch (ArgumentException ex) { throw new ModelPackageException($"{ex.Message} Fix the input schema before exporting.", InputKey, innerException: ex); }
        var shape = schema.Shape;
        if (classNames.Any(string.IsNullOrEmpty))
            throw new ModelPackageException("a class name is null or empty; pass a name for every class", ClassNamesKey);
        if (classNames.Count < 2)
            throw new ModelPackageException($"expected at least 2 class names; found {classNames.Count}. Pass the dataset's class names in class-index order.", ClassNamesKey);

        var builder = new OnnxModelBuilder(options.GraphName)
        {
            IrVersion = IrVersion,
            OpsetVersion = OpsetVersion,
            ProducerName = "Experiments",
            ProducerVersion = LibraryVersion,
        };
        builder.AddInput(InputName, OnnxElementType.Float, BatchDim, shape.Length);
        var input = Preprocess(builder, shape, constants);

        var writer = new OnnxLayerWriter(builder, input, [shape.Channels, shape.Height, shape.Width], options.BatchNorm);
        writer.WriteSequential(network.Layers, "layers");
        if (writer.Shape.Length != 1)
            throw new ModelPackageException(
                $"the network ends with per-sample shape [{string.Join(", ", writer.Shape)}]; expected one score per class [{classNames.Count}]. End the network with Flatten and Linear.",
                "layers");
        if (writer.Shape[0] != classNames.Count)
            throw new ModelPackageException(
                $"the network produces {writer.Shape[0]} outputs per sample but {classNames.Count} class names were given; pass one name per output class.",
                ClassNamesKey);

        if (writer.EndsWithSoftmax)
            builder.AddNode("Identity", [writer.Current], [ScoreName], "Score.Identity", null);
        else
            builder.AddNode("Softmax", [writer.Current], [ScoreName], "Score.Softmax", null, OnnxAttribute.Int("axis", 1));
        builder.AddNode("ArgMax", [ScoreName], [PredictedLabelName], "PredictedLabel.ArgMax", null,
            OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0));
        builder.AddOutput(ScoreName, OnnxElementType.Float, BatchDim, classNames.Count);
        builder.AddOutput(PredictedLabelName, OnnxElementType.Int64, BatchDim);

        builder.AddMetadata(ClassNamesKey, JsonSerializer.Serialize(classNames));
        builder.AddMetadata(VersionKey, LibraryVersion);
        builder.AddMetadata(InputKey, InputJson(schema));
        foreach (var (key, value) in options.Metadata)
        {
            if (key is ClassNamesKey or VersionKey or InputKey)
                throw new ModelPackageException($"the metadata key is written by the exporter itself; choose another key for extra metadata", key);
            builder.AddMetadata(key, value);
        }
        return builder.ToBytes();
    }

    /// <summary>The class names stored in an exported model's metadata (<see cref="ClassNamesKey"/>).</summary>
    public static IReadOnlyList<string> ReadClassNames(byte[] onnxModel)
    {
        var model = OnnxModelReader.Read(onnxModel);
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == ClassNamesKey);
        if (entry.Key is null)
            throw new ModelPackageException(
                $"the ONNX model has no '{ClassNamesKey}' metadata; it was not written by OnnxExporter (keys present: {string.Join(", ", model.MetadataProps.Select(p => p.Key))})",
                ClassNamesKey);
        try
        {
            return JsonSerializer.Deserialize<string[]>(entry.Value) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new ModelPackageException($"expected a JSON array of strings; found '{entry.Value}'", ClassNamesKey, innerException: ex);
        }
    }

    // Image (N, C·H·W) → Div 255 (or Mul scale) → Sub mean → Div std → Reshape (N, C, H, W): InputPreprocessor's float32
    // operations with its constants. Mean and std are [1] for one channel, else expanded to one value per input element
    // (channel-major), so the same Sub/Div broadcast works for any C.
    private static string Preprocess(OnnxModelBuilder builder, InputShape shape, PreprocessingConstants c)
    {
        float[] PerElement(float[] perChannel)
        {
            if (perChannel.Length == 1) return perChannel;
            var plane = shape.Height * shape.Width;
            var values = new float[shape.Length];
            for (int i = 0; i < values.Length; i++) values[i] = perChannel[i / plane];
            return values;
        }
        var mean = PerElement(c.Mean);
        var std = PerElement(c.Std);
        if (c.DivideBy255)
        {
            builder.AddInitializer("input.pixel_divisor", [255f], 1);
            builder.AddNode("Div", [InputName, "input.pixel_divisor"], ["input.scaled"], "input.Scale", null);
        }
        else
        {
            builder.AddInitializer("input.pixel_scale", [c.Scale], 1);
            builder.AddNode("Mul", [InputName, "input.pixel_scale"], ["input.scaled"], "input.Scale", null);
        }
        builder.AddInitializer("input.mean", mean, mean.Length);
        builder.AddInitializer("input.std", std, std.Length);
        builder.AddInitializer("input.shape", [0L, shape.Channels, shape.Height, shape.Width], 4);
        builder.AddNode("Sub", ["input.scaled", "input.mean"], ["input.centered"], "input.Sub", null);
        builder.AddNode("Div", ["input.centered", "input.std"], ["input.normalized"], "input.Div", null);
        builder.AddNode("Reshape", ["input.normalized", "input.shape"], ["input"], "input.Reshape", null);
        return "input";
    }

    private static string InputJson(InputSchema schema) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"shape\":[{schema.Shape.Channels},{schema.Shape.Height},{schema.Shape.Width}],\"pixel_scale\":{schema.PixelScale:R},\"mean\":[{string.Join(",", schema.Mean.Select(m => m.ToString("R", CultureInfo.InvariantCulture)))}],\"std\":[{string.Join(",", schema.Std.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))}]}}");
}
