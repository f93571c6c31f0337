package dev.recsys.models.baseline;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.models.CandidateScorer;
import dev.recsys.models.RatingPredictor;
import java.util.Objects;

/**
 * The IMDB weighted rating, a mean rating shrunk towards the global mean:
 * {@code WR = v/(v+m)·R + m/(v+m)·C}, where {@code v} is the movie's training rating count,
 * {@code R} its mean training rating and {@code C} the global mean. {@code m = 0} gives the plain
 * mean rating. A movie without training ratings gets {@code C}. As a predictor it gives every user
 * the movie's WR; as a scorer it ranks by WR, the same list for all. Immutable.
 */
public final class WeightedRating implements RatingPredictor, CandidateScorer {

    private final Catalog candidates;
    private final float[] ratings;
    private final double globalMean;

    private WeightedRating(Catalog candidates, float[] ratings, double globalMean) {
        this.candidates = candidates;
        this.ratings = ratings;
        this.globalMean = globalMean;
    }

    /**
     * Fits the weighted rating of every candidate.
     *
     * @param train at least one rating
     * @param candidates the movies to rate
     * @param m the prior's weight in ratings, {@code >= 0} (the reference notebook uses 10)
     * @throws IllegalArgumentException if {@code m} is negative or not finite, or {@code train} is empty
     */
    public static WeightedRating fit(Examples train, Catalog candidates, double m) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(candidates, "candidates");
        if (!(m >= 0) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("m must be finite and >= 0, found " + m);
        }
        CatalogStats stats = new CatalogStats(train, candidates);
        double c = stats.globalMean;
        float[] ratings = new float[stats.counts.length];
        for (int row = 0; row < ratings.length; row++) {
            double v = stats.counts[row];
            ratings[row] = (float) (v == 0 ? c : v / (v + m) * (stats.sums[row] / v) + m / (v + m) * c);
        }
        return new WeightedRating(candidates, ratings, c);
    }

    /** The weighted rating of a movie ({@code C} when it is absent from training or the catalogue). */
    public double rating(int movieId) {
        int row = candidates.rowOf(movieId);
        return row < 0 ? globalMean : ratings[row];
    }

    /** The global mean rating {@code C}. */
    public double globalMean() {
        return globalMean;
    }

    @Override
    public double[] predict(Examples examples) {
        Objects.requireNonNull(examples, "examples");
        double[] out = new double[examples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rating(examples.movieId(i));
        }
        return out;
    }

    @Override
    public Catalog candidates() {
        return candidates;
    }

    /** Weighted ratings, the same row for every query. */
    @Override
    public float[][] scores(int[] userIds, long[] timestamps) {
        CatalogStats.checkQueries(userIds, timestamps);
        return CatalogStats.repeat(ratings, userIds.length);
    }
}
