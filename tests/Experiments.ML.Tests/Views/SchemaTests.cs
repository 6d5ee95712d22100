using Experiments.ML.Data;

namespace Experiments.ML.Tests.Views;

public class SchemaTests
{
    [Fact]
    public void StoreSchema_HasImageAndLabelColumnsWithShapesAndClassNames()
    {
        var store = SyntheticImages.Create(4, classCount: 3, channels: 1, height: 28, width: 28);
        DataViewSchema schema = store.Schema;

        Assert.Equal(2, schema.Count);
        DataViewSchema.Column image = schema[DefaultColumnNames.Image];
        Assert.Equal(0, image.Index);
        var imageType = Assert.IsType<ImageDataViewType>(image.Type);
        Assert.Equal((1, 28, 28, 784), (imageType.Channels, imageType.Height, imageType.Width, imageType.Size));
        Assert.Equal(typeof(float), imageType.ItemType);

        DataViewSchema.Column label = schema[DefaultColumnNames.Label];
        Assert.Equal(1, label.Index);
        var keyType = Assert.IsType<KeyDataViewType>(label.Type);
        Assert.Equal(3, keyType.Count);
        Assert.Equal(["class0", "class1", "class2"], keyType.ClassNames);
        Assert.Equal(typeof(int), keyType.ItemType);

        Assert.Equal("Image: Image<float32>[1,28,28], Label: Key<int32, 3>", schema.ToString());
        Assert.Same(schema, store.AsView().Schema);
    }

    [Fact]
    public void UnknownColumnName_ThrowsDataExceptionListingTheColumns()
    {
        var schema = SyntheticImages.Create(1).Schema;
        var error = Assert.Throws<DataException>(() => schema["label"]);
        Assert.Contains("'label'", error.Message);
        Assert.Contains("Label: Key<int32, 3>", error.Message);
        Assert.Null(schema.GetColumnOrNull("label"));
    }

    [Fact]
    public void PredictionSchema_CanAddScoreVectorAndPredictedLabelKey()
    {
        var key = new KeyDataViewType(["a", "b", "c"]);
        DataViewSchema schema = new DataViewSchema.Builder()
            .AddColumn(DefaultColumnNames.Image, new ImageDataViewType(1, 2, 2))
            .AddColumn(DefaultColumnNames.Label, key)
            .AddColumn(DefaultColumnNames.Score, new VectorDataViewType(3))
            .AddColumn(DefaultColumnNames.PredictedLabel, new KeyDataViewType(["a", "b", "c"]))
            .ToSchema();

        Assert.Equal([0, 1, 2, 3], schema.Select(c => c.Index));
        Assert.Equal(new VectorDataViewType(3), schema[DefaultColumnNames.Score].Type);
        Assert.Equal(key, schema[DefaultColumnNames.PredictedLabel].Type);
        Assert.Equal("Score: Vector<float32, 3>", schema[2].ToString());
    }

    [Fact]
    public void Builder_RejectsDuplicateAndBlankNames()
    {
        var builder = new DataViewSchema.Builder().AddColumn("Label", new KeyDataViewType(["a"]));
        var duplicate = Assert.Throws<ArgumentException>(() => builder.AddColumn("Label", new VectorDataViewType(2)));
        Assert.Contains("'Label' is already in the schema", duplicate.Message);
        Assert.Throws<ArgumentException>(() => builder.AddColumn(" ", new VectorDataViewType(2)));
        Assert.Throws<ArgumentNullException>(() => builder.AddColumn("Score", null!));
    }

    [Fact]
    public void Types_CompareByValue()
    {
        Assert.Equal(new ImageDataViewType(1, 28, 28), new ImageDataViewType(1, 28, 28));
        Assert.Equal(new ImageDataViewType(1, 28, 28).GetHashCode(), new ImageDataViewType(1, 28, 28).GetHashCode());
        Assert.NotEqual(new ImageDataViewType(1, 28, 28), new ImageDataViewType(3, 28, 28));
        Assert.Equal(new KeyDataViewType(["a", "b"]), new KeyDataViewType(["a", "b"]));
        Assert.NotEqual(new KeyDataViewType(["a", "b"]), new KeyDataViewType(["b", "a"]));
        Assert.NotEqual<DataViewType>(new VectorDataViewType(784), new ImageDataViewType(1, 28, 28));
        Assert.NotEqual(new VectorDataViewType(10), new VectorDataViewType(9));
    }

    [Fact]
    public void TypeConstructors_RejectBadArgumentsAndQuoteThem()
    {
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDataViewType(1, 0, 28));
        Assert.Equal("height", zero.ParamName);
        Assert.Throws<ArgumentException>(() => new ImageDataViewType(65536, 65536, 2));
        Assert.Throws<ArgumentException>(() => new KeyDataViewType([]));
        var blank = Assert.Throws<ArgumentException>(() => new KeyDataViewType(["a", " "]));
        Assert.Contains("Class name 1 is ' '", blank.Message);
        var duplicate = Assert.Throws<ArgumentException>(() => new KeyDataViewType(["a", "b", "a"]));
        Assert.Contains("'a' appears twice (classes 0 and 2)", duplicate.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorDataViewType(0));
    }
}
