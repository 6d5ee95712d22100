// ImageClassifier: the prediction API for other .NET apps. Load a model.zip once, then classify images from any
// number of threads. Needs only Experiments.ML (no hosting, logging or CLI packages).
//
// Preprocessing applies the package's input schema: x = (scale(p) − mean[c]) / std[c] in float32, where
// scale(p) = p / 255f when pixel_scale is 1/255 (bit-identical to torchvision's ToTensor and our PixelScaling) and
// p · (float)pixel_scale otherwise. Byte input goes through a 256-entry table per channel, computed the same way.
// Shapes: one image is C·H·W values, row-major (C, H, W); a batch of N is N·C·H·W values.
//
// Thread safety: the network is in eval mode and its forward pass only reads weights and running statistics;
// autograd is switched off per thread (Autograd.NoGrad is thread-static), so concurrent Predict calls share it.
using Experiments.Engine;
using Experiments.ML.Data;
using Experiments.ML.Data.Idx;
using Experiments.ML.Models;
using Experiments.ML.Packaging;

namespace Experiments.ML.Inference;

/// <summary>Classifies images with a model package: thread-safe single and batch prediction, and IDX scoring.</summary>
public sealed class ImageClassifier
{
    /// <summary>Images per forward pass in batch prediction (bounds the memory of one call).</summary>
    public const int ChunkSize = 256;

    private readonly Network _network;
    private readonly float[][] _byteTables;
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly float _scale;
    private readonly bool _divideBy255;

    private ImageClassifier(ModelPackage package)
    {
        Package = package;
        Manifest = package.Manifest;
        _network = package.CreateNetwork();
        var schema = Manifest.InputSchema;
        _divideBy255 = schema.PixelScale == 1.0 / 255.0;
        _scale = (float)schema.PixelScale;
        _mean = schema.Mean.Select(m => (float)m).ToArray();
        _std = schema.Std.Select(s => (float)s).ToArray();
        _byteTables = new float[schema.Shape.Channels][];
        for (var c = 0; c < _byteTables.Length; c++)
        {
            _byteTables[c] = new float[256];
            for (var b = 0; b < 256; b++) _byteTables[c][b] = Normalize(b, c);
        }
    }

    /// <summary>Loads and validates a model package file.</summary>
    public static ImageClassifier Load(string path, ModelPackageReadOptions? options = null) => new(ModelPackage.Load(path, options));

    /// <summary>A classifier over an already loaded package.</summary>
    public static ImageClassifier FromPackage(ModelPackage package) => new(package ?? throw new ArgumentNullException(nameof(package)));

    /// <summary>The package the classifier was loaded from.</summary>
    public ModelPackage Package { get; }

    /// <summary>The package manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Class names in label order.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>Shape of one input image.</summary>
    public InputShape InputShape => Manifest.InputSchema.Shape;

    /// <summary>Values per image (C·H·W).</summary>
    public int PixelsPerImage => InputShape.Length;

    /// <summary>Classifies one image of raw bytes 0..255, row-major (C, H, W).</summary>
    public Prediction Predict(ReadOnlySpan<byte> pixels)
    {
        CheckLength(pixels.Length, 1);
        return PredictBatch(pixels)[0];
    }

    /// <summary>Classifies one image given as floats on the 0..255 scale, row-major (C, H, W).</summary>
    public Prediction Predict(ReadOnlySpan<float> pixels0to255)
    {
        CheckLength(pixels0to255.Length, 1);
        return PredictBatch(pixels0to255)[0];
    }

    /// <summary>Classifies N images of raw bytes laid out back to back (N·C·H·W values).</summary>
    public Prediction[] PredictBatch(ReadOnlySpan<byte> pixels)
    {
        var count = CheckBatch(pixels.Length);
        var results = new Prediction[count];
        var size = PixelsPerImage;
        for (var start = 0; start < count; start += ChunkSize)
        {
            var n = Math.Min(ChunkSize, count - start);
            var input = new float[n * size];
            Preprocess(pixels.Slice(start * size, n * size), input);
            Run(input, n, results.AsSpan(start, n));
        }
        return results;
    }

    /// <summary>Classifies N images given as floats on the 0..255 scale, back to back (N·C·H·W values).</summary>
    public Prediction[] PredictBatch(ReadOnlySpan<float> pixels0to255)
    {
        var count = CheckBatch(pixels0to255.Length);
        var results = new Prediction[count];
        var size = PixelsPerImage;
        for (var start = 0; start < count; start += ChunkSize)
        {
            var n = Math.Min(ChunkSize, count - start);
            var input = new float[n * size];
            Preprocess(pixels0to255.Slice(start * size, n * size), input);
            Run(input, n, results.AsSpan(start, n));
        }
        return results;
    }

    /// <summary>
    /// Applies the input schema to raw bytes of whole images: <c>destination[i] = (scale(p) − mean[c]) / std[c]</c>,
    /// exactly what the network receives.
    /// </summary>
    public void Preprocess(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        CheckBatch(pixels.Length);
        if (destination.Length < pixels.Length)
            throw new ArgumentException($"the destination holds {destination.Length} floats but {pixels.Length} pixels were given", nameof(destination));
        var plane = InputShape.Height * InputShape.Width;
        for (var i = 0; i < pixels.Length; i++)
            destination[i] = _byteTables[i / plane % _byteTables.Length][pixels[i]];
    }

