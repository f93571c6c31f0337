package dev.recsys.models.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Factorized top-k accuracy over a whole candidate set (TFRS {@code FactorizedTopK}): a query is a
 * hit at {@code k} when fewer than {@code k} candidates score strictly higher than its true
 * candidate. Scores are computed in batches of queries, one gemm
 * {@code [batch, D] · [D, candidates]} each.
 */
public final class FactorizedTopK {

    /** The cut-offs of the seed protocol: 1, 5, 10, 50, 100. */
    public static final int[] DEFAULT_KS = {1, 5, 10, 50, 100};

    private FactorizedTopK() {}

    /**
     * For each query, the number of candidates scoring strictly higher than its true candidate.
     *
     * @param queries {@code [n, D]}
     * @param candidates {@code [m, D]}
     * @param trueRows {@code [n]} row of each query's true candidate in {@code candidates}, or -1
     *     when it is absent (counted as {@code m}: a miss at every {@code k <= m})
     * @param batchSize queries scored per gemm, positive
     * @return {@code [n]} counts in {@code [0, m]}
     */
    public static int[] higherCounts(INDArray queries, INDArray candidates, int[] trueRows, int batchSize) {
        int n = (int) queries.size(0);
        int m = (int) candidates.size(0);
        if (trueRows.length != n) {
            throw new IllegalArgumentException("expected one true row per query: " + n + " queries, found " + trueRows.length);
        }
        if (queries.size(1) != candidates.size(1)) {
            throw new IllegalArgumentException("embedding dim mismatch: queries " + queries.size(1) + ", candidates "
                    + candidates.size(1));
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, found " + batchSize);
        }
        int[] counts = new int[n];
        INDArray candidatesT = candidates.transpose();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            float[][] scores;
            try (INDArray product = queries.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).mmul(candidatesT)) {
                scores = product.toFloatMatrix();
            }
            for (int i = from; i < to; i++) {
                int row = trueRows[i];
                if (row < 0 || row >= m) {
                    counts[i] = m;
                    continue;
                }
                float[] s = scores[i - from];
                float own = s[row];
                int higher = 0;
                for (float score : s) {
                    if (score > own) {
                        higher++;
                    }
                }
                counts[i] = higher;
            }
        }
        return counts;
    }

    /**
     * Top-k accuracy from {@link #higherCounts}: the fraction of queries with fewer than {@code k}
     * higher-scoring candidates, for each {@code k}.
     *
     * @param higherCounts {@code [n]}, {@code n >= 1}
     * @param ks cut-offs, each positive
     * @return {@code [ks.length]} accuracies in {@code [0, 1]}
     */
    public static double[] accuracy(int[] higherCounts, int[] ks) {
        if (higherCounts.length == 0) {
            throw new IllegalArgumentException("top-k accuracy needs at least one query, found none");
        }
        double[] accuracy = new double[ks.length];
        for (int c = 0; c < ks.length; c++) {
            if (ks[c] <= 0) {
                throw new IllegalArgumentException("k must be positive, found " + ks[c]);
            }
            int hits = 0;
            for (int count : higherCounts) {
                if (count < ks[c]) {
                    hits++;
                }
            }
            accuracy[c] = (double) hits / higherCounts.length;
        }
        return accuracy;
    }
}
