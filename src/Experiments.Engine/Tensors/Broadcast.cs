// Broadcast: NumPy/PyTorch broadcasting of two shapes, up to 4-D. Shapes are aligned on the right, padded
// with leading 1s to rank 4; a size-1 dimension repeats. Strides of repeated dimensions are 0, so one loop
// over the output visits the matching element of each operand. The same loop order runs forward and
// backward, so the reduction of a broadcast gradient is summed in a fixed order (deterministic).
namespace Experiments.Engine;

internal readonly struct Broadcast
{
    public readonly int[] OutShape;       // result shape (true rank)
    public readonly int D0, D1, D2, D3;    // result sizes padded to rank 4
    public readonly int A0, A1, A2, A3;    // strides of a (0 where broadcast)
    public readonly int B0, B1, B2, B3;    // strides of b (0 where broadcast)

    public Broadcast(Tensor a, Tensor b, string op)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        Span<int> pa = stackalloc int[4], pb = stackalloc int[4], po = stackalloc int[4];
        Pad(a.Shape, pa);
        Pad(b.Shape, pb);
        for (int d = 0; d < 4; d++)
        {
            if (pa[d] != pb[d] && pa[d] != 1 && pb[d] != 1)
                throw new ArgumentException($"{op}: shapes {a.ShapeString} and {b.ShapeString} cannot be broadcast together (dimension {d - (4 - rank)} is {pa[d]} vs {pb[d]}; sizes must be equal or 1).");
            po[d] = pa[d] == 1 ? pb[d] : pa[d];
        }
        OutShape = po[(4 - rank)..].ToArray();
        (D0, D1, D2, D3) = (po[0], po[1], po[2], po[3]);
        Span<int> sa = stackalloc int[4], sb = stackalloc int[4];
        Strides(pa, po, sa);
        Strides(pb, po, sb);
        (A0, A1, A2, A3) = (sa[0], sa[1], sa[2], sa[3]);
        (B0, B1, B2, B3) = (sb[0], sb[1], sb[2], sb[3]);
    }

    private static void Pad(ReadOnlySpan<int> shape, Span<int> padded)
    {
        padded.Fill(1);
        shape.CopyTo(padded[(4 - shape.Length)..]);
    }

    private static void Strides(ReadOnlySpan<int> shape, ReadOnlySpan<int> outShape, Span<int> strides)
    {
        int stride = 1;
        for (int d = 3; d >= 0; d--)
        {
            strides[d] = shape[d] == 1 && outShape[d] != 1 ? 0 : stride;
            stride *= shape[d];
        }
    }

    /// <summary>Calls <paramref name="body"/>(outIndex, aIndex, bIndex) for every output element in row-major order.</summary>
    public void ForEach<TBody>(ref TBody body) where TBody : struct, IBroadcastBody
    {
        int o = 0;
        for (int i0 = 0; i0 < D0; i0++)
            for (int i1 = 0; i1 < D1; i1++)
                for (int i2 = 0; i2 < D2; i2++)
                {
                    int ia = i0 * A0 + i1 * A1 + i2 * A2, ib = i0 * B0 + i1 * B1 + i2 * B2;
                    for (int i3 = 0; i3 < D3; i3++, o++)
                        body.Invoke(o, ia + i3 * A3, ib + i3 * B3);
                }
    }
}

/// <summary>The per-element body of a broadcast loop (a struct so the loop is specialised and inlined).</summary>
internal interface IBroadcastBody
{
    void Invoke(int o, int ia, int ib);
}
