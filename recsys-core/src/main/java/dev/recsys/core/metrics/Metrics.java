package dev.recsys.core.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Offline metrics of one query or one prediction set. Ranking metrics take a ranked list of item
 * rows (best first, as from {@link dev.recsys.core.topk.TopK#select}) and the set of relevant rows
 * (a user's held-out items); relevance is binary. Averaging over queries, exclusions and
 * non-finite scores are the evaluator's business ({@code dev.recsys.models.eval.Evaluator}).
 */
public final class Metrics {

    private Metrics() {}

    /**
     * Root mean squared error.
     *
     * @param predicted {@code [n]}
     * @param actual {@code [n]}, {@code n >= 1}
     * @throws IllegalArgumentException if the lengths differ or are zero
     */
    public static double rmse(double[] predicted, float[] actual) {
        checkLengths(predicted, actual);
        double squares = 0;
        for (int i = 0; i < actual.length; i++) {
            double error = predicted[i] - actual[i];
            squares += error * error;
        }
        return Math.sqrt(squares / actual.length);
    }

    /**
     * Mean absolute error.
     *
     * @param predicted {@code [n]}
     * @param actual {@code [n]}, {@code n >= 1}
     * @throws IllegalArgumentException if the lengths differ or are zero
     */
    public static double mae(double[] predicted, float[] actual) {
        checkLengths(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(predicted[i] - actual[i]);
        }
        return sum / actual.length;
    }

    /**
     * Reciprocal rank: {@code 1 / position} (1-based) of the first relevant row among the first
     * {@code k} ranked rows, 0 when none is there.
     *
     * @param ranked rows, best first
     * @param relevant distinct relevant rows, at least one
     * @param k positive
     */
    public static double reciprocalRank(int[] ranked, int[] relevant, int k) {
        check(ranked, relevant, k);
        int[] sorted = sorted(relevant);
        for (int i = 0; i < Math.min(k, ranked.length); i++) {
            if (Arrays.binarySearch(sorted, ranked[i]) >= 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /**
     * Recall@k: the share of the relevant rows found in the first {@code k} ranked rows.
     *
     * @param ranked rows, best first
     * @param relevant distinct relevant rows, at least one
     * @param k positive
     */
    public static double recall(int[] ranked, int[] relevant, int k) {
        return (double) hits(ranked, relevant, k) / relevant.length;
    }

    /**
     * HitRate@k: 1 when any relevant row is among the first {@code k} ranked rows, else 0.
     *
     * @param ranked rows, best first
     * @param relevant distinct relevant rows, at least one
     * @param k positive
     */
    public static double hitRate(int[] ranked, int[] relevant, int k) {
        return hits(ranked, relevant, k) > 0 ? 1 : 0;
    }

    /**
     * NDCG@k with binary gains: {@code DCG = sum over relevant ranked positions i (1-based, i <= k)
     * of 1 / log2(i + 1)}, divided by the DCG of an ideal list that puts
     * {@code min(k, |relevant|)} relevant rows first.
     *
     * @param ranked rows, best first
     * @param relevant distinct relevant rows, at least one
     * @param k positive
     */
    public static double ndcg(int[] ranked, int[] relevant, int k) {
        check(ranked, relevant, k);
        int[] sorted = sorted(relevant);
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.length); i++) {
            if (Arrays.binarySearch(sorted, ranked[i]) >= 0) {
                dcg += 1 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, relevant.length); i++) {
            ideal += 1 / log2(i + 2);
        }
        return dcg / ideal;
    }

    private static int hits(int[] ranked, int[] relevant, int k) {
        check(ranked, relevant, k);
        int[] sorted = sorted(relevant);
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranked.length); i++) {
            if (Arrays.binarySearch(sorted, ranked[i]) >= 0) {
                hits++;
            }
        }
        return hits;
    }

    private static void checkLengths(double[] predicted, float[] actual) {
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(actual, "actual");
        if (predicted.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException("expected equally long non-empty arrays, found " + predicted.length
                    + " predictions and " + actual.length + " ratings");
        }
    }

    private static void check(int[] ranked, int[] relevant, int k) {
        Objects.requireNonNull(ranked, "ranked");
        Objects.requireNonNull(relevant, "relevant");
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, found " + k);
        }
        if (relevant.length == 0) {
            throw new IllegalArgumentException("expected at least one relevant item, found none");
        }
    }

    private static int[] sorted(int[] rows) {
        int[] copy = rows.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
