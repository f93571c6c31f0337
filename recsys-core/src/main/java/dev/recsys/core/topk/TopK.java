package dev.recsys.core.topk;

import dev.recsys.core.topk.internal.TopKHeap;
import java.util.Objects;

/**
 * Top-k selection over a score array that is already computed (one query's scores of every
 * candidate), with the same selector and tie rule as {@link BruteForceIndex}: the catalogue is
 * never sorted, and at equal scores the lower position ranks first.
 */
public final class TopK {

    private TopK() {}

    /**
     * The positions of the {@code k} highest finite scores, best first; see
     * {@link #select(float[], int, boolean[])}.
     *
     * @param scores {@code [n]}
     * @param k positive
     * @return at most {@code k} positions, best first
     * @throws IllegalArgumentException if {@code k <= 0}
     */
    public static int[] select(float[] scores, int k) {
        Objects.requireNonNull(scores, "scores");
        return select(scores, k, new boolean[scores.length]);
    }

    /**
     * The positions of the {@code k} highest scores, best first. Excluded positions and
     * non-finite scores (NaN, ±infinity) are never returned, so fewer than {@code k} positions come
     * back when fewer are eligible.
     *
     * @param scores {@code [n]}
     * @param k positive
     * @param excluded {@code [n]} positions to skip
     * @return at most {@code k} positions, best first
     * @throws IllegalArgumentException if {@code k <= 0} or {@code excluded} has another length
     */
    public static int[] select(float[] scores, int k, boolean[] excluded) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(excluded, "excluded");
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, found " + k);
        }
        if (excluded.length != scores.length) {
            throw new IllegalArgumentException("expected one exclusion flag per score: " + scores.length
                    + " scores, found " + excluded.length + " flags");
        }
        TopKHeap selector = new TopKHeap(Math.max(1, Math.min(k, scores.length)));
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i];
            // Finite scores only: a NaN would compare false everywhere and freeze the heap.
            if (Float.isFinite(s) && !excluded[i] && selector.accepts(s)) {
                selector.push(s, i);
            }
        }
        int[] positions = new int[selector.size()];
        selector.drain(positions, new float[positions.length]);
        return positions;
    }
}
