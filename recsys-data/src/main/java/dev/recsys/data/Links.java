package dev.recsys.data;

import java.util.Objects;

/**
 * IMDb and TMDb ids of the movies of a catalogue (the CSV layouts' {@code links.csv}), indexed like
 * {@link Movies}: entry {@code i} belongs to movie index {@code i}. Immutable.
 *
 * @param imdbIds IMDb id per movie index (the digits of "tt0114709" as 114709), {@link #NONE} when unknown
 * @param tmdbIds TMDb id per movie index, {@link #NONE} when unknown
 */
public record Links(int[] imdbIds, int[] tmdbIds) {
    /** The id of a movie without a link. */
    public static final int NONE = -1;

    /** Checks that the columns have one length, and copies them. */
    public Links {
        Objects.requireNonNull(imdbIds, "imdbIds");
        Objects.requireNonNull(tmdbIds, "tmdbIds");
        if (imdbIds.length != tmdbIds.length) {
            throw new IllegalArgumentException("link columns differ in length: imdb " + imdbIds.length
                    + ", tmdb " + tmdbIds.length);
        }
        imdbIds = imdbIds.clone();
        tmdbIds = tmdbIds.clone();
    }

    /** Number of movies, linked or not. */
    public int size() {
        return imdbIds.length;
    }

    /** IMDb id of the movie at {@code movieIndex}, or {@link #NONE}. */
    public int imdbId(int movieIndex) {
        return imdbIds[movieIndex];
    }

    /** TMDb id of the movie at {@code movieIndex}, or {@link #NONE}. */
    public int tmdbId(int movieIndex) {
        return tmdbIds[movieIndex];
    }

    /** A copy of the IMDb id column. */
    @Override
    public int[] imdbIds() {
        return imdbIds.clone();
    }

    /** A copy of the TMDb id column. */
    @Override
    public int[] tmdbIds() {
        return tmdbIds.clone();
    }
}
