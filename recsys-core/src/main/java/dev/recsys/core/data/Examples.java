package dev.recsys.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Training or evaluation examples as columns of primitive arrays, one row per rating: MovieLens
 * user id, epoch timestamp in seconds (UTC), MovieLens movie id and rating, with the
 * {@link RatingScale} the ratings are on. Immutable: arrays are copied in and out.
 *
 * <pre>{@code
 * Examples train = Examples.of(userIds, timestamps, movieIds, ratings, RatingScale.WHOLE_STARS);
 * Examples batch = train.select(new int[] {3, 1, 4});   // keeps the scale
 * }</pre>
 */
public final class Examples {

    private final int[] userIds;
    private final long[] timestamps;
    private final int[] movieIds;
    private final float[] ratings;
    private final RatingScale scale;

    private Examples(int[] userIds, long[] timestamps, int[] movieIds, float[] ratings, RatingScale scale) {
        this.userIds = userIds;
        this.timestamps = timestamps;
        this.movieIds = movieIds;
        this.ratings = ratings;
        this.scale = scale;
    }

    /**
     * Examples from equally long columns (copied), on the MovieLens {@link RatingScale#HALF_STARS}
     * scale, the scale the models assumed before data carried one. The ratings are not checked
     * against it, since query examples (for scoring or prediction) carry placeholder ratings; for
     * training data on another scale use {@link #of(int[], long[], int[], float[], RatingScale)}.
     *
     * @param userIds {@code [n]} user ids
     * @param timestamps {@code [n]} epoch seconds
     * @param movieIds {@code [n]} movie ids
     * @param ratings {@code [n]} ratings, all finite
     * @throws IllegalArgumentException if the lengths differ or a rating is not finite
     */
    public static Examples of(int[] userIds, long[] timestamps, int[] movieIds, float[] ratings) {
        checkColumns(userIds, timestamps, movieIds, ratings);
        return new Examples(userIds.clone(), timestamps.clone(), movieIds.clone(), ratings.clone(),
                RatingScale.HALF_STARS);
    }

    /**
     * Examples from equally long columns (copied) whose ratings are on {@code scale}.
     *
     * @param userIds {@code [n]} user ids
     * @param timestamps {@code [n]} epoch seconds
     * @param movieIds {@code [n]} movie ids
     * @param ratings {@code [n]} ratings, all in {@code [scale.min(), scale.max()]} (the step is not
     *     checked: ratings are floats)
     * @param scale the scale of the ratings
     * @throws IllegalArgumentException if the lengths differ or a rating is off the scale's range
     */
    public static Examples of(int[] userIds, long[] timestamps, int[] movieIds, float[] ratings, RatingScale scale) {
        Objects.requireNonNull(scale, "scale");
        checkColumns(userIds, timestamps, movieIds, ratings);
        for (int i = 0; i < ratings.length; i++) {
            if (!scale.inRange(ratings[i])) {
                throw new IllegalArgumentException("rating " + ratings[i] + " at row " + i + " is outside the "
                        + scale);
            }
        }
        return new Examples(userIds.clone(), timestamps.clone(), movieIds.clone(), ratings.clone(), scale);
    }

    private static void checkColumns(int[] userIds, long[] timestamps, int[] movieIds, float[] ratings) {
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

    /** The scale the ratings are on; rating models default to it. */
    public RatingScale scale() {
        return scale;
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
     * The given rows, in the given order (repeats allowed), on the same scale.
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
        return new Examples(u, t, m, r, scale);
    }

    /** Rows {@code [from, to)}, on the same scale. */
    public Examples slice(int from, int to) {
        if (from < 0 || to > userIds.length || from > to) {
            throw new IllegalArgumentException("slice out of range: [" + from + ", " + to + ") of " + userIds.length);
        }
        return new Examples(Arrays.copyOfRange(userIds, from, to), Arrays.copyOfRange(timestamps, from, to),
                Arrays.copyOfRange(movieIds, from, to), Arrays.copyOfRange(ratings, from, to), scale);
    }

    @Override
    public String toString() {
        return "Examples[" + size() + " rows]";
    }
}
