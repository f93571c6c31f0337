package dev.recsys.data.prep;

import dev.recsys.data.Interactions;
import java.util.Objects;

/** The preprocessing steps of the reference notebook, in the order it applies them. */
public final class Steps {

    private Steps() {
    }

    /**
     * Keeps the ratings of movies with strictly more than {@code minRatings} ratings, as the
     * reference notebook does (its seed protocol uses 20). Counts are taken on the input.
     *
     * @throws IllegalArgumentException when {@code minRatings} is negative
     */
    public static Step keepMoviesRatedMoreThan(int minRatings) {
        if (minRatings < 0) {
            throw new IllegalArgumentException("minRatings must be >= 0, found " + minRatings);
        }
        return new Step() {
            @Override
            public String name() {
                return "keep movies with more than " + minRatings + " ratings";
            }

            @Override
            public Interactions apply(Interactions input) {
                Objects.requireNonNull(input, "input");
                int[] counts = input.countsPerMovie();
                return input.filter(row -> {
                    int movie = input.movieIndex(row);
                    return movie >= 0 && counts[movie] > minRatings;
                });
            }
        };
    }

    /** Drops rows whose rating is missing (NaN). */
    public static Step dropMissing() {
        return new Step() {
            @Override
            public String name() {
                return "drop rows with a missing rating";
            }

            @Override
            public Interactions apply(Interactions input) {
                Objects.requireNonNull(input, "input");
                return input.filter(row -> !Float.isNaN(input.rating(row)));
            }
        };
    }

    /**
     * Inner join with the movie catalogue: drops rows whose movie has no metadata (movie index
     * -1), so every remaining row has a title and genres.
     */
    public static Step mergeWithMovies() {
        return new Step() {
            @Override
            public String name() {
                return "merge with movie metadata";
            }

            @Override
            public Interactions apply(Interactions input) {
                Objects.requireNonNull(input, "input");
                return input.filter(row -> input.movieIndex(row) >= 0);
            }
        };
    }
}
