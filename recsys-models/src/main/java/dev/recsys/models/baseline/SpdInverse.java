package dev.recsys.models.baseline;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inverse of a symmetric positive-definite matrix: LAPACK's Cholesky factorization
 * {@code A = L Lᵀ} (ND4J's {@code potrf}), a blocked inverse of the triangular factor whose
 * off-diagonal blocks are two gemms each, then {@code A⁻¹ = L⁻ᵀ L⁻¹} (one gemm). ND4J 1.0.0-M2.1
 * offers no usable alternative here: its {@code getrf} (behind {@code InvertMatrix}) crashes the
 * JVM, and its {@code triangularSolve} took 83 s for n = 1000.
 */
final class SpdInverse {

    /** Below this size a triangular block is inverted by plain substitution. */
    private static final int BASE = 96;

    private SpdInverse() {}

    /**
     * Inverts {@code a}.
     *
     * @param a {@code [n, n]} row-major, symmetric positive definite (only its lower triangle is read)
     * @param n the order
     * @return {@code [n, n]} row-major {@code a⁻¹}
     * @throws IllegalArgumentException if {@code a} is not positive definite
     */
    static double[] invert(double[] a, int n) {
        // Column-major for LAPACK; a symmetric matrix reads the same either way.
        double[] lower;
        try (INDArray factor = Nd4j.create(a.clone(), new long[] {n, n}, 'f')) {
            Nd4j.getBlasWrapper().lapack().potrf(factor, true);
            try (INDArray rowMajor = factor.dup('c')) {
                lower = rowMajor.data().asDouble();
            }
        }
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(lower, i * n + i + 1, (i + 1) * n, 0); // potrf leaves the upper triangle as it was
        }
        for (int i = 0; i < n; i++) {
            double d = lower[i * n + i];
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("matrix is not positive definite: Cholesky pivot " + i + " is " + d);
            }
        }
        double[] inverseFactor = invertLower(lower, n);
        try (INDArray l = Nd4j.create(inverseFactor, new long[] {n, n}, 'c');
             INDArray product = l.transpose().mmul(l)) {
            return product.dup('c').data().asDouble();
        }
    }

    /** {@code X} with {@code X L = I} for lower-triangular {@code L} {@code [n, n]} row-major. */
    static double[] invertLower(double[] l, int n) {
        if (n <= BASE) {
            return substitute(l, n);
        }
        int m = n / 2;
        int r = n - m;
        double[] a = block(l, n, 0, 0, m, m);
        double[] c = block(l, n, m, 0, r, m);
        double[] d = block(l, n, m, m, r, r);
        double[] ai = invertLower(a, m);
        double[] di = invertLower(d, r);
        // [[A, 0], [C, D]]⁻¹ = [[A⁻¹, 0], [-D⁻¹ C A⁻¹, D⁻¹]]
        double[] x21;
        try (INDArray dInv = Nd4j.create(di, new long[] {r, r}, 'c');
             INDArray cm = Nd4j.create(c, new long[] {r, m}, 'c');
             INDArray aInv = Nd4j.create(ai, new long[] {m, m}, 'c');
             INDArray left = dInv.mmul(cm);
             INDArray product = left.mmul(aInv)) {
            x21 = product.dup('c').data().asDouble();
        }
        double[] x = new double[n * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(ai, i * m, x, i * n, m);
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < m; j++) {
                x[(m + i) * n + j] = -x21[i * m + j];
            }
            System.arraycopy(di, i * r, x, (m + i) * n + m, r);
        }
        return x;
    }

    /** Forward substitution, one column of the inverse at a time. */
    private static double[] substitute(double[] l, int n) {
        double[] x = new double[n * n];
        for (int j = 0; j < n; j++) {
            x[j * n + j] = 1 / l[j * n + j];
            for (int i = j + 1; i < n; i++) {
                double sum = 0;
                for (int k = j; k < i; k++) {
                    sum += l[i * n + k] * x[k * n + j];
                }
                x[i * n + j] = -sum / l[i * n + i];
            }
        }
        return x;
    }

    private static double[] block(double[] l, int n, int row, int col, int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(l, (row + i) * n + col, out, i * cols, cols);
        }
        return out;
    }
}
