namespace LiveStyle.Core.Imaging;

/// <summary>Functions of 3×3 symmetric positive-definite matrices via a Jacobi eigen-decomposition.</summary>
public static class SymmetricMatrix3
{
    /// <summary>M^p for symmetric positive-definite M (p = 0.5 for the square root, −0.5 for its inverse).</summary>
    public static double[,] Power(double[,] m, double p)
    {
        var (values, vectors) = Eigen(m);
        var result = new double[3, 3];
        for (var k = 0; k < 3; k++)
        {
            var scaled = Math.Pow(Math.Max(values[k], 1e-12), p);
            for (var i = 0; i < 3; i++)
                for (var j = 0; j < 3; j++)
                    result[i, j] += vectors[i, k] * scaled * vectors[j, k];
        }
        return result;
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                for (var k = 0; k < 3; k++)
                    r[i, j] += a[i, k] * b[k, j];
        return r;
    }

    /// <summary>Eigenvalues and eigenvectors (columns) by cyclic Jacobi rotations.</summary>
    public static (double[] Values, double[,] Vectors) Eigen(double[,] m)
    {
        var a = (double[,])m.Clone();
        var v = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (var sweep = 0; sweep < 50; sweep++)
        {
            var offDiagonal = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            if (offDiagonal < 1e-15) break;
            for (var p = 0; p < 2; p++)
                for (var q = p + 1; q < 3; q++)
                    Rotate(a, v, p, q);
        }
        return ([a[0, 0], a[1, 1], a[2, 2]], v);
    }

    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        if (Math.Abs(a[p, q]) < 1e-300) return;
        var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
        var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        var c = 1 / Math.Sqrt(t * t + 1);
        var s = t * c;
        for (var k = 0; k < 3; k++)
        {
            var akp = a[k, p];
            var akq = a[k, q];
            a[k, p] = c * akp - s * akq;
            a[k, q] = s * akp + c * akq;
        }
        for (var k = 0; k < 3; k++)
        {
            var apk = a[p, k];
            var aqk = a[q, k];
            a[p, k] = c * apk - s * aqk;
            a[q, k] = s * apk + c * aqk;
        }
        for (var k = 0; k < 3; k++)
        {
            var vkp = v[k, p];
            var vkq = v[k, q];
            v[k, p] = c * vkp - s * vkq;
            v[k, q] = s * vkp + c * vkq;
        }
    }
}
