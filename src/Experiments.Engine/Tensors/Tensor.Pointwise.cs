// Element-wise binary ops with broadcasting (add, sub, mul) and scalar ops, each with its backward.
//
// Shapes: a and b broadcast to the result (see Broadcast.cs); a gradient flowing to a broadcast operand is
// summed over the repeated dimensions. Same-shape operands take the TensorPrimitives fast path.
using System.Numerics.Tensors;

namespace Experiments.Engine;

public partial class Tensor
{
    /// <summary>a + b with broadcasting (PyTorch's <c>torch.add</c>).</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        if (a.SameShape(b))
        {
            var y = Zeros(a._shape);
            TensorPrimitives.Add(a.Data, b.Data, y.Data);
            Autograd.Record(y, "Add", [a, b], g =>
            {
                Autograd.AccumulateInto(a, g.Data);
                Autograd.AccumulateInto(b, g.Data);
            });
            return y;
        }
        var plan = new Broadcast(a, b, "Add");
        var result = Zeros(plan.OutShape);
        var forward = new AddBody(a, b, result);
        plan.ForEach(ref forward);
        Autograd.Record(result, "Add", [a, b], g =>
        {
            var back = new AddBackBody(a, b, g);
            plan.ForEach(ref back);
        });
        return result;
    }

    /// <summary>a − b with broadcasting (PyTorch's <c>torch.sub</c>).</summary>
    public static Tensor Sub(Tensor a, Tensor b) => Add(a, b.Neg());

    /// <summary>a ⊙ b (element-wise) with broadcasting (PyTorch's <c>torch.mul</c>).</summary>
    public static Tensor Mul(Tensor a, Tensor b)
    {
        if (a.SameShape(b))
        {
            var y = Zeros(a._shape);
            TensorPrimitives.Multiply(a.Data, b.Data, y.Data);
            Autograd.Record(y, "Mul", [a, b], g =>
            {
                // dL/da += g ⊙ b ; dL/db += g ⊙ a
                if (a.RequiresGrad) TensorPrimitives.MultiplyAdd(g.Data, b.Data, Autograd.GradSink(a), Autograd.GradSink(a));
                if (b.RequiresGrad) TensorPrimitives.MultiplyAdd(g.Data, a.Data, Autograd.GradSink(b), Autograd.GradSink(b));
            });
            return y;
        }
        var plan = new Broadcast(a, b, "Mul");
        var result = Zeros(plan.OutShape);
        var forward = new MulBody(a, b, result);
        plan.ForEach(ref forward);
        Autograd.Record(result, "Mul", [a, b], g =>
        {
            var back = new MulBackBody(a, b, g);
            plan.ForEach(ref back);
        });
        return result;
    }

    /// <summary>−x.</summary>
    public Tensor Neg() => MulScalar(-1f);

    /// <summary>x · s for a scalar s.</summary>
    public Tensor MulScalar(float s)
    {
        var y = Zeros(_shape);
        TensorPrimitives.Multiply(Data, s, y.Data);
        Autograd.Record(y, "MulScalar", [this], g =>
        {
            if (RequiresGrad) TensorPrimitives.MultiplyAdd(g.Data, s, Autograd.GradSink(this), Autograd.GradSink(this));
        });
        return y;
    }

    /// <summary>x + s for a scalar s.</summary>
    public Tensor AddScalar(float s)
    {
        var y = Zeros(_shape);
        TensorPrimitives.Add(Data, s, y.Data);
        Autograd.Record(y, "AddScalar", [this], g => Autograd.AccumulateInto(this, g.Data));
        return y;
    }

    /// <summary>a + b with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);

    /// <summary>a ⊙ b with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);

    /// <summary>−a.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>a · s.</summary>
    public static Tensor operator *(Tensor a, float s) => a.MulScalar(s);

    /// <summary>s · a.</summary>
    public static Tensor operator *(float s, Tensor a) => a.MulScalar(s);

    /// <summary>a + s.</summary>
    public static Tensor operator +(Tensor a, float s) => a.AddScalar(s);

    private readonly struct AddBody(Tensor a, Tensor b, Tensor y) : IBroadcastBody
    {
        private readonly float[] _a = a.Storage, _b = b.Storage, _y = y.Storage;
        private readonly int _oa = a.Offset, _ob = b.Offset, _oy = y.Offset;
        public void Invoke(int o, int ia, int ib) => _y[_oy + o] = _a[_oa + ia] + _b[_ob + ib];
    }

    private readonly struct AddBackBody(Tensor a, Tensor b, Tensor g) : IBroadcastBody
    {
        private readonly float[]? _ga = a.RequiresGrad ? a.EnsureGrad().Storage : null;
        private readonly float[]? _gb = b.RequiresGrad ? b.EnsureGrad().Storage : null;
        private readonly float[] _g = g.Storage;
        private readonly int _og = g.Offset;
        public void Invoke(int o, int ia, int ib)
        {
            float v = _g[_og + o];
            if (_ga is not null) _ga[ia] += v;
            if (_gb is not null) _gb[ib] += v;
        }
    }

    private readonly struct MulBody(Tensor a, Tensor b, Tensor y) : IBroadcastBody
    {
        private readonly float[] _a = a.Storage, _b = b.Storage, _y = y.Storage;
        private readonly int _oa = a.Offset, _ob = b.Offset, _oy = y.Offset;
        public void Invoke(int o, int ia, int ib) => _y[_oy + o] = _a[_oa + ia] * _b[_ob + ib];
    }

    private readonly struct MulBackBody(Tensor a, Tensor b, Tensor g) : IBroadcastBody
    {
        private readonly float[] _a = a.Storage, _b = b.Storage, _g = g.Storage;
        private readonly int _oa = a.Offset, _ob = b.Offset, _og = g.Offset;
        private readonly float[]? _ga = a.RequiresGrad ? a.EnsureGrad().Storage : null;
        private readonly float[]? _gb = b.RequiresGrad ? b.EnsureGrad().Storage : null;
        public void Invoke(int o, int ia, int ib)
        {
            float v = _g[_og + o];
            if (_ga is not null) _ga[ia] += v * _b[_ob + ib];
            if (_gb is not null) _gb[ib] += v * _a[_oa + ia];
        }
    }
}
