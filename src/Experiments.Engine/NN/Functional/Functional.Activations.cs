// Functional forms of the activations (PyTorch's torch.nn.functional.*); the primitives with their
// backward live on Tensor (Tensors/Tensor.Activation.cs, Tensors/Tensor.Softmax.cs).
namespace Experiments.Engine.NN;

/// <summary>Stateless forms of layers and losses (PyTorch's <c>torch.nn.functional</c>).</summary>
public static partial class Functional
{
    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor input) => input.Relu();

    /// <summary>x if x &gt; 0 else slope·x (default 0.01).</summary>
    public static Tensor LeakyRelu(Tensor input, float negativeSlope = 0.01f) => input.LeakyRelu(negativeSlope);

    /// <summary>tanh(x).</summary>
    public static Tensor Tanh(Tensor input) => input.Tanh();

    /// <summary>1 / (1 + e^−x).</summary>
    public static Tensor Sigmoid(Tensor input) => input.Sigmoid();

    /// <summary>x·Φ(x) (exact erf form).</summary>
    public static Tensor Gelu(Tensor input) => input.Gelu();

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public static Tensor Softmax(Tensor input, int dim) => input.Softmax(dim);

    /// <summary>Log-softmax along <paramref name="dim"/>.</summary>
    public static Tensor LogSoftmax(Tensor input, int dim) => input.LogSoftmax(dim);

    /// <summary>Flattens dims <paramref name="startDim"/>..<paramref name="endDim"/> (torch.flatten defaults 0, -1).</summary>
    public static Tensor Flatten(Tensor input, int startDim = 0, int endDim = -1) => input.Flatten(startDim, endDim);
}
