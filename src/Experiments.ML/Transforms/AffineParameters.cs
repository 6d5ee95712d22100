// AffineParameters: the fixed parameters of one affine warp, and torchvision's inverse matrix for them.
namespace Experiments.ML.Transforms;

/// <summary>
/// Parameters of <c>torchvision.transforms.functional.affine</c>: <see cref="Angle"/> in degrees (F.affine's sense:
/// positive turns the image clockwise on screen), translation in pixels (post-rotation), overall scale, shear in
/// degrees parallel to x and to y. The centre of the image stays fixed.
/// </summary>
public readonly record struct AffineParameters(double Angle, double TranslateX, double TranslateY, double Scale, double ShearX, double ShearY)
{
    /// <summary>The identity warp.</summary>
    public static AffineParameters Identity => new(0, 0, 0, 1, 0, 0);

    /// <summary>
    /// F.rotate(angle): counter-clockwise by <paramref name="degrees"/>, which torchvision implements as the affine
    /// warp with angle −degrees ("due to current incoherence of rotation angle direction").
    /// </summary>
    public static AffineParameters Rotation(double degrees) => new(-degrees, 0, 0, 1, 0, 0);

    /// <summary>
    /// torchvision's <c>_get_inverse_affine_matrix(center=[0, 0], angle, translate, scale, shear)</c>, transcribed:
    /// M = T·C·R(a)·S(s)·SHy(sy)·SHx(sx)·C⁻¹ and the six numbers [a, b, c, d, e, f] of M⁻¹ in centre-relative pixel
    /// coordinates (output point → source point), in double as Python computes them.
    /// </summary>
    public void InverseMatrix(Span<double> matrix)
    {
        if (matrix.Length < 6) throw new ArgumentException($"The matrix needs 6 elements; found {matrix.Length}.", nameof(matrix));
        if (!(Scale > 0)) throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "The scale of an affine warp must be positive (F.affine: 'Argument scale should be positive').");
        double rot = Angle * Math.PI / 180, sx = ShearX * Math.PI / 180, sy = ShearY * Math.PI / 180;
        double a = Math.Cos(rot - sy) / Math.Cos(sy);
        double b = -Math.Cos(rot - sy) * Math.Tan(sx) / Math.Cos(sy) - Math.Sin(rot);
        double c = Math.Sin(rot - sy) / Math.Cos(sy);
        double d = -Math.Sin(rot - sy) * Math.Tan(sx) / Math.Cos(sy) + Math.Cos(rot);
        // Inverse of the rotation-scale-shear part (its determinant is 1 before scaling), then of the translation.
        double m0 = d / Scale, m1 = -b / Scale, m3 = -c / Scale, m4 = a / Scale;
        double m2 = 0.0 + m0 * (-0.0 - TranslateX) + m1 * (-0.0 - TranslateY);
        double m5 = 0.0 + m3 * (-0.0 - TranslateX) + m4 * (-0.0 - TranslateY);
        matrix[0] = m0; matrix[1] = m1; matrix[2] = m2;
        matrix[3] = m3; matrix[4] = m4; matrix[5] = m5;
    }
}
