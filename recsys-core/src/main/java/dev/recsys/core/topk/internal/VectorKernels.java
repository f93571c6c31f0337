package dev.recsys.core.topk.internal;

/**
 * Float kernels over row-major arrays. Implementations never check their arguments: callers
 * validate once at the API boundary, so the loops stay free of checks.
 *
 * <p>Scores: finite inputs can still overflow the float range (products or partial sums beyond
 * {@link Float#MAX_VALUE}), giving an infinity or, when infinities of both signs meet, NaN. Every
 * scoring method returns such a score as {@link Float#NEGATIVE_INFINITY}: a score that does not
 * fit in a float is the worst score, never a NaN that would poison comparisons. Which sums
 * overflow near the edge of the range depends on the order of the additions, so kernels may
 * disagree there; they agree whenever a single product exceeds twice {@code Float.MAX_VALUE}.
 */
public interface VectorKernels {

    /** {@code score} if finite, else {@link Float#NEGATIVE_INFINITY}: the rule every scoring method applies. */
    static float finiteOrWorst(float score) {
        return Float.isFinite(score) ? score : Float.NEGATIVE_INFINITY;
    }

    /** Short name for logs and benchmarks: {@code "scalar"} or {@code "simd"}. */
    String name();

    /**
     * Dot product of {@code a[aOffset, aOffset + length)} and {@code b[bOffset, bOffset + length)}.
     *
     * @return the sum of products, accumulated in float in an implementation-defined order, or
     *     {@link Float#NEGATIVE_INFINITY} when that sum is not finite
     */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * Scores one query against consecutive candidate rows:
     * {@code scores[i] = dot(query, candidates row first + i)} for {@code i < count}, non-finite
     * sums as {@link Float#NEGATIVE_INFINITY}.
     *
     * @param query      {@code [dim]}, finite
     * @param candidates {@code [n, dim]} row-major, finite (the SIMD kernel reads past a row's end
     *                   and multiplies those values by 0, which only finite values survive)
     * @param scores     receives {@code [count]} scores from index 0
     */
    void dotRows(float[] query, float[] candidates, int dim, int first, int count, float[] scores);

    /**
     * Index of the first element of {@code a[from, to)} strictly greater than
     * {@code threshold}, or {@code to} when there is none: top-k selection skips most scores
     * with it once the heap is full.
     */
    int indexAbove(float[] a, int from, int to, float threshold);

    /**
     * A scorer for blocks of queries against blocks of at most {@code maxCount} consecutive
     * candidate rows of {@code dim} floats. It owns working memory: use one per thread.
     */
    BlockScorer blockScorer(int dim, int maxCount);

    /**
     * Adds a row vector times a block of matrix rows: {@code y[o] += Σ_i x[xOffset + i] · rows[firstRow + i][o]}
     * for {@code i < count}, {@code o < cols}, {@code cols = y.length}. One input row of a dense
     * layer whose kernel {@code [in, cols]} is held one array per row; a block of rows is a split
     * layer's share. Rows are separate arrays and {@code y} starts at index 0 so that the scalar
     * loop indexes both alike, which C2 vectorizes (with the two at different offsets in flat
     * arrays it does not: 1.9 vs 12 GFMA/s measured on JDK 17, AVX2). Plain float arithmetic in an
     * implementation-defined order, with or without fused multiply-adds: the frozen layers'
     * forward pass, not a score, so a NaN or an infinity passes through as it is.
     *
     * @param x {@code [count]} from {@code xOffset}
     * @param rows the matrix, one array of at least {@code y.length} floats per row
     * @param y {@code [cols]}, added to; must not be {@code x} or a row
     */
    void addVectorMatrix(float[] x, int xOffset, float[][] rows, int firstRow, int count, float[] y);


    /**
     * Sum of {@code a[offset, offset + length)}, as fast as this kernel can read memory; the
     * benchmarks use it as the floor for any scan of the same array.
     */
    float sum(float[] a, int offset, int length);
}
