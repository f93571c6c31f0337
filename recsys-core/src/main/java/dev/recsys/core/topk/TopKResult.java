package dev.recsys.core.topk;

import java.util.Arrays;

/**
 * The best candidates for one query, best first: ids and their scores. Immutable.
 *
 * <p>Order: higher score first; equal scores keep the order in which the candidates were given
 * to the index (the earlier candidate first).
 */
public final class TopKResult {

    private final int[] ids;
    private final float[] scores;

    /** Takes ownership of the arrays; callers in this package never touch them afterwards. */
    TopKResult(int[] ids, float[] scores) {
        this.ids = ids;
        this.scores = scores;
    }

    /** Number of results: {@code min(k, candidates left after filtering)}. */
    public int size() {
        return ids.length;
    }

    /**
     * Id of the result at {@code rank}.
     *
     * @param rank 0 for the best result, up to {@code size() - 1}
     */
    public int id(int rank) {
        return ids[rank];
    }

    /**
     * Score of the result at {@code rank}.
     *
     * @param rank 0 for the best result, up to {@code size() - 1}
     */
    public float score(int rank) {
        return scores[rank];
    }

    /** Ids best first, {@code [size()]}; a copy. */
    public int[] ids() {
        return ids.clone();
    }

    /** Scores best first, {@code [size()]}; a copy. */
    public float[] scores() {
        return scores.clone();
    }

    /** Equal when both ids and scores are equal, rank by rank. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TopKResult && Arrays.equals(ids, ((TopKResult) o).ids)
                && Arrays.equals(scores, ((TopKResult) o).scores);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(scores);
    }

    /** Lists up to the first ten {@code id=score} pairs. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TopKResult[");
        for (int i = 0; i < Math.min(10, ids.length); i++) {
            sb.append(i == 0 ? "" : ", ").append(ids[i]).append('=').append(scores[i]);
        }
        return sb.append(ids.length > 10 ? ", ... (" + ids.length + ")]" : "]").toString();
    }
}
