// AugmentationPreview: grid geometry, originals on the left of each pair, augmented on the right, PNG and data URI.
using Experiments.ML.Data;
using Experiments.ML.Tests.TestSupport;
using Experiments.ML.Transforms;

namespace Experiments.ML.Tests.Transforms;

public class AugmentationPreviewTests
{
    private static readonly ImageDataView View = AugmentationTestData.RealImages(12).AsView();

    private static byte[] Cell(byte[] canvas, int canvasWidth, int x0, int y0, int scale)
    {
        var cell = new byte[28 * 28];
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
                cell[y * 28 + x] = canvas[(y0 + y * scale) * canvasWidth + x0 + x * scale];
        return cell;
    }

    [Fact]
    public void Grid_PutsEachOriginalBesideItsAugmentedVersion()
    {
        var flipAll = AugmentationCatalog.Create([new RandomHorizontalFlipOptions { P = 1 }], 1, 28, 28);
        (byte[] pixels, int width, int height, int channels) = AugmentationPreview.RenderPixels(View, flipAll, count: 10, seed: 3, pairsPerRow: 4, scale: 2);

        // 4 pairs per row of (56 + 1 + 56) pixels with 4-pixel gutters; 3 rows of 56 pixels.
        Assert.Equal((4 * 113 + 3 * 4, 3 * 56 + 2 * 4, 1), (width, height, channels));
        for (int n = 0; n < 10; n++)
        {
            int x0 = n % 4 * 117, y0 = n / 4 * 60;
            byte[] original = Cell(pixels, width, x0, y0, 2);
            byte[] augmented = Cell(pixels, width, x0 + 57, y0, 2);
            byte[] expected = View.Store.GetPixels(n).ToArray();
            Assert.Equal(expected, original);
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                    Assert.Equal(expected[y * 28 + 27 - x], augmented[y * 28 + x]);
        }
        // Cell 10 and 11 of the last row are empty gutter colour.
        Assert.Equal(208, pixels[(2 * 60 + 10) * width + 2 * 117 + 10]);
    }

    [Fact]
    public void Png_DataUri_AndSavedFile_CarryTheSameImage()
    {
        var pipeline = AugmentationCatalog.Create([new RandomRotationOptions { Degrees = ValueRange.Symmetric(10) }], 1, 28, 28);
        byte[] png = AugmentationPreview.Render(View, pipeline, 6, seed: 1);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(png, AugmentationPreview.Render(View, pipeline, 6, seed: 1));        // same seed, same picture
        Assert.NotEqual(png, AugmentationPreview.Render(View, pipeline, 6, seed: 2));
        string uri = AugmentationPreview.RenderDataUri(View, pipeline, 6, seed: 1);
        Assert.Equal(png, Convert.FromBase64String(uri["data:image/png;base64,".Length..]));

        using var temp = new TempDirectory();
        AugmentationPreview.Save(temp.File("preview.png"), View, pipeline, 6, seed: 1);
        Assert.Equal(png, File.ReadAllBytes(temp.File("preview.png")));
        Assert.Single(Directory.GetFiles(temp.Path)); // no temp file left behind
    }

    [Fact]
    public void BadArguments_FailWithTheAllowedRange()
    {
        var pipeline = AugmentationCatalog.Create([new RandomHorizontalFlipOptions()], 1, 28, 28);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationPreview.Render(View, pipeline, 13, seed: 0));
        Assert.Contains("1 to 12", e.Message);
    }
}
