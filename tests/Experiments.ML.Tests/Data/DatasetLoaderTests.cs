// Tests of DatasetLoader: catalog resolution + IDX validation + in-memory views, on Debian's Fashion-MNIST and
// on synthetic datasets; and the checks that files agree with their catalog entry (count and image shape).
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Data.Idx;
using Experiments.ML.Tests.Catalog;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Data;

public sealed class DatasetLoaderTests
{
    [Fact]
    public async Task Fashion_mnist_from_the_debian_folder_loads_as_views_with_the_catalog_schema()
    {
        LoadedDataset data = await DatasetLoader.LoadAsync("fashion-mnist", new DatasetResolverOptions
        {
            ExplicitDirectory = "/usr/share/datasets/fashion-mnist",
            AllowDownload = false,
        });

        Assert.Equal(60_000, data.Train.RowCount);
        Assert.Equal(10_000, data.Test.RowCount);
        Assert.All(data.Train.CountRowsPerClass(), count => Assert.Equal(6_000, count));
        Assert.All(data.Test.CountRowsPerClass(), count => Assert.Equal(1_000, count));
        Assert.Equal(new[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, Enumerable.Range(0, 10).Select(data.Train.GetLabel));
        Assert.Equal("Ankle boot", data.Train.LabelType.ClassNames[9]);
        Assert.Equal((1, 28, 28), (data.Train.ImageType.Channels, data.Train.ImageType.Height, data.Train.ImageType.Width));
        Assert.True(data.Source.IsFullyVerified);
    }

    [Fact]
    public async Task Synthetic_dataset_rows_equal_the_file_contents_scaled_to_0_1()
    {
        var synthetic = SyntheticDataset.Create(seed: 11);
        using var temp = new TempDirectory();
        synthetic.WriteAll(temp.Path);
        var catalog = new DatasetCatalog([synthetic.Entry]);

        LoadedDataset data = await DatasetLoader.LoadAsync(synthetic.Entry.Name, new DatasetResolverOptions
        {
            Catalog = catalog,
            ExplicitDirectory = temp.Path,
            AllowDownload = false,
        });

        byte[] rawImages = synthetic.Raw[DatasetFileRole.TrainImages];
        byte[] rawLabels = synthetic.Raw[DatasetFileRole.TrainLabels];
        int size = SyntheticDataset.Shape.Size;
        var image = new float[size];
        for (int row = 0; row < SyntheticDataset.TrainCount; row++)
        {
            data.Train.ReadRow(row, image, out int label);
            Assert.Equal(rawLabels[8 + row], label);
            for (int i = 0; i < size; i++)
                Assert.Equal(rawImages[16 + row * size + i] / 255f, image[i]);
        }
    }

    [Fact]
    public void A_split_whose_count_differs_from_the_catalog_is_refused_naming_the_file()
    {
        var synthetic = SyntheticDataset.Create(seed: 12);
        using var temp = new TempDirectory();
        synthetic.WriteAll(temp.Path);
        // The train slots point at the test files: valid IDX, 2 images where the entry says 3.
        ResolvedDataset resolved = Resolved(synthetic.Entry, temp.Path,
            trainImages: synthetic.FileName(DatasetFileRole.TestImages, gz: true),
            trainLabels: synthetic.FileName(DatasetFileRole.TestLabels, gz: true));

        var e = Assert.Throws<DataException>(() => DatasetLoader.Load(resolved));
        Assert.Contains(synthetic.FileName(DatasetFileRole.TestImages, gz: true), e.Message);
        Assert.Contains("has 3 images in this split, but the file holds 2", e.Message);
    }

    [Fact]
    public void Images_of_another_size_are_refused_naming_both_shapes()
    {
        var synthetic = SyntheticDataset.Create(seed: 13);
        using var temp = new TempDirectory();
        synthetic.WriteAll(temp.Path);
        IdxWriter.Write(Path.Combine(temp.Path, "big-images"), new IdxArray(new byte[3 * 3 * 3], 3, 3, 3), gzip: false);
        ResolvedDataset resolved = Resolved(synthetic.Entry, temp.Path,
            trainImages: "big-images",
            trainLabels: synthetic.FileName(DatasetFileRole.TrainLabels, gz: true));

        var e = Assert.Throws<DataException>(() => DatasetLoader.Load(resolved));
        Assert.Contains("big-images", e.Message);
        Assert.Contains("2x2", e.Message);
        Assert.Contains("3x3", e.Message);
    }

    private static ResolvedDataset Resolved(DatasetEntry entry, string folder, string trainImages, string trainLabels)
    {
        string[] names =
        [
            trainImages, trainLabels,
            entry[DatasetFileRole.TestImages].FileName, entry[DatasetFileRole.TestLabels].FileName,
        ];
        var files = entry.Files.Select(f => new ResolvedFile(f, Path.Combine(folder, names[(int)f.Role]), true, ChecksumVerdict.Unverified, null, null)).ToArray();
        return new ResolvedDataset(entry, folder, ResolutionStep.ExplicitDirectory, files, []);
    }
}
