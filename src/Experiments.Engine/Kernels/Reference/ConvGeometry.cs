// ConvGeometry: the sizes of one 2-D convolution or pooling window sweep, shared by the reference and SIMD
// kernels. A 1-D op (N, C, L) is the 2-D op on (N, C, 1, L) with a (1, K) window, stride (1, s), padding (0, p).
//
// Output size (PyTorch, dilation 1, floor mode): Ho = (H + 2·Ph − Kh) / Sh + 1, Wo likewise.
namespace Experiments.Engine.Kernels;

/// <summary>
/// Sizes of a window sweep over x (N, C, H, W) with a (Kh, Kw) window, stride (Sh, Sw) and zero padding
/// (Ph, Pw), producing (N, ·, Ho, Wo). <c>OutChannels</c> is Cout for convolutions and C for pooling.
/// </summary>
internal readonly record struct ConvGeometry(
    int Batch, int InChannels, int Height, int Width,
    int OutChannels, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadH, int PadW)
{
    /// <summary>Ho = (H + 2·Ph − Kh) / Sh + 1.</summary>
    public int OutHeight => (Height + 2 * PadH - KernelH) / StrideH + 1;

    /// <summary>Wo = (W + 2·Pw − Kw) / Sw + 1.</summary>
    public int OutWidth => (Width + 2 * PadW - KernelW) / StrideW + 1;

    /// <summary>Elements of one input plane H·W.</summary>
    public int InPlane => Height * Width;

    /// <summary>Elements of one output plane Ho·Wo.</summary>
    public int OutPlane => OutHeight * OutWidth;

    /// <summary>Rows of the im2col matrix: Cin·Kh·Kw (the GEMM's K).</summary>
    public int PatchSize => InChannels * KernelH * KernelW;

    /// <summary>Elements of x: N·Cin·H·W.</summary>
    public int InputLength => Batch * InChannels * InPlane;

    /// <summary>Elements of y: N·Cout·Ho·Wo.</summary>
    public int OutputLength => Batch * OutChannels * OutPlane;

    /// <summary>Elements of the convolution weight: Cout·Cin·Kh·Kw.</summary>
    public int WeightLength => OutChannels * PatchSize;

    /// <summary>Throws when a span is shorter than the geometry needs (kernels index without further checks).</summary>
    public void CheckLengths(int input, int output, int weight = -1)
    {
        if (input < InputLength || output < OutputLength || (weight >= 0 && weight < WeightLength))
            throw new ArgumentException($"Kernel buffers too small for {this}: input {input} (needs {InputLength}), output {output} (needs {OutputLength}), weight {weight} (needs {WeightLength}).");
    }
}
