package dev.recsys.core.topk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;

/**
 * Differential checks of one {@link VectorKernels} against a naive double-precision reference on
 * odd sizes.
 *
 * <p>Tolerance: summing n float products in any order, with or without FMA, errs by at most
 * {@code gamma_n * sum|a_i b_i|} with {@code gamma_n = n u / (1 - n u)}, {@code u = 2^-24}
 * (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., section 3.1); the checks
 * use {@code (n + 1) u * sum|a_i b_i|} plus a tiny absolute term for n = 1.
 */
final class KernelContract {

    static final int[] SIZES = {1, 3, 7, 8, 13, 31, 207, 1021};
    private static final double U = Math.scalb(1.0, -24);

    private final VectorKernels kernels;
    private final Random random = new Random(20_241_126L);

    KernelContract(VectorKernels kernels) {
        this.kernels = kernels;
    }

    void dotMatchesReference() {
        for (int n : SIZES) {
            // Offsets shift the arrays so that loads are not aligned with the start of the array.
            float[] a = randomFloats(n + 3);
            float[] b = randomFloats(n + 5);
            double[] ref = referenceDot(a, 3, b, 5, n);
            assertThat((double) kernels.dot(a, 3, b, 5, n)).as("dot, n = %d", n)
                    .isCloseTo(ref[0], Offset.offset(tolerance(n, ref[1])));
        }
    }

    void dotRowsMatchesReference() {
        for (int dim : SIZES) {
            int rows = 9;
            float[] query = randomFloats(dim);
            float[] candidates = randomFloats(rows * dim);
            float[] scores = new float[6];
            kernels.dotRows(query, candidates, dim, 2, 6, scores);
            for (int i = 0; i < 6; i++) {
                double[] ref = referenceDot(query, 0, candidates, (2 + i) * dim, dim);
                assertThat((double) scores[i]).as("dotRows, dim = %d, row %d", dim, i)
                        .isCloseTo(ref[0], Offset.offset(tolerance(dim, ref[1])));
            }
            // every row of an array of 8: the last four rows end the array, where a kernel that
            // reads past a row's end for its remainder must not read past the array's
            float[] eight = Arrays.copyOf(candidates, 8 * dim);
            float[] all = new float[8];
            kernels.dotRows(query, eight, dim, 0, 8, all);
            for (int i = 0; i < 8; i++) {
                double[] ref = referenceDot(query, 0, eight, i * dim, dim);
                assertThat((double) all[i]).as("dotRows over the whole array, dim = %d, row %d", dim, i)
                        .isCloseTo(ref[0], Offset.offset(tolerance(dim, ref[1])));
            }
        }
    }

    void blockScorerMatchesReference() {
        // Query counts around the 4-query register block, candidate counts around 32-candidate
        // panels (two 512-bit vectors) so that every tail path runs.
        int[] queryCounts = {1, 3, 4, 5, 9};
        int[] counts = {1, 13, 31, 32, 33, 64, 100};
        for (int dim : SIZES) {
            for (int nq : queryCounts) {
                for (int count : counts) {
                    int first = 3;
                    float[] queries = randomFloats(nq * dim);
                    float[] candidates = randomFloats((first + count + 2) * dim);
                    float[] scores = new float[nq * count];
                    // A scorer sized for more rows than used, as for the last block of a catalogue.
                    kernels.blockScorer(dim, count + 7).score(queries, nq, candidates, first, count, scores);
                    for (int q = 0; q < nq; q++) {
                        for (int i = 0; i < count; i++) {
                            double[] ref = referenceDot(queries, q * dim, candidates, (first + i) * dim, dim);
                            assertThat((double) scores[q * count + i])
                                    .as("blockScorer, dim = %d, queries %d, count %d, query %d, candidate %d",
                                            dim, nq, count, q, i)
                                    .isCloseTo(ref[0], Offset.offset(tolerance(dim, ref[1])));
                        }
                    }
                }
            }
        }
    }

    void addVectorMatrixMatchesReference() {
        // Column counts around one, four and eight vectors of 4..16 lanes and their tails; the
        // rows are a block inside a larger kernel (firstRow), as for a split layer.
        int[] colCounts = {1, 2, 7, 16, 31, 64, 65, 100};
        for (int count : SIZES) {
            for (int cols : colCounts) {
                int firstRow = 2;
                float[] x = randomFloats(count + 1);
                float[][] rows = new float[firstRow + count + 1][];
                for (int r = 0; r < rows.length; r++) {
                    rows[r] = randomFloats(cols);
                }
                float[] y = randomFloats(cols);
                float[] start = y.clone();
                kernels.addVectorMatrix(x, 1, rows, firstRow, count, y);
                for (int o = 0; o < cols; o++) {
                    double sum = start[o];
                    double abs = Math.abs(start[o]);
                    for (int i = 0; i < count; i++) {
                        double p = (double) x[1 + i] * rows[firstRow + i][o];
                        sum += p;
                        abs += Math.abs(p);
                    }
                    assertThat((double) y[o]).as("addVectorMatrix, rows %d, cols %d, column %d", count, cols, o)
                            .isCloseTo(sum, Offset.offset(tolerance(count + 1, abs)));
                }
            }
        }
    }

