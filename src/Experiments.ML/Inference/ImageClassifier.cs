// ImageClassifier: the prediction API for other .NET apps. Load a model.zip once, then classify images from any
// number of threads. Needs only Experiments.ML (no hosting, logging or CLI packages).
//
// Preprocessing applies the package's input schema through InputPreprocessor, the one definition shared with training
// and the ONNX export: x = (p / 255 − mean[c]) / std[c] in float32 (p · pixel_scale for another scale).
// Shapes: one image is C·H·W values, row-major (C, H, W); a batch of N is N·C·H·W values.
//
// Thread safety: the network is in eval mode and its forward pass only reads weights and running statistics;
// autograd is switched off per thread (Autograd.NoGrad is thread-static), so concurrent Predict calls share it.
using Experiments.Engine;
using Experiments.Engine.Kernels;
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
    private readonly PreprocessingConstants _preprocessing;

    private ImageClassifier(ModelPackage package)
    {
        Package = package;
        Manifest = package.Manifest;
        _network = package.CreateNetwork();
        _preprocessing = InputPreprocessor.Constants(Manifest.InputSchema);
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

    /// <summary>Classifies N images of raw bytes laid out back to back (N·C·H·W values): one <see cref="Prediction"/> per image.</summary>
    public Prediction[] PredictBatch(byte[] pixels) => Predictions(Run(PixelSource.Of(pixels, CheckBatch(pixels.Length)), keepLogits: true));

    /// <summary>Classifies N images of raw bytes laid out back to back (N·C·H·W values): one <see cref="Prediction"/> per image.</summary>
    public Prediction[] PredictBatch(ReadOnlySpan<byte> pixels) => PredictBatch(pixels.ToArray());

    /// <summary>Classifies N images given as floats on the 0..255 scale, back to back (N·C·H·W values).</summary>
    public Prediction[] PredictBatch(float[] pixels0to255) =>
        Predictions(Run(PixelSource.Of(pixels0to255, CheckBatch(pixels0to255.Length)), keepLogits: true));

    /// <summary>Classifies N images given as floats on the 0..255 scale, back to back (N·C·H·W values).</summary>
    public Prediction[] PredictBatch(ReadOnlySpan<float> pixels0to255) => PredictBatch(pixels0to255.ToArray());

    /// <summary>
    /// Scores N images of raw bytes laid out back to back (N·C·H·W values) into one matrix: ML.NET's <c>Score</c>
    /// column (softmax probabilities, N × classes) and <c>PredictedLabel</c>, without a per-image object. The fast
    /// path for large batches: chunks of <see cref="ChunkSize"/> images are preprocessed and run through the network
    /// in parallel (up to <see cref="Parallelism.MaxThreads"/> threads); the values equal <see cref="PredictBatch(byte[])"/>'s.
    /// </summary>
    public BatchScores ScoreBatch(byte[] pixels) => Run(PixelSource.Of(pixels, CheckBatch(pixels.Length)), keepLogits: false);

    /// <summary>Scores N images of raw bytes (see <see cref="ScoreBatch(byte[])"/>); the span is copied once.</summary>
    public BatchScores ScoreBatch(ReadOnlySpan<byte> pixels) => ScoreBatch(pixels.ToArray());

    /// <summary>Scores N images given as floats on the 0..255 scale (see <see cref="ScoreBatch(byte[])"/>).</summary>
    public BatchScores ScoreBatch(float[] pixels0to255) =>
        Run(PixelSource.Of(pixels0to255, CheckBatch(pixels0to255.Length)), keepLogits: false);

    /// <summary>Scores N images given as floats on the 0..255 scale; the span is copied once.</summary>
    public BatchScores ScoreBatch(ReadOnlySpan<float> pixels0to255) => ScoreBatch(pixels0to255.ToArray());

    /// <summary>
    /// Applies the input schema to raw bytes of whole images: <c>destination[i] = (scale(p) − mean[c]) / std[c]</c>,
    /// exactly what the network receives.
    /// </summary>
    public void Preprocess(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        CheckBatch(pixels.Length);
        if (destination.Length < pixels.Length)
            throw new ArgumentException($"the destination holds {destination.Length} floats but {pixels.Length} pixels were given", nameof(destination));
        InputPreprocessor.Normalize(pixels, destination, _preprocessing);
    }

    /// <summary>Applies the input schema to float pixels (0..255 scale) of whole images; see <see cref="Preprocess(ReadOnlySpan{byte}, Span{float})"/>.</summary>
    public void Preprocess(ReadOnlySpan<float> pixels0to255, Span<float> destination)
    {
        CheckBatch(pixels0to255.Length);
        if (destination.Length < pixels0to255.Length)
            throw new ArgumentException($"the destination holds {destination.Length} floats but {pixels0to255.Length} pixels were given", nameof(destination));
        InputPreprocessor.Normalize(pixels0to255, destination, _preprocessing);
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
        var scores = ScoreBatch(pixels);
        var confidences = new float[scores.Count];
        for (var i = 0; i < confidences.Length; i++) confidences[i] = scores.Confidence(i);
        return new IdxScore(imagesPath, scores.PredictedLabels, confidences, labels);
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

    /// <summary>The pixels of a batch: an array of bytes or of 0..255 floats (arrays, because chunks run on other threads).</summary>
    private readonly record struct PixelSource(byte[]? Bytes, float[]? Floats, int Count)
    {
        public static PixelSource Of(byte[] pixels, int count) => new(pixels, null, count);

        public static PixelSource Of(float[] pixels, int count) => new(null, pixels, count);
    }

    /// <summary>One chunk of a batch as a parallel loop body (a struct: the loop allocates nothing for it).</summary>
    private readonly struct ChunkBody(ImageClassifier owner, PixelSource source, BatchScores result) : IParallelBody
    {
        public void Invoke(int chunk) => owner.RunChunk(source, chunk, result);
    }

    // Chunks are a fixed grid over the batch (they never depend on the thread count), and an image's logits do not
    // depend on the chunk it is in, so any batch, any split and any thread count give the same values per image.
    private BatchScores Run(PixelSource source, bool keepLogits)
    {
        var result = new BatchScores(source.Count, ClassNames, keepLogits);
        var chunks = (source.Count + ChunkSize - 1) / ChunkSize;
        Parallelism.For(chunks, parallel: chunks > 1, new ChunkBody(this, source, result));
        return result;
    }

    private void RunChunk(PixelSource source, int chunk, BatchScores result)
    {
        var shape = InputShape;
        int size = PixelsPerImage, classes = result.ClassCount;
        int start = chunk * ChunkSize, n = Math.Min(ChunkSize, source.Count - start);
        var input = BufferPool.RentFloats(n * size);
        try
        {
            if (source.Bytes is { } bytes) InputPreprocessor.Normalize(bytes.AsSpan(start * size, n * size), input, _preprocessing);
            else InputPreprocessor.Normalize(source.Floats.AsSpan(start * size, n * size), input, _preprocessing);
            Tensor logits;
            using (Autograd.NoGrad())
            {
                logits = _network.Forward(Tensor.Wrap(input, n, shape.Channels, shape.Height, shape.Width));
            }
            ReadOnlySpan<float> values = logits.Data;
            if (values.Length != n * classes)
                throw new InvalidOperationException($"the network produced {logits.ShapeString} for {n} images; expected [{n}, {classes}].");
            if (result.LogitsOrEmpty.Length > 0) values.CopyTo(result.LogitsOrEmpty.AsSpan(start * classes));
            for (var i = 0; i < n; i++)
            {
                var row = values.Slice(i * classes, classes);
                Softmax(row, result.Scores.AsSpan((start + i) * classes, classes));
                var best = 0;
                for (var k = 1; k < classes; k++)
                    if (row[k] > row[best]) best = k;
                result.PredictedLabels[start + i] = best;
            }
        }
        finally
        {
            BufferPool.Return(input);
        }
    }

    private static Prediction[] Predictions(BatchScores scores)
    {
        var results = new Prediction[scores.Count];
        int classes = scores.ClassCount;
        for (var i = 0; i < results.Length; i++)
        {
            var label = scores.PredictedLabels[i];
            results[i] = new Prediction(label, scores.ClassNames[label],
                scores.Scores.AsSpan(i * classes, classes).ToArray(), scores.LogitsOrEmpty.AsSpan(i * classes, classes).ToArray());
        }
        return results;
    }

    /// <summary>Softmax with the max subtracted (as torch.softmax), accumulated in double.</summary>
    private static void Softmax(ReadOnlySpan<float> logits, Span<float> result)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits) max = Math.Max(max, v);
        double sum = 0;
        for (var k = 0; k < logits.Length; k++) sum += result[k] = MathF.Exp(logits[k] - max);
        for (var k = 0; k < logits.Length; k++) result[k] = (float)(result[k] / sum);
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
