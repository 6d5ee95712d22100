// AugmentationPreview: a PNG grid of images beside their augmented versions, so a person can see what a model is
// trained on (the `augment-preview` command and the run report embed it).
//
// Layout: the first `count` rows of the view, read through a cursor with the pipeline as its transform (seed `seed`,
// epoch 0, one batch), so the preview shows exactly the draws a training cursor with that seed gives these rows.
// Each pair is [original | augmented] with a 1-pixel dark separator; pairs sit in a grid of `pairsPerRow` columns
// with 4-pixel light gutters; every image pixel is drawn as scale × scale pixels. Pixel values are clamped to
// [0, 1] and shown as round(255·v) (grayscale; RGB for 3-channel images).
using Experiments.ML.Data;
using Experiments.ML.Imaging;
using Experiments.ML.Packaging;

namespace Experiments.ML.Transforms;

/// <summary>Renders originals beside their augmented versions as a PNG grid.</summary>
public static class AugmentationPreview
{
    private const byte PairSeparator = 64;   // between an original and its augmented version
    private const byte Gutter = 208;         // between pairs
    private const int GutterWidth = 4;

    /// <summary>
    /// A PNG of the first <paramref name="count"/> rows of <paramref name="view"/>, each original beside its version
    /// augmented by <paramref name="pipeline"/> with seed <paramref name="seed"/> (epoch 0).
    /// </summary>
    public static byte[] Render(ImageDataView view, IBatchTransform pipeline, int count, ulong seed, int pairsPerRow = 8, int scale = 2)
    {
        (byte[] pixels, int width, int height, int channels) = RenderPixels(view, pipeline, count, seed, pairsPerRow, scale);
        return channels == 1 ? PngEncoder.EncodeGray(pixels, width, height) : PngEncoder.EncodeRgb(pixels, width, height);
    }

    /// <summary>The same grid as a <c>data:image/png;base64,…</c> URI, for an &lt;img src&gt; in an HTML report.</summary>
    public static string RenderDataUri(ImageDataView view, IBatchTransform pipeline, int count, ulong seed, int pairsPerRow = 8, int scale = 2)
        => "data:image/png;base64," + Convert.ToBase64String(Render(view, pipeline, count, seed, pairsPerRow, scale));

    /// <summary>Writes the grid to <paramref name="path"/> (temp file, then rename); the folder must exist.</summary>
    public static void Save(string path, ImageDataView view, IBatchTransform pipeline, int count, ulong seed, int pairsPerRow = 8, int scale = 2)
    {
        byte[] png = Render(view, pipeline, count, seed, pairsPerRow, scale);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    /// <summary>The grid as interleaved 8-bit pixels (row-major; 1 or 3 bytes per pixel), before PNG encoding.</summary>
    public static (byte[] Pixels, int Width, int Height, int Channels) RenderPixels(ImageDataView view, IBatchTransform pipeline, int count, ulong seed, int pairsPerRow = 8, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (count < 1 || count > view.RowCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The preview needs 1 to {view.RowCount} images (the view's rows); found {count}.");
        if (pairsPerRow < 1) throw new ArgumentOutOfRangeException(nameof(pairsPerRow), pairsPerRow, "At least one pair per row.");
        if (scale < 1 || scale > 16) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be 1 to 16.");
        ImageDataViewType type = view.ImageType;
        if (type.Channels is not (1 or 3))
            throw new ArgumentException($"The preview shows grayscale (1 channel) or RGB (3 channels) images; the view has {type.Channels} channels.", nameof(view));

        ImageDataView rows = view.Take(count);
        float[] originals = ReadOnce(rows, null, count, seed);
        float[] augmented = ReadOnce(rows, pipeline, count, seed);

        int c = type.Channels, h = type.Height, w = type.Width;
        int cellW = w * scale, cellH = h * scale;
        int pairW = 2 * cellW + 1;
        int columns = Math.Min(pairsPerRow, count), gridRows = (count + columns - 1) / columns;
        int width = columns * pairW + (columns - 1) * GutterWidth;
        int height = gridRows * cellH + (gridRows - 1) * GutterWidth;
        var pixels = new byte[width * height * c];
        pixels.AsSpan().Fill(Gutter);

        for (int n = 0; n < count; n++)
        {
            int x0 = n % columns * (pairW + GutterWidth), y0 = n / columns * (cellH + GutterWidth);
            Draw(originals.AsSpan(n * type.Size, type.Size), pixels, width, x0, y0, c, h, w, scale);
            for (int y = 0; y < cellH; y++)
                for (int k = 0; k < c; k++) pixels[((y0 + y) * width + x0 + cellW) * c + k] = PairSeparator;
            Draw(augmented.AsSpan(n * type.Size, type.Size), pixels, width, x0 + cellW + 1, y0, c, h, w, scale);
        }
        return (pixels, width, height, c);
    }

    private static float[] ReadOnce(ImageDataView rows, IBatchTransform? transform, int count, ulong seed)
    {
        ImageBatchCursor cursor = rows.GetBatchCursor(new BatchCursorOptions { BatchSize = count, Seed = seed, Transform = transform });
        var images = new float[count * cursor.ImageSize];
        var labels = new int[count];
        if (!cursor.MoveNext(images, labels, out int read) || read != count)
            throw new InvalidOperationException($"Expected one batch of {count} preview images; the cursor returned {read}.");
        return images;
    }

    // Image (C, H, W) → scale × scale blocks at (x0, y0) of the interleaved canvas.
    private static void Draw(ReadOnlySpan<float> image, byte[] canvas, int canvasWidth, int x0, int y0, int c, int h, int w, int scale)
    {
        int plane = h * w;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < c; k++)
                {
                    byte v = (byte)MathF.Round(Math.Clamp(image[k * plane + y * w + x], 0f, 1f) * 255f);
                    for (int dy = 0; dy < scale; dy++)
                        for (int dx = 0; dx < scale; dx++)
                            canvas[((y0 + y * scale + dy) * canvasWidth + x0 + x * scale + dx) * c + k] = v;
                }
    }
}
