// Views: Reshape, View, Flatten and Detach return tensors that share storage with their source
// (contiguous tensors make every reshape a view). Reshape and Flatten are recorded by autograd: the
// gradient of a view is the output gradient with the input's shape, element for element.
namespace Experiments.Engine;

public partial class Tensor
{
    /// <summary>
    /// A view with a new shape and the same elements (PyTorch's <c>reshape</c>/<c>view</c>); one size may be -1
    /// to be inferred. Shares storage with this tensor.
    /// </summary>
    public Tensor Reshape(params int[] shape)
    {
        int[] dims = InferShape(shape);
        var y = ViewOf(_offset, dims);
        Autograd.Record(y, "Reshape", [this], g => Autograd.AccumulateInto(this, g.Data));
        return y;
    }

    /// <summary>Same as <see cref="Reshape"/> (PyTorch's <c>view</c>).</summary>
    public Tensor View(params int[] shape) => Reshape(shape);

    /// <summary>
    /// Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one (PyTorch's
    /// <c>torch.flatten</c>, whose defaults are 0 and -1; <c>nn.Flatten</c> uses startDim 1).
    /// </summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int start = NormalizeDim(startDim), end = NormalizeDim(endDim);
        if (start > end)
            throw new ArgumentException($"Flatten needs startDim <= endDim; got {startDim} and {endDim} for shape {ShapeString}.");
        var dims = new int[Rank - (end - start)];
        int merged = 1;
        for (int d = start; d <= end; d++) merged *= _shape[d];
        for (int d = 0; d < start; d++) dims[d] = _shape[d];
        dims[start] = merged;
        for (int d = end + 1; d < Rank; d++) dims[d - (end - start)] = _shape[d];
        return Reshape(dims);
    }

    /// <summary>
    /// Rows <paramref name="start"/>..start+length of dimension 0, as a view sharing storage (PyTorch's
    /// <c>narrow(0, start, length)</c>; e.g. a mini-batch of a dataset tensor). Only dimension 0 keeps a
    /// contiguous view, so only it is supported.
    /// </summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        if (Rank == 0 || NormalizeDim(dim) != 0)
            throw new ArgumentException($"Narrow supports dimension 0 only (a contiguous view); got dim {dim} for shape {ShapeString}. Reshape or copy for other dimensions.", nameof(dim));
        int size = _shape[0];
        if (start < 0 || length < 0 || start + length > size)
            throw new ArgumentOutOfRangeException(nameof(length), $"Narrow({start}, {length}) is out of range for dimension 0 of size {size} (shape {ShapeString}).");
        int rowLength = size == 0 ? 0 : Length / size;
        int[] dims = ShapeArray();
        dims[0] = length;
        var y = ViewOf(_offset + start * rowLength, dims);
        Autograd.Record(y, "Narrow", [this], g =>
        {
            if (!RequiresGrad) return;
            Span<float> gx = Autograd.GradSink(this).Slice(start * rowLength, length * rowLength);
            System.Numerics.Tensors.TensorPrimitives.Add(gx, g.Data, gx);
        });
        return y;
    }

    /// <summary>A view sharing storage, cut off from autograd (PyTorch's <c>detach()</c>).</summary>
    public Tensor Detach() => ViewOf(_offset, ShapeArray());

    private int[] InferShape(int[] shape)
    {
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (inferred >= 0)
                    throw new ArgumentException($"Only one size may be -1 in a reshape; got {FormatShape(shape)}.");
                inferred = i;
            }
            else if (shape[i] < 0)
                throw new ArgumentException($"Invalid size {shape[i]} in reshape {FormatShape(shape)}; sizes are non-negative or -1 (inferred).");
            else known *= shape[i];
        }
        int[] dims = (int[])shape.Clone();
        if (inferred >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new ArgumentException($"Cannot reshape a tensor of shape {ShapeString} ({Length} elements) to {FormatShape(shape)}: {Length} is not a multiple of {known}.");
            dims[inferred] = (int)(Length / known);
        }
        if (CheckShape(dims) != Length)
            throw new ArgumentException($"Cannot reshape a tensor of shape {ShapeString} ({Length} elements) to {FormatShape(shape)} ({CheckShape(dims)} elements).");
        return dims;
    }
}
