// TinyClassifier: the ONNX graph of a small feed-forward classifier (the shape our trained-model export will
// write) together with the same math computed in C#, for the ONNX writer tests.
//   Image (N, 784) float -> Div 255 -> Sub mean -> Div std -> Gemm(W1 (H,784), b1, transB=1) -> Relu
//   -> Gemm(W2 (10,H), b2, transB=1) -> Softmax(axis=1) -> Score (N, 10)
//   Score -> ArgMax(axis=1, keepdims=0) -> PredictedLabel (N) int64
using Experiments.Engine.Random;
using Experiments.ML.Packaging.Onnx;

namespace Experiments.ML.Tests.Packaging.Onnx;

internal sealed class TinyClassifier
{
    public const int Features = 784, Hidden = 16, Classes = 10;
    public const float Mean = 0.2860f, Std = 0.3530f;
    public float[] W1 { get; } = new float[Hidden * Features];
    public float[] B1 { get; } = new float[Hidden];
    public float[] W2 { get; } = new float[Classes * Hidden];
    public float[] B2 { get; } = new float[Classes];

    public TinyClassifier(ulong seed)
    {
        var rng = new RandomStream(seed);
        rng.FillNormal(W1, 0f, 0.05f);
        rng.FillUniform(B1, -0.1f, 0.1f);
        rng.FillNormal(W2, 0f, 0.3f);
        rng.FillUniform(B2, -0.1f, 0.1f);
    }

    public OnnxModelBuilder ToOnnx() => new OnnxModelBuilder("tiny_classifier")
        .AddInput("Image", OnnxElementType.Float, "N", Features)
        .AddInitializer("pixel_scale", [255f])
        .AddInitializer("mean", [Mean])
        .AddInitializer("std", [Std])
        .AddInitializer("layers.0.weight", W1, Hidden, Features)
        .AddInitializer("layers.0.bias", B1, Hidden)
        .AddInitializer("layers.2.weight", W2, Classes, Hidden)
        .AddInitializer("layers.2.bias", B2, Classes)
        .AddNode("Div", ["Image", "pixel_scale"], ["scaled"])
        .AddNode("Sub", ["scaled", "mean"], ["centered"])
        .AddNode("Div", ["centered", "std"], ["normalized"])
        .AddNode("Gemm", ["normalized", "layers.0.weight", "layers.0.bias"], ["hidden"],
            OnnxAttribute.Float("alpha", 1f), OnnxAttribute.Float("beta", 1f), OnnxAttribute.Int("transB", 1))
        .AddNode("Relu", ["hidden"], ["activated"])
        .AddNode("Gemm", ["activated", "layers.2.weight", "layers.2.bias"], ["logits"], OnnxAttribute.Int("transB", 1))
        .AddNode("Softmax", ["logits"], ["Score"], OnnxAttribute.Int("axis", 1))
        .AddNode("ArgMax", ["Score"], ["PredictedLabel"], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0))
        .AddValueInfo("hidden", OnnxElementType.Float, "N", Hidden)
        .AddOutput("Score", OnnxElementType.Float, "N", Classes)
        .AddOutput("PredictedLabel", OnnxElementType.Int64, "N")
        .AddMetadata("experiments.model", "mlp-16")
        .AddMetadata("experiments.labels", "0,1,2,3,4,5,6,7,8,9");

    /// <summary>The same math in C#: scores (N, 10) and labels (N).</summary>
    public (float[] Scores, long[] Labels) Evaluate(float[] images, int n)
    {
        var scores = new float[n * Classes];
        var labels = new long[n];
        var x = new float[Features];
        var h = new float[Hidden];
        for (int r = 0; r < n; r++)
        {
            for (int k = 0; k < Features; k++)
                x[k] = (images[r * Features + k] / 255f - Mean) / Std;
            for (int j = 0; j < Hidden; j++)
            {
                float s = 0;
                for (int k = 0; k < Features; k++)
                    s += x[k] * W1[j * Features + k];
                h[j] = MathF.Max(s + B1[j], 0f);
            }
            var logits = new float[Classes];
            for (int c = 0; c < Classes; c++)
            {
                float s = 0;
                for (int j = 0; j < Hidden; j++)
                    s += h[j] * W2[c * Hidden + j];
                logits[c] = s + B2[c];
            }
            float max = logits.Max(), sum = 0;
            for (int c = 0; c < Classes; c++)
                sum += scores[r * Classes + c] = MathF.Exp(logits[c] - max);
            int best = 0;
            for (int c = 0; c < Classes; c++)
            {
                scores[r * Classes + c] /= sum;
                if (scores[r * Classes + c] > scores[r * Classes + best])
                    best = c;
            }
            labels[r] = best;
        }
        return (scores, labels);
    }
}
