package dev.recsys.models.tower;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.features.TimeField;

/**
 * Movie freshness for retrieval: a learned score for a movie's age at the query time, the query
 * year minus the movie's release year, one bucket per year of age from 0 to {@code maxAge - 1},
 * one for {@code maxAge} and older, one for a movie whose release year is unknown (a rating before
 * the release year counts as age 0). The release year is the one in the catalogue title ("Heat
 * (1995)", {@link Catalog#year}). Query years are clamped to {@code [firstYear, lastYear]}, the
 * training period, as the user tower clamps its year feature.
 *
 * <p>The score keeps retrieval a dot product: a candidate vector gains {@link #columns()} columns,
 * column {@code j} holding the learned score of the movie's age in year {@code firstYear + j}, and
 * a query vector gains the one-hot of its year; their product adds exactly the age score of that
 * query year to the towers' dot product, so exact and graph indexes serve it unchanged. Immutable;
 * Jackson stores it with the movie tower's settings.
 *
 * <pre>{@code
 * MovieTower movies = MovieTower.builder(movieIds, 32).catalog(catalog)
 *         .age(MovieAge.fit(trainTimestamps, 30))
 *         .build();
 * }</pre>
 *
 * @param firstYear first query year with a column of its own (UTC)
 * @param lastYear last query year with a column of its own, {@code >= firstYear}
 * @param maxAge the age from which all older movies share one bucket, 1 to 500
 */
public record MovieAge(int firstYear, int lastYear, int maxAge) {

    /** A bound on the query years and on maxAge: keeps the extra columns and the age table reasonable. */
    private static final int MAX_YEARS = 500;

    /** @throws IllegalArgumentException if the years are out of order or span over 500 years, or maxAge is not in 1..500 */
    public MovieAge {
        if (lastYear < firstYear || (long) lastYear - firstYear >= MAX_YEARS) {
            throw new IllegalArgumentException("movie age query years must be ordered and span at most " + MAX_YEARS
                    + " years, found " + firstYear + ".." + lastYear);
        }
        if (maxAge <= 0 || maxAge > MAX_YEARS) {
            throw new IllegalArgumentException("movie age maxAge must be in 1.." + MAX_YEARS + ", found " + maxAge);
        }
    }

    /**
     * The age feature for a training period: its query years are the first and last year (UTC)
     * of the training timestamps.
     *
     * @param timestamps {@code [n]} epoch seconds of the training examples, at least one
     * @param maxAge the age from which all older movies share one bucket, 1 to 500
     */
    public static MovieAge fit(long[] timestamps, int maxAge) {
        if (timestamps.length == 0) {
            throw new IllegalArgumentException("movie age needs at least one training timestamp, found none");
        }
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (long t : timestamps) {
            int year = TimeField.YEAR.of(t);
            first = Math.min(first, year);
            last = Math.max(last, year);
        }
        return new MovieAge(first, last, maxAge);
    }

    /** Columns a candidate (and a query) vector gains: one per query year. */
    public int columns() {
        return lastYear - firstYear + 1;
    }

    /** Rows of the learned age table: ages 0 to {@code maxAge}, and unknown. */
    int buckets() {
        return maxAge + 2;
    }

    /**
     * The age buckets of movies in every query year, {@code [B, columns()]} row-major: entry
     * {@code (i, j)} is the bucket of movie {@code i}'s age in year {@code firstYear + j}.
     *
     * @param rows {@code [B]} catalogue rows of the movies, -1 for a movie the catalogue lacks
     */
    int[] buckets(Catalog catalog, int[] rows) {
        int columns = columns();
        int[] out = new int[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            int released = rows[i] < 0 ? Catalog.NO_YEAR : catalog.year(rows[i]);
            for (int j = 0; j < columns; j++) {
                out[i * columns + j] = released == Catalog.NO_YEAR ? maxAge + 1
                        : Math.min(maxAge, Math.max(0, firstYear + j - released));
            }
        }
        return out;
    }

    /** The one-hot query years of timestamps, {@code [B, columns()]} row-major. */
    float[] queryColumns(long[] timestamps) {
        float[] out = new float[timestamps.length * columns()];
        for (int i = 0; i < timestamps.length; i++) {
            out[i * columns() + column(timestamps[i])] = 1f;
        }
        return out;
    }

    /** The column of a query time: its year (UTC) clamped to the training period, minus {@code firstYear}. */
    int column(long timestamp) {
        return Math.min(lastYear, Math.max(firstYear, TimeField.YEAR.of(timestamp))) - firstYear;
    }
}
