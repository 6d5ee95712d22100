// GradCheck: compares autograd gradients with central finite differences.
//
// Why on the float32 graph (no float64 twin of every op): the engine is float32-only, and checking the
// real float kernels is the point. The loss L = Σ output·G (G a fixed random upstream) is reduced in
// double, and each difference quotient (L(x+h) − L(x−h)) / (x₊ − x₋) is formed in double with the step
// actually taken after rounding x±h to float. Error budget with h = 1e-2: truncation ~h²/6·|f'''| ≈ 2e-5,
// rounding ~n·2⁻²⁴·Σ|y·G| / 2h ≈ 1e-4 for the small sizes used; hence atol 2e-3 and rtol 1e-2, ~10× margin.
// Inputs with kinks (relu) are kept ≥ 0.05 away from them, so ±h never crosses one.
namespace Experiments.Engine.Tests.Testing;

public static class GradCheck
{
    /// <summary>Asserts that autograd's gradients of Σ f(inputs)·G match finite differences for every input.</summary>
    public static void Check(string what, Func<Tensor[], Tensor> f, Tensor[] inputs, ulong seed = 1, double h = 1e-2, double atol = 2e-3, double rtol = 1e-2)
    {
        foreach (var x in inputs) x.RequiresGrad = true;
        var output = f(inputs);
        var upstream = Tensor.Normal(new Random.RandomStream(seed), 0f, 1f, output.ShapeArray());
        output.Backward(upstream);

        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            var analytic = x.Grad?.ToArray() ?? new float[x.Length];
            var numeric = new float[x.Length];
            Span<float> data = x.Data;
            for (int i = 0; i < x.Length; i++)
            {
                float original = data[i];
                float plus = (float)(original + h), minus = (float)(original - h);
                data[i] = plus;
                double lPlus = Loss(f, inputs, upstream);
                data[i] = minus;
                double lMinus = Loss(f, inputs, upstream);
                data[i] = original;
                numeric[i] = (float)((lPlus - lMinus) / ((double)plus - minus));
            }
            TensorAssert.Close(numeric, analytic, atol, rtol, $"{what}: gradient of input {k} (finite differences vs autograd)", x.Shape);
        }
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor upstream)
    {
        using (Engine.Autograd.NoGrad())
        {
            var y = f(inputs).Data;
            var g = upstream.Data;
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += (double)y[i] * g[i];
            return sum;
        }
    }
}
