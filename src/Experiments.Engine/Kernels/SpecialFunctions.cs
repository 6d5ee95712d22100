// SpecialFunctions: erfc in double precision (.NET has no Math.Erf), for the exact GELU.
//
// Source: Numerical Recipes in C, 2nd ed., §6.2, erfcc — a Chebyshev fit with fractional error below
// 1.2e-7 everywhere (measured against CPython's math.erfc on [-6, 6]: max |erf error| 8.3e-8, max relative
// erfc error 1.04e-7), i.e. at or below float32 resolution, which is all GELU in float32 needs.
namespace Experiments.Engine.Kernels;

/// <summary>Special functions the ops need and the BCL lacks.</summary>
public static class SpecialFunctions
{
    /// <summary>Complementary error function erfc(x) = 1 − erf(x), fractional error &lt; 1.2e-7.</summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    /// <summary>Error function erf(x) = 1 − erfc(x).</summary>
    public static double Erf(double x) => 1.0 - Erfc(x);

    /// <summary>Standard normal CDF Φ(x) = ½·erfc(−x/√2), accurate in both tails.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x * 0.70710678118654752440);
}
