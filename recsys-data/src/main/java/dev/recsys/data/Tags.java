package dev.recsys.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Free-text tags users gave movies: MovieLens user id, movie index into the catalogue (-1 when
 * the catalogue lacks the movie), tag text and epoch timestamp in seconds. Immutable.
 *
 * @param userIds MovieLens user id per tag
 * @param movieIndices movie index per tag
 * @param texts tag text per tag
 * @param timestamps epoch seconds per tag
 */
public record Tags(int[] userIds, int[] movieIndices, List<String> texts, long[] timestamps) {

    /** No tags (layouts without a tags file). */
    public static final Tags EMPTY = new Tags(new int[0], new int[0], List.of(), new long[0]);

    /** Checks that the columns have one length, and copies them. */
    public Tags {
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(movieIndices, "movieIndices");
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(timestamps, "timestamps");
        if (movieIndices.length != userIds.length || texts.size() != userIds.length
                || timestamps.length != userIds.length) {
            throw new IllegalArgumentException("tag columns differ in length: users " + userIds.length
                    + ", movies " + movieIndices.length + ", texts " + texts.size()
                    + ", timestamps " + timestamps.length);
        }
        userIds = userIds.clone();
        movieIndices = movieIndices.clone();
        texts = List.copyOf(texts);
        timestamps = timestamps.clone();
    }

    /**
     * The tags given strictly before {@code epochSeconds}, in order: side data cut at a temporal
     * split's training cut-off (e.g. the validation start of
     * {@link dev.recsys.data.split.Splits#temporalGlobal}), so that no later tag reaches training.
     */
    public Tags before(long epochSeconds) {
        int n = 0;
        int[] rows = new int[size()];
        for (int i = 0; i < rows.length; i++) {
            if (timestamps[i] < epochSeconds) {
                rows[n++] = i;
            }
        }
        if (n == rows.length) {
            return this;
        }
        int[] users = new int[n];
        int[] movies = new int[n];
        List<String> kept = new ArrayList<>(n);
        long[] times = new long[n];
        for (int k = 0; k < n; k++) {
            users[k] = userIds[rows[k]];
            movies[k] = movieIndices[rows[k]];
            kept.add(texts.get(rows[k]));
            times[k] = timestamps[rows[k]];
        }
        return new Tags(users, movies, kept, times);
    }

    /** Number of tags. */
    public int size() {
        return userIds.length;
    }

    /** A copy of the user id column. */
    @Override
    public int[] userIds() {
        return userIds.clone();
    }

    /** A copy of the movie index column. */
    @Override
    public int[] movieIndices() {
        return movieIndices.clone();
    }

    /** A copy of the timestamp column. */
    @Override
    public long[] timestamps() {
        return timestamps.clone();
    }
}
