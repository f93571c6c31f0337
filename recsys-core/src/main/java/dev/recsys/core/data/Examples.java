package dev.recsys.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Training or evaluation examples as columns of primitive arrays, one row per rating: MovieLens
 * user id, epoch timestamp in seconds (UTC), MovieLens movie id and rating. Immutable: arrays are
 * copied in and out.
 *
 * <pre>{@code
 * Examples train = Examples.of(userIds, timestamps, movieIds, ratings);
 * Examples batch = train.select(new int[] {3, 1, 4});
 * }</pre>
 */
public final class Examples {

    private final int[] userIds;
    private final long[] timestamps;
    private final int[] movieIds;
    private final float[] ratings;

    private Examples(int[] userIds, long[] timestamps, int[] movieIds, float[] ratings) {
        this.userIds = userIds;
        this.timestamps = timestamps;
        this.movieIds = movieIds;
        this.ratings = ratings;
    }

    /**
     * Examples from equally long columns (copied).
     *
     * @param userIds {@code [n]} user ids
     * @param timestamps {@code [n]} epoch seconds
     * @param movieIds {@code [n]} movie ids
     * @param ratings {@code [n]} ratings, all finite
     * @throws IllegalArgumentException if the lengths differ or a rating is not finite
     */
    public static Examples of(int[] userIds, long[] timestamps, int[] movieIds, float[] ratings) {
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(movieIds, "movieIds");
        Objects.requireNonNull(ratings, "ratings");
        int n = userIds.length;
        if (timestamps.length != n || movieIds.length != n || ratings.length != n) {
            throw new IllegalArgumentException("column length mismatch: userIds " + n + ", timestamps "
                    + timestamps.length + ", movieIds " + movieIds.length + ", ratings " + ratings.length);
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(ratings[i])) {
                throw new IllegalArgumentException("rating must be finite, found " + ratings[i] + " at row " + i);
            }
        }
        return new Examples(userIds.clone(), timestamps.clone(), movieIds.clone(), ratings.clone());
    }

    /** Number of rows. */
    public int size() {
        return userIds.length;
    }

    /** Whether there are no rows. */
    public boolean isEmpty() {
        return userIds.length == 0;
    }

    /** User id of a row. */
    public int userId(int row) {
        return userIds[row];
    }

    /** Timestamp of a row, epoch seconds. */
    public long timestamp(int row) {
        return timestamps[row];
    }

    /** Movie id of a row. */
    public int movieId(int row) {
        return movieIds[row];
    }

    /** Rating of a row. */
    public float rating(int row) {
        return ratings[row];
    }

    /** User ids {@code [n]} (a copy). */
    public int[] userIds() {
        return userIds.clone();
    }

    /** Timestamps {@code [n]} (a copy). */
    public long[] timestamps() {
        return timestamps.clone();
    }

    /** Movie ids {@code [n]} (a copy). */
    public int[] movieIds() {
        return movieIds.clone();
    }

    /** Ratings {@code [n]} (a copy). */
    public float[] ratings() {
        return ratings.clone();
    }

    /**
     * The given rows, in the given order (repeats allowed).
     *
     * @param rows row numbers in {@code [0, size())}
     * @throws IllegalArgumentException if a row is out of range
     */
    public Examples select(int[] rows) {
        Objects.requireNonNull(rows, "rows");
        int[] u = new int[rows.length];
        long[] t = new long[rows.length];
        int[] m = new int[rows.length];
        float[] r = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int row = rows[i];
            if (row < 0 || row >= userIds.length) {
                throw new IllegalArgumentException("row out of range: expected 0.." + (userIds.length - 1)
                        + ", found " + row);
            }
            u[i] = userIds[row];
            t[i] = timestamps[row];
            m[i] = movieIds[row];
            r[i] = ratings[row];
        }
        return new Examples(u, t, m, r);
    }

    /** Rows {@code [from, to)}. */
    public Examples slice(int from, int to) {
        if (from < 0 || to > userIds.length || from > to) {
            throw new IllegalArgumentException("slice out of range: [" + from + ", " + to + ") of " + userIds.length);
        }
        return new Examples(Arrays.copyOfRange(userIds, from, to), Arrays.copyOfRange(timestamps, from, to),
                Arrays.copyOfRange(movieIds, from, to), Arrays.copyOfRange(ratings, from, to));
    }

    @Override
    public String toString() {
        return "Examples[" + size() + " rows]";
    }
}
