package dev.recsys.core.topk.internal;

/**
 * Float kernels over row-major arrays. Implementations never check their arguments: callers
 * validate once at the API boundary, so the loops stay free of checks.
 */
public interface VectorKernels {

    /** Short name for logs and benchmarks: {@code "scalar"} or {@code "simd"}. */
    String name();

    /**
     * Dot product of {@code a[aOffset, aOffset + length)} and {@code b[bOffset, bOffset + length)}.
     *
     * @return the sum of products, accumulated in float in an implementation-defined order
     */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * Scores one query against consecutive candidate rows:
     * {@code scores[i] = dot(query, candidates row first + i)} for {@code i < count}.
     *
     * @param query      {@code [dim]}
     * @param candidates {@code [n, dim]} row-major
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
     * Adds a row vector times a matrix: {@code y[yOffset + o] += Σ_i x[xOffset + i] · w[wOffset + i · cols + o]}
     * for {@code i < rows}, {@code o < cols}. One input row of a dense layer whose kernel is
     * {@code [rows, cols]} row-major; a block of a kernel's rows (a split layer) starts at
     * {@code wOffset = firstRow · cols}. Plain float arithmetic in an implementation-defined
     * order, with or without fused multiply-adds: the frozen layers' forward pass, not a score,
     * so a NaN or an infinity passes through as it is.
     *
     * @param x {@code [rows]} from {@code xOffset}
     * @param w {@code [rows, cols]} row-major from {@code wOffset}
     * @param y {@code [cols]} from {@code yOffset}, added to; must not overlap {@code x} or {@code w}
     */
    void addVectorMatrix(float[] x, int xOffset, float[] w, int wOffset, int rows, int cols, float[] y, int yOffset);

    /**
     * Sum of {@code a[offset, offset + length)}, as fast as this kernel can read memory; the
     * benchmarks use it as the floor for any scan of the same array.
     */
    float sum(float[] a, int offset, int length);
}
