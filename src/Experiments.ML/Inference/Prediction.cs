// Prediction: what ImageClassifier returns for one image.
namespace Experiments.ML.Inference;

/// <summary>
/// The predicted label index and class name, the softmax probabilities (one per class, summing to 1) and the raw
/// logits the network produced.
/// </summary>
public sealed record Prediction(int Label, string ClassName, float[] Probabilities, float[] Logits)
{
    /// <summary>The probability of the predicted class.</summary>
    public float Confidence => Probabilities[Label];
}
