package dev.recsys.core.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Offline metrics. Ranking metrics take a ranked list of item rows (best first, as from
 * {@link #topK}) and the set of relevant rows (a user's held-out items); relevance is binary.
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
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(actual, "actual");
        if (predicted.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException("expected equally long non-empty arrays, found " + predicted.length
                    + " predictions and " + actual.length + " ratings");
        }
        double squares = 0;
        for (int i = 0; i < actual.length; i++) {
            double error = predicted[i] - actual[i];
            squares += error * error;
        }
        return Math.sqrt(squares / actual.length);
    }

    /**
     * The rows of the {@code k} highest scores, best first, skipping excluded rows; equal scores
     * rank the lower row first. Fewer than {@code k} rows come back when fewer are eligible.
     *
     * @param scores {@code [items]}
     * @param excluded rows never returned (e.g. the user's training items), any order, may be empty
     * @param k positive
     */
    public static int[] topK(float[] scores, int[] excluded, int k) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(excluded, "excluded");
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, found " + k);
        }
        boolean[] skip = new boolean[scores.length];
        for (int row : excluded) {
            skip[row] = true;
        }
        int[] rows = new int[Math.min(k, scores.length)];
        float[] kept = new float[rows.length];
        int size = 0;
        for (int row = 0; row < scores.length; row++) {
            float s = scores[row];
            if (skip[row] || (size == rows.length && !(s > kept[size - 1]))) {
                continue;
            }
            // Insertion into the sorted prefix: most rows are rejected above, so this stays cheap.
            int at = size == rows.length ? size - 1 : size++;
            while (at > 0 && s > kept[at - 1]) {
                kept[at] = kept[at - 1];
                rows[at] = rows[at - 1];
                at--;
            }
            kept[at] = s;
            rows[at] = row;
        }
        return Arrays.copyOf(rows, size);
    }

    /**
     * Recall@k: the share of the relevant rows found in the first {@code k} ranked rows.
     *
     * @param ranked rows, best first
     * @param relevant distinct relevant rows, at least one
     * @param k positive
     */
    public static double recall(int[] ranked, int[] relevant, int k) {
        Objects.requireNonNull(ranked, "ranked");
        Objects.requireNonNull(relevant, "relevant");
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
        Objects.requireNonNull(ranked, "ranked");
        Objects.requireNonNull(relevant, "relevant");
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
        Objects.requireNonNull(ranked, "ranked");
        Objects.requireNonNull(relevant, "relevant");
        check(relevant, k);
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
        check(relevant, k);
        int[] sorted = sorted(relevant);
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranked.length); i++) {
            if (Arrays.binarySearch(sorted, ranked[i]) >= 0) {
                hits++;
            }
        }
        return hits;
    }

    private static void check(int[] relevant, int k) {
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