    /// <summary>Applies the input schema to float pixels (0..255 scale) of whole images; see <see cref="Preprocess(ReadOnlySpan{byte}, Span{float})"/>.</summary>
    public void Preprocess(ReadOnlySpan<float> pixels0to255, Span<float> destination)
    {
        CheckBatch(pixels0to255.Length);
        if (destination.Length < pixels0to255.Length)
            throw new ArgumentException($"the destination holds {destination.Length} floats but {pixels0to255.Length} pixels were given", nameof(destination));
        var plane = InputShape.Height * InputShape.Width;
        for (var i = 0; i < pixels0to255.Length; i++)
            destination[i] = Normalize(pixels0to255[i], i / plane % _mean.Length);
    }

    /// <summary>
    /// Classifies every image of an IDX file (raw or .gz; dims [N, H, W] or [N, C, H, W], unsigned bytes) and, when
    /// <paramref name="labelsPath"/> is given, compares with its labels ([N], unsigned bytes).
    /// </summary>
    public IdxScore ScoreIdx(string imagesPath, string? labelsPath = null)
    {
        var images = ReadImages(imagesPath);
        var pixels = (byte[])images.Data;
        byte[]? labels = null;
        if (labelsPath is not null)
        {
            var labelArray = IdxReader.Read(labelsPath);
            if (labelArray.ElementType != IdxElementType.UInt8 || labelArray.Rank != 1)
                throw new DataException($"expected a labels file of unsigned bytes with one dimension [N]; found {labelArray.ElementType} [{string.Join(", ", labelArray.Dimensions)}]. Pass the labels IDX file (e.g. t10k-labels-idx1-ubyte.gz).", labelsPath);
            labels = (byte[])labelArray.Data;
            if (labels.Length != images.Dimensions[0])
                throw new DataException($"the labels file has {labels.Length} labels but the images file has {images.Dimensions[0]} images; pass the matching pair of files.", labelsPath);
            for (var i = 0; i < labels.Length; i++)
                if (labels[i] >= ClassNames.Count)
                    throw new DataException($"label {i} is {labels[i]} but the model has {ClassNames.Count} classes (0..{ClassNames.Count - 1}); the labels do not belong to this model's dataset.", labelsPath);
        }
        var predictions = PredictBatch(pixels);
        return new IdxScore(imagesPath, predictions.Select(p => p.Label).ToArray(), predictions.Select(p => p.Confidence).ToArray(), labels);
    }

    /// <summary>Classifies image <paramref name="index"/> (0-based) of an IDX images file.</summary>
    public Prediction PredictIdx(string imagesPath, int index)
    {
        var images = ReadImages(imagesPath);
        var count = images.Dimensions[0];
        if (index < 0 || index >= count)
            throw new DataException($"image index {index} is out of range: the file holds {count} images; pass an index in 0..{count - 1}.", imagesPath);
        return Predict(((byte[])images.Data).AsSpan(index * PixelsPerImage, PixelsPerImage));
    }

    private IdxArray ReadImages(string imagesPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        var images = IdxReader.Read(imagesPath);
        var dims = images.Dimensions;
        var shape = InputShape;
        var fits = images.ElementType == IdxElementType.UInt8 && (
            (images.Rank == 3 && shape.Channels == 1 && dims[1] == shape.Height && dims[2] == shape.Width) ||
            (images.Rank == 4 && dims[1] == shape.Channels && dims[2] == shape.Height && dims[3] == shape.Width));
        if (!fits)
            throw new DataException($"expected unsigned-byte images of shape [N, {shape.Height}, {shape.Width}]{(shape.Channels == 1 ? "" : $" with {shape.Channels} channels ([N, {shape.Channels}, {shape.Height}, {shape.Width}])")} for this model; found {images.ElementType} [{string.Join(", ", dims)}]. Pass an images file of the dataset the model was trained on.", imagesPath);
        return images;
    }

    private void Run(float[] input, int n, Span<Prediction> results)
    {
        var shape = InputShape;
        Tensor logits;
        using (Autograd.NoGrad())
        {
            logits = _network.Forward(Tensor.Wrap(input, n, shape.Channels, shape.Height, shape.Width));
        }
        var classes = ClassNames.Count;
        var values = logits.ToArray();
        if (values.Length != n * classes)
            throw new InvalidOperationException($"the network produced {logits.ShapeString} for {n} images; expected [{n}, {classes}].");
        for (var i = 0; i < n; i++)
        {
            var row = values.AsSpan(i * classes, classes);
            var probabilities = Softmax(row);
            var best = 0;
            for (var k = 1; k < classes; k++)
                if (row[k] > row[best]) best = k;
            results[i] = new Prediction(best, ClassNames[best], probabilities, row.ToArray());
        }
    }

    /// <summary>Softmax with the max subtracted (as torch.softmax), accumulated in double.</summary>
    private static float[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits) max = Math.Max(max, v);
        var result = new float[logits.Length];
        double sum = 0;
        for (var k = 0; k < logits.Length; k++) sum += result[k] = MathF.Exp(logits[k] - max);
        for (var k = 0; k < logits.Length; k++) result[k] = (float)(result[k] / sum);
        return result;
    }

    private float Normalize(float pixel, int channel)
    {
        var scaled = _divideBy255 ? pixel / 255f : pixel * _scale;
        return (scaled - _mean[channel]) / _std[channel];
    }

    private void CheckLength(int length, int images)
    {
        if (length != images * PixelsPerImage)
            throw new ArgumentException(
                $"expected {PixelsPerImage} values for one {InputShape.Channels}×{InputShape.Height}×{InputShape.Width} image; found {length}. Pass the image row-major (channels, height, width).");
    }

    private int CheckBatch(int length)
    {
        if (length == 0 || length % PixelsPerImage != 0)
            throw new ArgumentException(
                $"expected a whole number of {InputShape.Channels}×{InputShape.Height}×{InputShape.Width} images ({PixelsPerImage} values each); found {length} values.");
        return length / PixelsPerImage;
    }
}
