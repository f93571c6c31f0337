package dev.recsys.models.baseline;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.models.CandidateScorer;
import java.util.Objects;

/**
 * The global popularity ranking: every user gets the movies rated most often in training, the
 * same list for all. A candidate's score is its training rating count. Immutable.
 */
public final class Popularity implements CandidateScorer {

    private final Catalog candidates;
    private final float[] counts;

    private Popularity(Catalog candidates, float[] counts) {
        this.candidates = candidates;
        this.counts = counts;
    }

    /**
     * Counts the training ratings per candidate.
     *
     * @param train at least one rating
     * @param candidates the movies to rank
     */
    public static Popularity fit(Examples train, Catalog candidates) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(candidates, "candidates");
        int[] counts = new CatalogStats(train, candidates).counts;
        float[] scores = new float[counts.length];
        for (int row = 0; row < counts.length; row++) {
            scores[row] = counts[row];
        }
        return new Popularity(candidates, scores);
    }

    /** Training ratings of a movie (0 when absent from training or the catalogue). */
    public int count(int movieId) {
        int row = candidates.rowOf(movieId);
        return row < 0 ? 0 : (int) counts[row];
    }

    @Override
    public Catalog candidates() {
        return candidates;
    }

    /** Rating counts, the same row for every query. */
    @Override
    public float[][] scores(int[] userIds, long[] timestamps) {
        CatalogStats.checkQueries(userIds, timestamps);
        return CatalogStats.repeat(counts, userIds.length);
    }
}
