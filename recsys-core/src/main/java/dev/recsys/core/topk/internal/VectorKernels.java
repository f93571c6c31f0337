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
     * Scores a block of queries against a block of consecutive candidate rows, reading each
     * candidate from memory once for all queries:
     * {@code scores[q * count + i] = dot(query q, candidate row first + i)}.
     *
     * @param queries    {@code [queryCount, dim]} row-major
     * @param candidates {@code [n, dim]} row-major
     * @param scores     receives {@code [queryCount, count]} row-major
     * @param scratch    working space of at least {@code dim * count} floats
     */
    void dotBlock(float[] queries, int queryCount, float[] candidates, int dim, int first, int count,
            float[] scores, float[] scratch);

    /**
     * Sum of {@code a[offset, offset + length)}, as fast as this kernel can read memory; the
     * benchmarks use it as the floor for any scan of the same array.
     */
    float sum(float[] a, int offset, int length);
}
