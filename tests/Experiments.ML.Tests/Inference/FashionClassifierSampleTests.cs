// The samples/FashionClassifier app, run in-process on a model trained here: a quarter epoch of mlp-32-32 on
// Fashion-MNIST (Adam, lr 1e-2, batch 100: the plain forward/loss/backward/step loop), evaluated on the test set
// by running the network directly, packaged with that accuracy as micro_accuracy. The sample must print the same
// correct count and report that it matches the manifest.
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Random;
using Experiments.ML.Data;
using Experiments.ML.Data.Catalog;
using Experiments.ML.Inference;
using Experiments.ML.Models;
using Experiments.ML.Packaging;
using Experiments.ML.Tests.TestSupport;
using FashionClassifier;

namespace Experiments.ML.Tests.Inference;

public sealed class FashionClassifierSampleTests
{
    [Fact]
    public async Task Sample_ClassifiesTheTestSet_WithTheAccuracyTheManifestClaims()
    {
        var data = await DatasetLoader.LoadAsync("fashion-mnist", new DatasetResolverOptions { AllowDownload = false });
        var preset = ModelPresets.Get("mlp-32-32");
        var network = ModelFactory.Create(preset.Spec, InputShape.Mnist, 10, new RandomStreams(1));
        var optimizer = new Adam(network.Parameters(), lr: 1e-2);
        var loss = new CrossEntropyLoss();
        var cursor = data.Train.GetBatchCursor(new BatchCursorOptions { BatchSize = 100, Shuffle = true, Seed = 1 });
        var images = new float[100 * 784];
        var labels = new int[100];
        cursor.StartEpoch(0);
        network.Train();
        for (var step = 0; step < 150 && cursor.MoveNext(images, labels, out var count); step++)
        {
            optimizer.ZeroGrad();
            loss.Forward(network.Call(Tensor.Wrap(images, 100, 1, 28, 28).Narrow(0, 0, count)), labels.AsSpan(0, count)).Backward();
            optimizer.Step();
        }
        network.Eval();

        // The oracle: the network on the test set in ImageClassifier's chunk size, pixels / 255 as in training.
        var correct = 0;
        var test = data.Test.GetBatchCursor(new BatchCursorOptions { BatchSize = ImageClassifier.ChunkSize });
        var testImages = new float[ImageClassifier.ChunkSize * 784];
        var testLabels = new int[ImageClassifier.ChunkSize];
        test.StartEpoch(0);
        using (Autograd.NoGrad())
            while (test.MoveNext(testImages, testLabels, out var count))
            {
                var logits = network.Forward(Tensor.Wrap(testImages, ImageClassifier.ChunkSize, 1, 28, 28).Narrow(0, 0, count)).ToArray();
                for (var r = 0; r < count; r++)
                {
                    var row = logits.AsSpan(r * 10, 10);
                    var best = 0;
                    for (var c = 1; c < 10; c++) if (row[c] > row[best]) best = c;
                    if (best == testLabels[r]) correct++;
                }
            }
        var accuracy = correct / 10000.0;
        Assert.True(accuracy > 0.6, $"a quarter epoch of mlp-32-32 should pass 60% on Fashion-MNIST; got {accuracy}");

        using var temp = new TempDirectory();
        var zip = temp.File("model.zip");
        ModelPackageWriter.Write(zip, new ModelPackageContent
        {
            Architecture = preset.Spec,
            InputSchema = new InputSchema(),
            ClassNames = data.Entry.ClassNames,
            Network = network,
            Seed = 1,
            Dataset = DatasetFingerprint.Compute(data.Source),
            Metrics = new Dictionary<string, double> { ["micro_accuracy"] = accuracy },
        });

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ClassifierApp.Run([zip, SharedData.FashionMnistFile("t10k-images-idx3-ubyte.gz"), SharedData.FashionMnistFile("t10k-labels-idx1-ubyte.gz")], output, error);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        var text = output.ToString();
        Assert.Contains($"({correct}/10000)", text);
        Assert.Contains("(match)", text);

        output = new StringWriter();
        Assert.Equal(0, ClassifierApp.Run([zip, SharedData.FashionMnistFile("t10k-images-idx3-ubyte.gz"), "--index", "0"], output, error));
        Assert.Matches(@"image 0: .+ \(label \d, p = 0\.\d{4}\)", output.ToString());
    }

    [Fact]
    public void Sample_ReportsBadUsageAndBadFiles()
    {
        var error = new StringWriter();
        Assert.Equal(2, ClassifierApp.Run(["only-one-arg"], new StringWriter(), error));
        Assert.Contains("usage", error.ToString());
        error = new StringWriter();
        Assert.Equal(1, ClassifierApp.Run(["/nonexistent/model.zip", "images"], new StringWriter(), error));
        Assert.Contains("does not exist", error.ToString());
    }
}
