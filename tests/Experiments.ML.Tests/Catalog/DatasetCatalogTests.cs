// Tests of the built-in catalog entries and name lookup.
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;

namespace Experiments.ML.Tests.Catalog;

public class DatasetCatalogTests
{
    [Theory]
    [InlineData("mnist", "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432", "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c")]
    [InlineData("fashion-mnist", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe", "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310")]
    [InlineData("kmnist", "bdb82020997e1d708af4cf47b453dcf7", "e144d726b3acfaa3e44228e80efcd344", "5c965bf0a639b31b8f53240b1b52f4d7", "7320c461ea6c1c855c0b718fb2a4b134")]
    public void BuiltInEntries_HaveUpstreamNamesShapesCountsAndMd5s(string name, string trainImages, string trainLabels, string testImages, string testLabels)
    {
        var entry = DatasetCatalog.Default.Get(name);
        Assert.Equal(new ImageShape(1, 28, 28), entry.ImageShape);
        Assert.Equal(60_000, entry.TrainCount);
        Assert.Equal(10_000, entry.TestCount);
        Assert.Equal(10, entry.ClassCount);
        Assert.Equal(["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
            entry.Files.Select(f => f.FileName));
        Assert.Equal([trainImages, trainLabels, testImages, testLabels], entry.Files.Select(f => f.GzipMd5));
        Assert.Equal([47_040_016L, 60_008L, 7_840_016L, 10_008L], entry.Files.Select(f => f.PayloadSize));
        Assert.All(entry.Mirrors, m => Assert.DoesNotContain("yann.lecun.com", m.Host));
    }

    [Fact]
    public void ClassNames_MatchThePublishedLabels()
    {
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], DatasetCatalog.Mnist.ClassNames);
        Assert.Equal(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"], DatasetCatalog.FashionMnist.ClassNames);
        Assert.Equal(["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"], DatasetCatalog.Kmnist.ClassNames);
    }

    [Fact]
    public void Mirrors_AreInTheAgreedOrder()
    {
        Assert.Equal(["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"], DatasetCatalog.Mnist.Mirrors.Select(u => u.ToString()));
        Assert.Equal(["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"], DatasetCatalog.FashionMnist.Mirrors.Select(u => u.ToString()));
        Assert.Equal(["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"], DatasetCatalog.Kmnist.Mirrors.Select(u => u.ToString()));
        Assert.Equal("dataset-fashion-mnist", DatasetCatalog.FashionMnist.DebianPackage);
    }

    [Fact]
    public void PayloadHashes_AreKnownExactlyWhereTheyCouldBeComputed()
    {
        Assert.All(DatasetCatalog.FashionMnist.Files, f => Assert.NotNull(f.PayloadSha256));
        Assert.Null(DatasetCatalog.Mnist[DatasetFileRole.TrainImages].PayloadSha256);
        Assert.Null(DatasetCatalog.Mnist[DatasetFileRole.TrainLabels].PayloadSha256);
        Assert.Equal("0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", DatasetCatalog.Mnist[DatasetFileRole.TestImages].PayloadSha256);
        Assert.Equal("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", DatasetCatalog.Mnist[DatasetFileRole.TestLabels].PayloadSha256);
        Assert.All(DatasetCatalog.Kmnist.Files, f => Assert.Null(f.PayloadSha256));
    }

    [Theory]
    [InlineData("MNIST", "mnist")]
    [InlineData("Fashion-MNIST", "fashion-mnist")]
    [InlineData(" kmnist ", "kmnist")]
    public void Get_IsCaseInsensitive(string asked, string expected) =>
        Assert.Equal(expected, DatasetCatalog.Default.Get(asked).Name);

    [Fact]
    public void Get_UnknownName_ListsKnownNamesAndSuggestsTheClosest()
    {
        var e = Assert.Throws<DataException>(() => DatasetCatalog.Default.Get("fasion-mnist"));
        Assert.Contains("Unknown dataset 'fasion-mnist'", e.Message);
        Assert.Contains("Did you mean 'fashion-mnist'?", e.Message);
        Assert.Contains("mnist, fashion-mnist, kmnist", e.Message);
    }

    [Fact]
    public void Get_FarOffName_HasNoSuggestion()
    {
        var e = Assert.Throws<DataException>(() => DatasetCatalog.Default.Get("cifar10"));
        Assert.DoesNotContain("Did you mean", e.Message);
        Assert.Contains("Known datasets: mnist, fashion-mnist, kmnist", e.Message);
    }

    [Fact]
    public void Entry_WithPayloadSizeThatDoesNotFitTheLayout_IsRejected()
    {
        var good = SyntheticDataset.Create().Entry;
        var files = good.Files.ToArray();
        files[1] = new DatasetFile(DatasetFileRole.TrainLabels, files[1].FileName, files[1].GzipMd5, null, files[1].PayloadSize + 1);
        var e = Assert.Throws<ArgumentException>(() => new DatasetEntry("bad", "Bad", good.ImageShape, good.TrainCount, good.TestCount, good.ClassNames, files, []));
        Assert.Contains("train-labels-idx1-ubyte.gz payload size 12", e.Message);
        Assert.Contains("which is 11 bytes", e.Message);
    }

    [Fact]
    public void Entry_WithDuplicateRole_IsRejected()
    {
        var good = SyntheticDataset.Create().Entry;
        var files = good.Files.ToArray();
        files[3] = files[2];
        Assert.Throws<ArgumentException>(() => new DatasetEntry("bad", "Bad", good.ImageShape, good.TrainCount, good.TestCount, good.ClassNames, files, []));
    }

    [Fact]
    public void File_WithMalformedMd5_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new DatasetFile(DatasetFileRole.TestLabels, "x.gz", "ABC", null, 10));
        Assert.Contains("'ABC'", e.Message);
    }

    [Fact]
    public void Catalog_WithDuplicateNames_IsRejected()
    {
        var a = SyntheticDataset.Create("same").Entry;
        Assert.Throws<ArgumentException>(() => new DatasetCatalog([a, a]));
    }
}
