// ImageClassifier: a package written from a ModelFactory network with random weights, loaded back, predicts exactly
// what running the network directly on the schema-preprocessed pixels gives; byte and float inputs agree; parallel
// callers get the sequential answers; IDX scoring matches per-image prediction and counts accuracy.
using Experiments.Engine;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Data.Idx;
using Experiments.ML.Inference;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Tests.Packaging.ModelPackages;
using Experiments.ML.Tests.TestSupport;

namespace Experiments.ML.Tests.Inference;

public sealed class ImageClassifierTests
{
    private static byte[] RandomImages(int count, ulong seed)
    {
        var random = new RandomStream(seed);
        var bytes = new byte[count * 784];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)random.NextInt(256);
        return bytes;
    }

    private static (ImageClassifier Classifier, Network Original) Load(string preset, TempDirectory temp)
    {
        var content = PackageFixtures.Content(preset);
        var path = temp.File($"{preset}.zip");
        ModelPackageWriter.Write(path, content);
        return (ImageClassifier.Load(path), (Network)content.Network);
    }

    /// <summary>The oracle: (p / 255 − 0.2860) / 0.3530 in float32, then the original network.</summary>
    private static float[] DirectLogits(Network network, byte[] images, int count)
    {
        var input = images.Select(p => (p / 255f - (float)0.2860) / (float)0.3530).ToArray();
        using (Autograd.NoGrad())
            return network.Forward(Tensor.Wrap(input, count, 1, 28, 28)).ToArray();
    }

    [Theory]
    [InlineData("mlp-32-32")]
    [InlineData("cnn1d")]
    [InlineData("cnn-s3")]
    [InlineData("compact-bn-gap")]
    public void Predictions_EqualTheNetworkRunDirectly(string preset)
    {
        using var temp = new TempDirectory();
        var (classifier, original) = Load(preset, temp);
        const int count = 12;
        var images = RandomImages(count, 11);
        var expected = DirectLogits(original, images, count);

        var batch = classifier.PredictBatch(images);
        Assert.Equal(count, batch.Length);
        for (var i = 0; i < count; i++)
        {
            var row = expected.AsSpan(i * 10, 10).ToArray();
            Assert.Equal(row, batch[i].Logits);
            var best = Array.IndexOf(row, row.Max());
            Assert.Equal(best, batch[i].Label);
            Assert.Equal(PackageFixtures.FashionClasses[best], batch[i].ClassName);
            Assert.Equal(1.0, batch[i].Probabilities.Sum(p => (double)p), 5);
            Assert.Equal(batch[i].Probabilities.Max(), batch[i].Confidence);
        }

        var single = classifier.Predict(images.AsSpan(5 * 784, 784));
        Assert.Equal(DirectLogits(original, images[(5 * 784)..(6 * 784)], 1), single.Logits);
    }

    [Fact]
    public void Probabilities_AreTheSoftmaxOfTheLogits()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        var p = classifier.Predict(RandomImages(1, 3));
        var max = p.Logits.Max();
        var exp = p.Logits.Select(l => Math.Exp(l - max)).ToArray();
        for (var k = 0; k < 10; k++)
            Assert.Equal(exp[k] / exp.Sum(), p.Probabilities[k], 6);
    }

    [Fact]
    public void FloatAndByteInputs_GiveTheSamePredictions()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("cnn-s3", temp);
        var images = RandomImages(3, 5);
        var fromBytes = classifier.PredictBatch(images);
        var fromFloats = classifier.PredictBatch(images.Select(b => (float)b).ToArray());
        for (var i = 0; i < 3; i++) Assert.Equal(fromBytes[i].Logits, fromFloats[i].Logits);
        Assert.Equal(fromBytes[1].Logits, classifier.Predict(images.AsSpan(784, 784).ToArray().Select(b => (float)b).ToArray()).Logits);
    }

    [Fact]
    public void Preprocess_AppliesScaleMeanAndStd()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        var pixels = new byte[784];
        pixels[0] = 0;
        pixels[1] = 255;
        pixels[2] = 73;
        var x = new float[784];
        classifier.Preprocess(pixels, x);
        Assert.Equal((0f - 0.2860f) / 0.3530f, x[0]);
        Assert.Equal((1f - 0.2860f) / 0.3530f, x[1]);
        Assert.Equal((73 / 255f - 0.2860f) / 0.3530f, x[2]);
    }

    [Fact]
    public void Preprocess_EveryByteValue_EqualsTheScalarFormulaBitForBit()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        // 3 images whose pixels run through all 256 values at different offsets (vector blocks and the scalar tail).
        var pixels = Enumerable.Range(0, 3 * 784).Select(i => (byte)(i * 7 % 256)).ToArray();
        var x = new float[pixels.Length];
        classifier.Preprocess(pixels, x);
        for (var i = 0; i < pixels.Length; i++)
            Assert.Equal((pixels[i] / 255f - 0.2860f) / 0.3530f, x[i]);
    }

    [Fact]
    public void ScoreBatch_EqualsPredictBatch_ForAnyThreadCount()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        var count = 3 * ImageClassifier.ChunkSize + 5;
        var images = RandomImages(count, 31);
        var predictions = classifier.PredictBatch(images);
        var threads = Parallelism.MaxThreads;
        try
        {
            foreach (var t in new[] { 1, 2, 3 })
            {
                Parallelism.MaxThreads = t;
                var scores = classifier.ScoreBatch(images);
                Assert.Equal(count, scores.Count);
                Assert.Equal(10, scores.ClassCount);
                for (var i = 0; i < count; i++)
                {
                    Assert.Equal(predictions[i].Probabilities, scores.ScoresOf(i).ToArray());
                    Assert.Equal(predictions[i].Label, scores.PredictedLabels[i]);
                    Assert.Equal(predictions[i].ClassName, scores.PredictedClassName(i));
                    Assert.Equal(predictions[i].Confidence, scores.Confidence(i));
                }
            }
        }
        finally
        {
            Parallelism.MaxThreads = threads;
        }
        var floats = classifier.ScoreBatch(images.Select(b => (float)b).ToArray());
        Assert.Equal(classifier.ScoreBatch(images).Scores, floats.Scores);
        Assert.Throws<ArgumentOutOfRangeException>(() => classifier.ScoreBatch(images).ScoresOf(count));
    }

    [Fact]
    public void BatchesLargerThanOneChunk_EqualPerChunkResults()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        var count = ImageClassifier.ChunkSize + 7;
        var images = RandomImages(count, 21);
        var all = classifier.PredictBatch(images);
        var tail = classifier.PredictBatch(images.AsSpan(ImageClassifier.ChunkSize * 784));
        Assert.Equal(count, all.Length);
        for (var i = 0; i < 7; i++) Assert.Equal(tail[i].Logits, all[ImageClassifier.ChunkSize + i].Logits);
    }

    [Fact]
    public void ParallelPredictions_EqualSequentialOnes()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("compact-bn-gap", temp);
        const int count = 40;
        var images = RandomImages(count, 99);
        var sequential = Enumerable.Range(0, count).Select(i => classifier.Predict(images.AsSpan(i * 784, 784)).Logits).ToArray();
        var parallel = new float[count * 4][];
        Parallel.For(0, count * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, j =>
            parallel[j] = classifier.Predict(images.AsSpan(j % count * 784, 784)).Logits);
        for (var j = 0; j < parallel.Length; j++)
            Assert.Equal(sequential[j % count], parallel[j]);
    }

    [Fact]
    public void WrongInputLength_SaysWhatIsExpected()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        var ex = Assert.Throws<ArgumentException>(() => classifier.Predict(new byte[783]));
        Assert.Contains("784", ex.Message);
        Assert.Contains("783", ex.Message);
        Assert.Throws<ArgumentException>(() => classifier.PredictBatch(new byte[784 * 2 + 1]));
        Assert.Throws<ArgumentException>(() => classifier.PredictBatch(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void ScoreIdx_MatchesPredictionsAndCountsAccuracy()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        const int count = 30;
        var images = RandomImages(count, 17);
        var predicted = classifier.PredictBatch(images).Select(p => p.Label).ToArray();
        // Labels: the prediction for the first 20 images, something else for the last 10 → accuracy 2/3.
        var labels = predicted.Select((p, i) => (byte)(i < 20 ? p : (p + 1) % 10)).ToArray();
        IdxWriter.Write(temp.File("images.gz"), new IdxArray(images, count, 28, 28), gzip: true);
        IdxWriter.Write(temp.File("labels"), new IdxArray(labels, count), gzip: false);

        var score = classifier.ScoreIdx(temp.File("images.gz"), temp.File("labels"));
        Assert.Equal(predicted, score.PredictedLabels);
        Assert.Equal(20, score.Correct);
        Assert.Equal(20.0 / 30.0, score.Accuracy);
        Assert.Null(classifier.ScoreIdx(temp.File("images.gz")).Accuracy);
        Assert.Equal(predicted[7], classifier.PredictIdx(temp.File("images.gz"), 7).Label);
        Assert.Throws<DataException>(() => classifier.PredictIdx(temp.File("images.gz"), count));
    }

    [Fact]
    public void ScoreIdx_RefusesMismatchedFiles()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        IdxWriter.Write(temp.File("small"), new IdxArray(new byte[2 * 10 * 10], 2, 10, 10), gzip: false);
        Assert.Contains("[N, 28, 28]", Assert.Throws<DataException>(() => classifier.ScoreIdx(temp.File("small"))).Message);
        IdxWriter.Write(temp.File("images"), new IdxArray(new byte[3 * 784], 3, 28, 28), gzip: false);
        IdxWriter.Write(temp.File("labels2"), new IdxArray(new byte[2], 2), gzip: false);
        Assert.Contains("2 labels but the images file has 3", Assert.Throws<DataException>(() => classifier.ScoreIdx(temp.File("images"), temp.File("labels2"))).Message);
        IdxWriter.Write(temp.File("labels3"), new IdxArray(new byte[] { 0, 1, 12 }, 3), gzip: false);
        Assert.Contains("label 2 is 12", Assert.Throws<DataException>(() => classifier.ScoreIdx(temp.File("images"), temp.File("labels3"))).Message);
    }

    [Fact]
    public void ScoreIdx_OnMnistTestSet_EqualsPerImageAccuracy()
    {
        using var temp = new TempDirectory();
        var (classifier, _) = Load("mlp-32-32", temp);
        var imagesPath = SharedData.MnistT10kFile("t10k-images-idx3-ubyte.gz");
        var labelsPath = SharedData.MnistT10kFile("t10k-labels-idx1-ubyte.gz");
        var score = classifier.ScoreIdx(imagesPath, labelsPath);
        var data = IdxLabeledImages.Load(imagesPath, labelsPath, 10);
        Assert.Equal(10000, score.Count);
        var correct = 0;
        for (var i = 0; i < data.Count; i += 97)
        {
            var label = classifier.Predict(data.Image(i)).Label;
            Assert.Equal(label, score.PredictedLabels[i]);
        }
        for (var i = 0; i < data.Count; i++) correct += score.PredictedLabels[i] == data.Labels[i] ? 1 : 0;
        Assert.Equal(correct / 10000.0, score.Accuracy);
    }
}
