package dev.recsys.core.topk.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on {@code jdk.incubator.vector} with the preferred species of the CPU. Loaded by
 * reflection from {@link Kernels} only when the module is readable, so that a JVM without
 * {@code --add-modules jdk.incubator.vector} never links this class.
 */
final class SimdKernels implements VectorKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Candidates per panel of the transposed block of the block scorer: two vectors. */
    private static final int PANEL = 2 * LANES;
    private static final FloatVector WORST = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);

    SimdKernels() {
        if (SPECIES.vectorBitSize() < 128) {
            throw new UnsupportedOperationException(
                    "preferred float vector is " + SPECIES.vectorBitSize() + " bits, need at least 128");
        }
    }

    /** For the start-up log line, e.g. {@code "SIMD (512-bit vectors)"}. */
    @Override
    public String toString() {
        return "SIMD (" + SPECIES.vectorBitSize() + "-bit vectors)";
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float s = 0f;
        if (length >= LANES) {
            // Several accumulators so that consecutive FMAs do not wait on each other.
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - 4 * LANES; i <= bound; i += 4 * LANES) {
                acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
                acc1 = FloatVector.fromArray(SPECIES, a, aOffset + i + LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + LANES), acc1);
                acc2 = FloatVector.fromArray(SPECIES, a, aOffset + i + 2 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + 2 * LANES), acc2);
                acc3 = FloatVector.fromArray(SPECIES, a, aOffset + i + 3 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + 3 * LANES), acc3);
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
            }
            s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        // The tail (fewer than LANES floats) through the unrolled scalar loop, not one by one.
        return VectorKernels.finiteOrWorst(
                i == length ? s : s + ScalarKernels.rawDot(a, aOffset + i, b, bOffset + i, length - i));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Four rows at a time, one accumulator each: the four FMA chains and the four horizontal
     * reductions overlap, where row by row each reduction waited for its row's last FMA (at dim
     * 32 the reductions took most of the time: 2.6× faster on 9,742 × 32, measured). When
     * {@code dim} is not a multiple of the lane count, a row's last components are one more vector
     * FMA too: a full vector load that runs into the next row, times the query's last components
     * followed by zeros. The next row's values count as 0: candidates and queries are finite (the
     * index checks them), and a finite value times 0 is 0. (A scalar remainder per row doubled the
     * scan at dim 55.) The last rows of the array, where such a load would run past its end, take
     * the scalar remainder. A row's sum is accumulated in another order than {@link #dot}'s, so the
     * two may differ in the last bits.
     */
    @Override
    public void dotRows(float[] query, float[] candidates, int dim, int first, int count, float[] scores) {
        int i = 0;
        int vectorDim = dim / LANES * LANES;
        FloatVector queryTail = vectorDim == dim ? null : tail(query, vectorDim, dim);
        for (int row = first * dim; i + 4 <= count; i += 4, row += 4 * dim) {
            FloatVector a0 = FloatVector.zero(SPECIES);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int d = 0; d < vectorDim; d += LANES) {
                FloatVector q = FloatVector.fromArray(SPECIES, query, d);
                a0 = FloatVector.fromArray(SPECIES, candidates, row + d).fma(q, a0);
                a1 = FloatVector.fromArray(SPECIES, candidates, row + dim + d).fma(q, a1);
                a2 = FloatVector.fromArray(SPECIES, candidates, row + 2 * dim + d).fma(q, a2);
                a3 = FloatVector.fromArray(SPECIES, candidates, row + 3 * dim + d).fma(q, a3);
            }
            // where the vectors stop: dim, or vectorDim when the last rows' remainder stays scalar
            int scalarFrom = vectorDim;
            if (queryTail != null && row + 3 * dim + vectorDim + LANES <= candidates.length) {
                a0 = FloatVector.fromArray(SPECIES, candidates, row + vectorDim).fma(queryTail, a0);
                a1 = FloatVector.fromArray(SPECIES, candidates, row + dim + vectorDim).fma(queryTail, a1);
                a2 = FloatVector.fromArray(SPECIES, candidates, row + 2 * dim + vectorDim).fma(queryTail, a2);
                a3 = FloatVector.fromArray(SPECIES, candidates, row + 3 * dim + vectorDim).fma(queryTail, a3);
                scalarFrom = dim;
            }
            scores[i] = withTail(a0, query, candidates, row, dim, scalarFrom);
            scores[i + 1] = withTail(a1, query, candidates, row + dim, dim, scalarFrom);
            scores[i + 2] = withTail(a2, query, candidates, row + 2 * dim, dim, scalarFrom);
            scores[i + 3] = withTail(a3, query, candidates, row + 3 * dim, dim, scalarFrom);
        }
        for (int row = (first + i) * dim; i < count; i++, row += dim) {
            scores[i] = dot(query, 0, candidates, row, dim);
        }
    }

    /** {@code query[from, to)} followed by zeros, one vector ({@code to - from < LANES}). */
    private static FloatVector tail(float[] query, int from, int to) {
        float[] lanes = new float[LANES];
        System.arraycopy(query, from, lanes, 0, to - from);
        return FloatVector.fromArray(SPECIES, lanes, 0);
    }

    /** The row's score: its accumulated lanes plus the components from {@code scalarFrom} on. */
    private static float withTail(FloatVector lanes, float[] query, float[] candidates, int row, int dim,
            int scalarFrom) {
        float sum = lanes.reduceLanes(VectorOperators.ADD);
        if (scalarFrom < dim) {
            sum += ScalarKernels.rawDot(query, scalarFrom, candidates, row + scalarFrom, dim - scalarFrom);
        }
        return VectorKernels.finiteOrWorst(sum);
    }

    @Override
    public int indexAbove(float[] a, int from, int to, float threshold) {
        int i = from;
        // One compare per LANES scores; the lanes are searched one by one only on a hit.
        for (int bound = to - LANES; i <= bound; i += LANES) {
            if (FloatVector.fromArray(SPECIES, a, i).compare(VectorOperators.GT, threshold).anyTrue()) {
                break;
            }
        }
        for (; i < to; i++) {
            if (a[i] > threshold) {
                return i;
            }
        }
        return to;
    }

    @Override
    public BlockScorer blockScorer(int dim, int maxCount) {
        float[] scratch = new float[dim * maxCount];
        return (queries, queryCount, candidates, first, count, scores) ->
                dotBlock(queries, queryCount, candidates, dim, first, count, scores, scratch);
    }

    private void dotBlock(float[] queries, int queryCount, float[] candidates, int dim, int first, int count,
            float[] scores, float[] scratch) {
        // Candidates are copied into panels of PANEL columns, panel p holding
        // scratch[p * dim * PANEL + d * PANEL + j] = candidate (p * PANEL + j), component d.
        // A query component is then broadcast and multiplied into a whole panel row, which
        // yields PANEL scores at once with no horizontal reduction; 4 queries x 2 vectors keep
        // 8 independent FMA chains in flight.
        int panels = count / PANEL;
        for (int p = 0; p < panels; p++) {
            int base = p * dim * PANEL;
            for (int j = 0, row = (first + p * PANEL) * dim; j < PANEL; j++, row += dim) {
                for (int d = 0; d < dim; d++) {
                    scratch[base + d * PANEL + j] = candidates[row + d];
                }
            }
        }
        int q = 0;
        for (; q + 4 <= queryCount; q += 4) {
            int q0 = q * dim;
            int q1 = q0 + dim;
            int q2 = q1 + dim;
            int q3 = q2 + dim;
            for (int p = 0; p < panels; p++) {
                FloatVector a0 = FloatVector.zero(SPECIES);
                FloatVector b0 = FloatVector.zero(SPECIES);
                FloatVector a1 = FloatVector.zero(SPECIES);
                FloatVector b1 = FloatVector.zero(SPECIES);
                FloatVector a2 = FloatVector.zero(SPECIES);
                FloatVector b2 = FloatVector.zero(SPECIES);
                FloatVector a3 = FloatVector.zero(SPECIES);
                FloatVector b3 = FloatVector.zero(SPECIES);
                for (int d = 0, at = p * dim * PANEL; d < dim; d++, at += PANEL) {
                    FloatVector lo = FloatVector.fromArray(SPECIES, scratch, at);
                    FloatVector hi = FloatVector.fromArray(SPECIES, scratch, at + LANES);
                    FloatVector v0 = FloatVector.broadcast(SPECIES, queries[q0 + d]);
                    FloatVector v1 = FloatVector.broadcast(SPECIES, queries[q1 + d]);
                    FloatVector v2 = FloatVector.broadcast(SPECIES, queries[q2 + d]);
                    FloatVector v3 = FloatVector.broadcast(SPECIES, queries[q3 + d]);
                    a0 = lo.fma(v0, a0);
                    b0 = hi.fma(v0, b0);
                    a1 = lo.fma(v1, a1);
                    b1 = hi.fma(v1, b1);
                    a2 = lo.fma(v2, a2);
                    b2 = hi.fma(v2, b2);
                    a3 = lo.fma(v3, a3);
                    b3 = hi.fma(v3, b3);
                }
                int out = q * count + p * PANEL;
                finiteOrWorst(a0).intoArray(scores, out);
                finiteOrWorst(b0).intoArray(scores, out + LANES);
                finiteOrWorst(a1).intoArray(scores, out + count);
                finiteOrWorst(b1).intoArray(scores, out + count + LANES);
                finiteOrWorst(a2).intoArray(scores, out + 2 * count);
                finiteOrWorst(b2).intoArray(scores, out + 2 * count + LANES);
                finiteOrWorst(a3).intoArray(scores, out + 3 * count);
                finiteOrWorst(b3).intoArray(scores, out + 3 * count + LANES);
            }
        }
        for (; q < queryCount; q++) {
            int q0 = q * dim;
            for (int p = 0; p < panels; p++) {
                FloatVector a0 = FloatVector.zero(SPECIES);
                FloatVector b0 = FloatVector.zero(SPECIES);
                for (int d = 0, at = p * dim * PANEL; d < dim; d++, at += PANEL) {
                    FloatVector v0 = FloatVector.broadcast(SPECIES, queries[q0 + d]);
                    a0 = FloatVector.fromArray(SPECIES, scratch, at).fma(v0, a0);
                    b0 = FloatVector.fromArray(SPECIES, scratch, at + LANES).fma(v0, b0);
                }
                int out = q * count + p * PANEL;
                finiteOrWorst(a0).intoArray(scores, out);
                finiteOrWorst(b0).intoArray(scores, out + LANES);
            }
        }
        // Columns left over after whole panels (fewer than PANEL): one dot product each.
        for (int i = panels * PANEL; i < count; i++) {
            int row = (first + i) * dim;
            for (q = 0; q < queryCount; q++) {
                scores[q * count + i] = dot(queries, q * dim, candidates, row, dim);
            }
        }
    }

    /** {@link VectorKernels#finiteOrWorst(float)} lane by lane. */
    private static FloatVector finiteOrWorst(FloatVector scores) {
        return scores.blend(WORST, scores.test(VectorOperators.IS_FINITE).not());
    }

    @Override
    public void addVectorMatrix(float[] x, int xOffset, float[][] rows, int firstRow, int count, float[] y) {
        int cols = y.length;
        if (cols < LANES) {
            // fewer columns than one vector, e.g. a rating head's single output
            ScalarKernels.INSTANCE.addVectorMatrix(x, xOffset, rows, firstRow, count, y);
            return;
        }
        int o = 0;
        // Four vectors of outputs stay in registers while the rows stream past: a broadcast of
        // x[i] and four independent FMAs per row, no horizontal reduction.
        for (; o + 4 * LANES <= cols; o += 4 * LANES) {
            FloatVector a0 = FloatVector.fromArray(SPECIES, y, o);
            FloatVector a1 = FloatVector.fromArray(SPECIES, y, o + LANES);
            FloatVector a2 = FloatVector.fromArray(SPECIES, y, o + 2 * LANES);
            FloatVector a3 = FloatVector.fromArray(SPECIES, y, o + 3 * LANES);
            for (int i = 0; i < count; i++) {
                float[] row = rows[firstRow + i];
                FloatVector xi = FloatVector.broadcast(SPECIES, x[xOffset + i]);
                a0 = FloatVector.fromArray(SPECIES, row, o).fma(xi, a0);
                a1 = FloatVector.fromArray(SPECIES, row, o + LANES).fma(xi, a1);
                a2 = FloatVector.fromArray(SPECIES, row, o + 2 * LANES).fma(xi, a2);
                a3 = FloatVector.fromArray(SPECIES, row, o + 3 * LANES).fma(xi, a3);
            }
            a0.intoArray(y, o);
            a1.intoArray(y, o + LANES);
            a2.intoArray(y, o + 2 * LANES);
            a3.intoArray(y, o + 3 * LANES);
        }
        for (; o + LANES <= cols; o += LANES) {
            FloatVector a0 = FloatVector.fromArray(SPECIES, y, o);
            for (int i = 0; i < count; i++) {
                a0 = FloatVector.fromArray(SPECIES, rows[firstRow + i], o)
                        .fma(FloatVector.broadcast(SPECIES, x[xOffset + i]), a0);
            }
            a0.intoArray(y, o);
        }
        // columns left over after whole vectors (fewer than LANES): row by row
        for (int i = 0; o < cols && i < count; i++) {
            float xi = x[xOffset + i];
            float[] row = rows[firstRow + i];
            for (int c = o; c < cols; c++) {
                y[c] += xi * row[c];
            }
        }
    }

    @Override
    public float sum(float[] a, int offset, int length) {
        int i = 0;
        float s = 0f;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - 4 * LANES; i <= bound; i += 4 * LANES) {
                acc0 = acc0.add(FloatVector.fromArray(SPECIES, a, offset + i));
                acc1 = acc1.add(FloatVector.fromArray(SPECIES, a, offset + i + LANES));
                acc2 = acc2.add(FloatVector.fromArray(SPECIES, a, offset + i + 2 * LANES));
                acc3 = acc3.add(FloatVector.fromArray(SPECIES, a, offset + i + 3 * LANES));
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                acc0 = acc0.add(FloatVector.fromArray(SPECIES, a, offset + i));
            }
            s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        return i == length ? s : s + ScalarKernels.INSTANCE.sum(a, offset + i, length - i);
    }
}
