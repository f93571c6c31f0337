package dev.recsys.core.topk.internal;

/**
 * Scores a block of queries against a block of consecutive candidate rows, reading each
 * candidate from memory once for all queries while it sits in cache. Holds working memory sized
 * when it was made by {@link VectorKernels#blockScorer(int, int)}; not thread-safe.
 */
public interface BlockScorer {

    /**
     * {@code scores[q * count + i] = dot(query q, candidate row first + i)}, non-finite sums as
     * {@link Float#NEGATIVE_INFINITY} (see {@link VectorKernels}).
     *
     * @param queries    {@code [queryCount, dim]} row-major
     * @param candidates {@code [n, dim]} row-major
     * @param count      candidate rows in this block, at most the scorer's {@code maxCount}
     * @param scores     receives {@code [queryCount, count]} row-major
     */
    void score(float[] queries, int queryCount, float[] candidates, int first, int count, float[] scores);
}
