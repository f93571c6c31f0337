package dev.recsys.data;

import dev.recsys.core.data.Examples;
import dev.recsys.core.data.RatingScale;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Ratings as columns of primitive arrays, one row per rating: user index, movie index, rating and
 * epoch timestamp in seconds, with the {@link RatingScale} of the ratings (readers set it from the
 * layout). Immutable; 20 bytes per row, so 25M ratings take 500 MB.
 *
 * <p>Users are indexed densely in order of first appearance in the ratings file
 * ({@link #userId(int)} gives the MovieLens id back); the movie index points into
 * {@link #movies()}, and is -1 for a rating whose movie the catalogue lacks (removed by the merge
 * step of preprocessing). A missing rating is NaN (removed by the drop-missing step).
 *
 * <p>Subsets made by {@link #select(int[])}, {@link #filter(IntPredicate)} and {@link #before(long)}
 * share the user index, the catalogue and the scale, so indices stay comparable between a dataset
 * and its splits.
 */
public final class Interactions {
    private final Movies movies;
    private final IntIdIndex users;
    private final int[] user;
    private final int[] movie;
    private final float[] rating;
    private final long[] timestamp;
    private final RatingScale scale;

    private Interactions(Movies movies, IntIdIndex users, int[] user, int[] movie, float[] rating,
            long[] timestamp, RatingScale scale) {
        this.movies = movies;
        this.scale = scale;
        this.users = users;
        this.user = user;
        this.movie = movie;
        this.rating = rating;
        this.timestamp = timestamp;
    }

    /**
     * A builder appending ratings on the {@link RatingScale#HALF_STARS} scale (MovieLens CSV)
     * whose movie ids are resolved against {@code movies}.
     */
    public static Builder builder(Movies movies) {
        return new Builder(movies, RatingScale.HALF_STARS);
    }

    /** A builder appending ratings on {@code scale} whose movie ids are resolved against {@code movies}. */
    public static Builder builder(Movies movies, RatingScale scale) {
        return new Builder(movies, Objects.requireNonNull(scale, "scale"));
    }

    /** Number of rows. */
    public int size() {
        return user.length;
    }

    /** The scale the ratings are on. */
    public RatingScale scale() {
        return scale;
    }

    /** The catalogue movie indices point into. */
    public Movies movies() {
        return movies;
    }

    /** Dense user index of a row, in {@code [0, userCount())}. */
    public int userIndex(int row) {
        return user[row];
    }

    /** MovieLens user id of a row. */
    public int userId(int row) {
        return users.id(user[row]);
    }

    /** Movie index of a row into {@link #movies()}, or -1 when the catalogue lacks the movie. */
    public int movieIndex(int row) {
        return movie[row];
    }

    /** Rating of a row on the dataset's scale, NaN when missing. */
    public float rating(int row) {
        return rating[row];
    }

    /** Timestamp of a row, seconds since 1970-01-01T00:00:00Z. */
    public long timestamp(int row) {
        return timestamp[row];
    }

    /**
     * Number of users in the shared user index. Subsets keep the index of the dataset they came
     * from, so some of these users may have no row here.
     */
    public int userCount() {
        return users.size();
    }

    /** MovieLens id of the user at a dense index. */
    public int userIdAt(int userIndex) {
        return users.id(userIndex);
    }

    /** Dense index of a MovieLens user id, or -1 when unknown. */
    public int userIndexOf(int userId) {
        return users.indexOf(userId);
    }

    /** The rows at {@code rows}, in that order (repeats allowed). */
    public Interactions select(int[] rows) {
        Objects.requireNonNull(rows, "rows");
        int n = rows.length;
        int[] u = new int[n];
        int[] m = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            int row = Objects.checkIndex(rows[i], size());
            u[i] = user[row];
            m[i] = movie[row];
            r[i] = rating[row];
            t[i] = timestamp[row];
        }
        return new Interactions(movies, users, u, m, r, t, scale);
    }

    /** The rows for which {@code keep} is true, in order. */
    public Interactions filter(IntPredicate keep) {
        Objects.requireNonNull(keep, "keep");
        int[] rows = new int[size()];
        int n = 0;
        for (int row = 0; row < size(); row++) {
            if (keep.test(row)) {
                rows[n++] = row;
            }
        }
        return n == size() ? this : select(Arrays.copyOf(rows, n));
    }

    /**
     * The rows rated strictly before {@code epochSeconds}, in order: what was known at that time,
     * e.g. for popularity or side data cut at a temporal split's training cut-off.
     */
    public Interactions before(long epochSeconds) {
        return filter(row -> timestamp[row] < epochSeconds);
    }

    /**
     * The rows of {@code first}, then those of {@code second}, e.g. the train and validation parts
     * of a split put back together.
     *
     * @throws IllegalArgumentException unless both come from one dataset (share its user index,
     *     catalogue and scale)
     */
    public static Interactions concat(Interactions first, Interactions second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.users != second.users || first.movies != second.movies || !first.scale.equals(second.scale)) {
            throw new IllegalArgumentException("cannot concatenate interactions of different datasets: "
                    + first + " and " + second);
        }
        int n = first.size();
        int m = second.size();
        int[] u = Arrays.copyOf(first.user, n + m);
        int[] mv = Arrays.copyOf(first.movie, n + m);
        float[] r = Arrays.copyOf(first.rating, n + m);
        long[] t = Arrays.copyOf(first.timestamp, n + m);
        System.arraycopy(second.user, 0, u, n, m);
        System.arraycopy(second.movie, 0, mv, n, m);
        System.arraycopy(second.rating, 0, r, n, m);
        System.arraycopy(second.timestamp, 0, t, n, m);
        return new Interactions(first.movies, first.users, u, mv, r, t, first.scale);
    }

    /**
     * The rows as model input: user id, timestamp, movie id and rating per row, on this data's
     * {@link #scale()}.
     *
     * @throws IllegalStateException if a row has no catalogue movie or no rating (run the merge and
     *     drop-missing preprocessing steps first)
     */
    public Examples toExamples() {
        int n = size();
        int[] userIds = new int[n];
        int[] movieIds = new int[n];
        for (int row = 0; row < n; row++) {
            if (movie[row] < 0 || Float.isNaN(rating[row])) {
                throw new IllegalStateException("row " + row + " has no catalogue movie or no rating; "
                        + "run Steps.mergeWithMovies() and Steps.dropMissing() first");
            }
            userIds[row] = users.id(user[row]);
            movieIds[row] = movies.id(movie[row]);
        }
        return Examples.of(userIds, timestamp, movieIds, rating, scale);
    }

    /** Copy of the timestamp column. */
    public long[] timestamps() {
        return timestamp.clone();
    }

    /** Copy of the rating column. */
    public float[] ratings() {
        return rating.clone();
    }

    /** Number of rows per movie index, an array of {@code movies().size()}; rows without a movie are not counted. */
    public int[] countsPerMovie() {
        int[] counts = new int[movies.size()];
        for (int m : movie) {
            if (m >= 0) {
                counts[m]++;
            }
        }
        return counts;
    }

    /** Number of rows per user index, an array of {@link #userCount()}. */
    public int[] countsPerUser() {
        int[] counts = new int[users.size()];
        for (int u : user) {
            counts[u]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return "Interactions[" + size() + " rows, " + userCount() + " users, " + movies.size() + " movies]";
    }

    /** Appends rows; arrays grow by half, so a 25M-row file needs no size hint. */
    public static final class Builder {
        private final Movies movies;
        private final RatingScale scale;
        private final IntIdIndex users = new IntIdIndex();
        private int[] user = new int[1024];
        private int[] movie = new int[1024];
        private float[] rating = new float[1024];
        private long[] timestamp = new long[1024];
        private int size;
        private int unmatchedMovies;
        private int lastUserId;
        private int lastUserIndex = -1;

        private Builder(Movies movies, RatingScale scale) {
            this.movies = Objects.requireNonNull(movies, "movies");
            this.scale = scale;
        }

        /** The scale of the ratings this builder accepts. */
        public RatingScale scale() {
            return scale;
        }

        /**
         * Appends a rating. A movie id missing from the catalogue is kept with movie index -1 and
         * counted in {@link #unmatchedMovies()}; a missing rating is NaN.
         *
         * @throws IllegalArgumentException when {@code value} is neither NaN nor in the scale's range
         */
        public Builder add(int userId, int movieId, float value, long epochSecond) {
            if (!Float.isNaN(value) && !scale.inRange(value)) {
                throw new IllegalArgumentException("rating " + value + " of user " + userId + ", movie " + movieId
                        + " is outside the " + scale);
            }
            if (size == user.length) {
                grow();
            }
            if (lastUserIndex < 0 || userId != lastUserId) { // files are grouped by user: skip the lookup per row
                lastUserIndex = users.add(userId);
                lastUserId = userId;
            }
            int m = movies.indexOf(movieId);
            if (m < 0) {
                unmatchedMovies++;
            }
            user[size] = lastUserIndex;
            movie[size] = m;
            rating[size] = value;
            timestamp[size] = epochSecond;
            size++;
            return this;
        }

        /** Rows added so far whose movie id the catalogue lacks. */
        public int unmatchedMovies() {
            return unmatchedMovies;
        }

        /** Rows added so far. */
        public int size() {
            return size;
        }

        /** The immutable table; the builder must not be used afterwards. */
        public Interactions build() {
            return new Interactions(movies, users, Arrays.copyOf(user, size), Arrays.copyOf(movie, size),
                    Arrays.copyOf(rating, size), Arrays.copyOf(timestamp, size), scale);
        }

        private void grow() {
            int capacity = size + (size >> 1);
            user = Arrays.copyOf(user, capacity);
            movie = Arrays.copyOf(movie, capacity);
            rating = Arrays.copyOf(rating, capacity);
            timestamp = Arrays.copyOf(timestamp, capacity);
        }
    }
}
