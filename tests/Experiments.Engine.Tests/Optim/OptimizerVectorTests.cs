// The vectorised update bodies against their scalar twins: a parameter of length n (vector body plus scalar tail)
// must end bit-identical to n one-element parameters (scalar loop only) given the same gradients, for every
// golden configuration and every length 0..3×8+1, so every remainder is hit.
using Experiments.Engine.NN;
using Experiments.Engine.Optim;
using Experiments.Engine.Tests.Testing;

namespace Experiments.Engine.Tests.Optim;

public class OptimizerVectorTests
{
    public static TheoryData<string> PureCases => OptimizerGoldenFile.Names(OptimizerGoldenFile.Pure.Keys);

    [Theory, MemberData(nameof(PureCases))]
    public void Vector_body_matches_scalar_loop_bit_for_bit_at_every_length(string name)
    {
        PureCase c = OptimizerGoldenFile.Pure[name];
        for (int n = 1; n <= 3 * 8 + 1; n++)
        {
            var whole = new Parameter(Tensor.FromArray(Values(n, 0.37f, 0), n));
            var singles = Enumerable.Range(0, n).Select(k => new Parameter(Tensor.FromArray([whole.Data[k]], 1))).ToArray();
            Optimizer vector = OptimizerGoldenFile.Create(c.Optimizer, c.Config, [whole]);
            Optimizer scalar = OptimizerGoldenFile.Create(c.Optimizer, c.Config, singles);
            for (int step = 0; step < 6; step++)
            {
                float[] grad = Values(n, 1.3f, step + 1);
                if (step == 2) grad[n / 2] = 0f; // exact zeros too (sign of zero after maximize)
                whole.Grad = Tensor.FromArray(grad, n);
                for (int k = 0; k < n; k++) singles[k].Grad = Tensor.FromArray([grad[k]], 1);
                vector.Step();
                scalar.Step();
            }
            TensorAssert.BitEqual(singles.Select(p => p.Data[0]).ToArray(), whole.Data, $"{name}, length {n}");
        }
        Assert.Empty(new Parameter(0).ToArray()); // length 0: nothing to update, nothing to throw
        var empty = new Parameter(0) { Grad = Tensor.Zeros(0) };
        OptimizerGoldenFile.Create(c.Optimizer, c.Config, [empty]).Step();
    }

    // Deterministic values of mixed sign and magnitude.
    private static float[] Values(int n, float scale, int salt)
    {
        var values = new float[n];
        for (int k = 0; k < n; k++) values[k] = scale * MathF.Sin(1.7f * k + 0.9f * salt) * (1 + (k % 3));
        return values;
    }
}
