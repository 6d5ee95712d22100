// ConvArguments: the constructor checks shared by the convolution and pooling layers.
namespace Experiments.Engine.NN;

/// <summary>Constructor checks shared by the convolution and pooling layers, quoting the bad value.</summary>
internal static class ConvArguments
{
    public static void Check(string layer, int inChannels, int outChannels, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
    {
        if (inChannels <= 0) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"{layer} needs at least one input channel.");
        if (outChannels <= 0) throw new ArgumentOutOfRangeException(nameof(outChannels), outChannels, $"{layer} needs at least one output channel.");
        CheckWindow(layer, kernel, stride, padding);
    }

    public static void CheckWindow(string layer, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding)
    {
        if (kernel.H <= 0 || kernel.W <= 0)
            throw new ArgumentOutOfRangeException("kernelSize", $"{layer} kernel size must be positive; got ({kernel.H}, {kernel.W}).");
        if (stride.H <= 0 || stride.W <= 0)
            throw new ArgumentOutOfRangeException(nameof(stride), $"{layer} stride must be positive; got ({stride.H}, {stride.W}).");
        if (padding.H < 0 || padding.W < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), $"{layer} padding must be non-negative; got ({padding.H}, {padding.W}).");
    }

    /// <summary>PyTorch's pooling rule: padding at most half the window.</summary>
    public static void CheckPoolPadding(string layer, (int H, int W) kernel, (int H, int W) padding)
    {
        if (2 * padding.H > kernel.H || 2 * padding.W > kernel.W)
            throw new ArgumentOutOfRangeException(nameof(padding), $"{layer}: padding should be at most half of the kernel size; got padding ({padding.H}, {padding.W}) for kernel ({kernel.H}, {kernel.W}).");
    }

    /// <summary>PyTorch's printout of a square (int) or rectangular (tuple) pooling window.</summary>
    public static string PoolRepr((int H, int W) kernel, (int H, int W) stride, (int H, int W) padding) =>
        $"kernel_size={Pair(kernel)}, stride={Pair(stride)}, padding={Pair(padding)}";

    private static string Pair((int H, int W) v) => v.H == v.W
        ? v.H.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({v.H}, {v.W})");
}
