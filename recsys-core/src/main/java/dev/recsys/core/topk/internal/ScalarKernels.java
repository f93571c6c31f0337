package dev.recsys.core.topk.internal;

import java.util.Arrays;

/** Plain Java kernels: no incubator module needed; the default when SIMD is not available. */
final class ScalarKernels implements VectorKernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        return VectorKernels.finiteOrWorst(rawDot(a, aOffset, b, bOffset, length));
    }

    /** The dot product as float arithmetic gives it, overflow included: the SIMD kernels' tail too. */
    static float rawDot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        // Four independent accumulators: one accumulator is bound by the latency of the add.
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (int bound = length & ~3; i < bound; i += 4) {
            s0 += a[aOffset + i] * b[bOffset + i];
            s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
            s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
            s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[aOffset + i] * b[bOffset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dotRows(float[] query, float[] candidates, int dim, int first, int count, float[] scores) {
        for (int i = 0, row = first * dim; i < count; i++, row += dim) {
            scores[i] = dot(query, 0, candidates, row, dim);
        }
    }

    @Override
    public int indexAbove(float[] a, int from, int to, float threshold) {
        for (int i = from; i < to; i++) {
            if (a[i] > threshold) {
                return i;
            }
        }
        return to;
    }

    @Override
    public BlockScorer blockScorer(int dim, int maxCount) {
        // Transposed block columns[d][i] = component d of candidate i: the inner loop is then an
        // axpy between two arrays indexed alike, which C2 vectorizes without the Vector API (with
        // both operands in one flat array at different offsets it does not, 4x slower).
        float[][] columns = new float[dim][maxCount];
        float[] row = new float[maxCount];
        return (queries, queryCount, candidates, first, count, scores) -> {
            for (int i = 0, at = first * dim; i < count; i++) {
                for (int d = 0; d < dim; d++) {
                    columns[d][i] = candidates[at++];
                }
            }
            for (int q = 0; q < queryCount; q++) {
                Arrays.fill(row, 0, count, 0f);
                int base = q * dim;
                int d = 0;
                // Four components per pass: a quarter of the loads and stores of row[i].
                for (; d + 4 <= dim; d += 4) {
                    float q0 = queries[base + d];
                    float q1 = queries[base + d + 1];
                    float q2 = queries[base + d + 2];
                    float q3 = queries[base + d + 3];
                    float[] c0 = columns[d];
                    float[] c1 = columns[d + 1];
                    float[] c2 = columns[d + 2];
                    float[] c3 = columns[d + 3];
                    for (int i = 0; i < count; i++) {
                        row[i] += q0 * c0[i] + q1 * c1[i] + q2 * c2[i] + q3 * c3[i];
                    }
                }
                for (; d < dim; d++) {
                    float qd = queries[base + d];
                    float[] column = columns[d];
                    for (int i = 0; i < count; i++) {
                        row[i] += qd * column[i];
                    }
                }
                for (int i = 0; i < count; i++) {
                    row[i] = VectorKernels.finiteOrWorst(row[i]);
                }
                System.arraycopy(row, 0, scores, q * count, count);
            }
        };
    }

    @Override
    public void addVectorMatrix(float[] x, int xOffset, float[][] rows, int firstRow, int count, float[] y) {
        int cols = y.length;
        if (cols == 1) {
            y[0] += column(x, xOffset, rows, firstRow, count);
            return;
        }
        // Row by row, an axpy into y: y and the row are indexed alike from 0, so C2 vectorizes it.
        for (int i = 0; i < count; i++) {
            float xi = x[xOffset + i];
            float[] row = rows[firstRow + i];
            for (int o = 0; o < cols; o++) {
                y[o] += xi * row[o];
            }
        }
    }

    /** A one-column product: a dot product with four accumulators, without dot()'s rules for scores. */
    private static float column(float[] x, int xOffset, float[][] rows, int firstRow, int count) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (int bound = count & ~3; i < bound; i += 4) {
            s0 += x[xOffset + i] * rows[firstRow + i][0];
            s1 += x[xOffset + i + 1] * rows[firstRow + i + 1][0];
            s2 += x[xOffset + i + 2] * rows[firstRow + i + 2][0];
            s3 += x[xOffset + i + 3] * rows[firstRow + i + 3][0];
        }
        for (; i < count; i++) {
            s0 += x[xOffset + i] * rows[firstRow + i][0];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float sum(float[] a, int offset, int length) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int i = 0;
        for (int bound = length & ~7; i < bound; i += 8) {
            s0 += a[offset + i];
            s1 += a[offset + i + 1];
            s2 += a[offset + i + 2];
            s3 += a[offset + i + 3];
            s4 += a[offset + i + 4];
            s5 += a[offset + i + 5];
            s6 += a[offset + i + 6];
            s7 += a[offset + i + 7];
        }
        for (; i < length; i++) {
            s0 += a[offset + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