    void indexAboveMatchesLinearScan() {
        for (int n : SIZES) {
            float[] a = randomFloats(n + 4);
            for (float threshold : new float[] {-2f, 0f, 0.9f, 0.99f, 2f, a[n + 1]}) {
                int expected = n + 2;
                for (int i = 2; i < n + 2; i++) {
                    if (a[i] > threshold) {
                        expected = i;
                        break;
                    }
                }
                assertThat(kernels.indexAbove(a, 2, n + 2, threshold)).as("n = %d, threshold %f", n, threshold)
                        .isEqualTo(expected);
            }
        }
        // Only the last element is above: the hit sits in the tail after whole vectors.
        float[] ramp = new float[1021];
        ramp[1020] = 1f;
        assertThat(kernels.indexAbove(ramp, 0, 1021, 0.5f)).isEqualTo(1020);
        assertThat(kernels.indexAbove(ramp, 0, 1020, 0.5f)).isEqualTo(1020);
    }

    void sumMatchesReference() {
        for (int n : SIZES) {
            float[] a = randomFloats(n + 2);
            double ref = 0;
            double abs = 0;
            for (int i = 0; i < n; i++) {
                ref += a[i + 2];
                abs += Math.abs(a[i + 2]);
            }
            assertThat((double) kernels.sum(a, 2, n)).as("sum, n = %d", n)
                    .isCloseTo(ref, Offset.offset(tolerance(n, abs)));
        }
    }

    /**
     * Scores that leave the float range come out as -Infinity in every entry point. The query
     * components are 2^64 times a magnitude in [1, 2]; a candidate row that holds 2^66 meets one
     * in a product of magnitude at least 2^130, beyond twice Float.MAX_VALUE (below 2^128), so
     * the sum overflows whatever the order of the
     * additions and whether or not they are fused: +Inf, or NaN when a -2^66 in the same row
     * brings -Inf. The other rows stay near 2^64 and must match the reference.
     */
    void nonFiniteScoresAreNegativeInfinity() {
        float huge = Math.scalb(1f, 66);
        for (int dim : SIZES) {
            int rows = 70; // more than two 512-bit panels, so the block scorer's panels see it too
            float[] query = randomFloats(dim);
            for (int d = 0; d < dim; d++) {
                query[d] = Math.scalb(Math.copySign(1 + Math.abs(query[d]), query[d]), 64);
            }
            float[] candidates = randomFloats(rows * dim);
            boolean[] overflows = new boolean[rows];
            for (int r = 0; r < rows; r += 3) {
                overflows[r] = true;
                candidates[r * dim + r % dim] = huge;
                if (dim > 1 && r % 2 == 0) {
                    candidates[r * dim + (r + 1) % dim] = Math.copySign(huge, -query[r % dim] * query[(r + 1) % dim]);
                }
            }
            float[] scores = new float[rows];
            kernels.dotRows(query, candidates, dim, 0, rows, scores);
            float[] block = new float[2 * rows];
            float[] twoQueries = new float[2 * dim];
            System.arraycopy(query, 0, twoQueries, 0, dim);
            System.arraycopy(query, 0, twoQueries, dim, dim);
            kernels.blockScorer(dim, rows).score(twoQueries, 2, candidates, 0, rows, block);
            for (int r = 0; r < rows; r++) {
                float dot = kernels.dot(query, 0, candidates, r * dim, dim);
                if (overflows[r]) {
                    assertThat(new float[] {dot, scores[r], block[r], block[rows + r]})
                            .as("dim = %d, row %d", dim, r).containsOnly(Float.NEGATIVE_INFINITY);
                } else {
                    double[] ref = referenceDot(query, 0, candidates, r * dim, dim);
                    Offset<Double> within = Offset.offset(tolerance(dim, ref[1]));
                    assertThat((double) dot).as("dot, dim = %d, row %d", dim, r).isCloseTo(ref[0], within);
                    assertThat((double) scores[r]).as("dotRows, dim = %d, row %d", dim, r).isCloseTo(ref[0], within);
                    assertThat((double) block[r]).as("block, dim = %d, row %d", dim, r).isCloseTo(ref[0], within);
                    assertThat(block[rows + r]).as("block query 2, dim = %d, row %d", dim, r).isEqualTo(block[r]);
                }
            }
        }
    }

    float[] randomFloats(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** {exact-ish dot in double, sum of |products|}. */
    static double[] referenceDot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        double dot = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            double p = (double) a[aOffset + i] * b[bOffset + i];
            dot += p;
            abs += Math.abs(p);
        }
        return new double[] {dot, abs};
    }

    static double tolerance(int n, double sumOfAbsoluteProducts) {
        return (n + 1) * U * sumOfAbsoluteProducts + 1e-30;
    }
}
