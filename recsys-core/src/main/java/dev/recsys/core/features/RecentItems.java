package dev.recsys.core.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.recsys.core.data.Examples;
import java.util.Arrays;
import java.util.Objects;

/**
 * A user's history as a feature: the items each user rated in the training data, so that a query
 * (user, time) can be encoded by the user's latest {@code maxLength} items rated strictly before
 * that time. Never the query's own item (rated at the query time), never anything later: a
 * training example sees only its past, and a test query only training data.
 *
 * <p>A history is a row of {@code maxLength} slots, oldest first and left-padded, so the newest item
 * is always in the last slot: ids {@code [batch, maxLength]} (raw item ids; padding holds 0) and a
 * mask (1 for an item, 0 for padding). {@link #weights} gives each slot's pooling weight: 1, or
 * with {@link Builder#ratingWeighted} the rating divided by the data's top rating, times
 * {@code 0.5^(slots from the newest / halfLife)} with {@link Builder#recencyHalfLife}.
 *
 * <p>Lifecycle: {@link #builder()} → unfitted; {@code fit(train)} → a new fitted one, immutable and
 * thread-safe, which Jackson round-trips (with its histories, so a saved model answers queries by
 * user id). Histories handed in by a caller ({@link #encode(int[][])}) need no fit.
 *
 * <pre>{@code
 * RecentItems recent = RecentItems.builder().maxLength(50).build().fit(train);
 * MaskedIndices history = recent.encode(users, times);   // [batch, 50], newest last
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class RecentItems {

    private final int maxLength;
    private final boolean ratingWeighted;
    private final double recencyHalfLife;
    /** Fitted state, null before fit: users sorted, offsets into the per-user time-sorted columns. */
    private final int[] users;
    private final int[] offsets;
    private final int[] items;
    private final long[] times;
    private final float[] ratings;
    private final float topRating;

    @JsonCreator
    private RecentItems(@JsonProperty("maxLength") int maxLength,
                        @JsonProperty("ratingWeighted") boolean ratingWeighted,
                        @JsonProperty("recencyHalfLife") double recencyHalfLife,
                        @JsonProperty("users") int[] users, @JsonProperty("offsets") int[] offsets,
                        @JsonProperty("items") int[] items, @JsonProperty("times") long[] times,
                        @JsonProperty("ratings") float[] ratings, @JsonProperty("topRating") float topRating) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength must be positive, found " + maxLength);
        }
        if (!(recencyHalfLife > 0)) {
            throw new IllegalArgumentException("recencyHalfLife must be positive (infinity for none), found "
                    + recencyHalfLife);
        }
        boolean fitted = users != null;
        if (fitted && (offsets == null || items == null || times == null || ratings == null
                || offsets.length != users.length + 1 || times.length != items.length || ratings.length != items.length
                || offsets[users.length] != items.length)) {
            throw new IllegalArgumentException("inconsistent fitted histories: " + users.length + " users, "
                    + (offsets == null ? "no" : offsets.length) + " offsets, " + (items == null ? "no" : items.length)
                    + " items");
        }
        this.maxLength = maxLength;
        this.ratingWeighted = ratingWeighted;
        this.recencyHalfLife = recencyHalfLife;
        this.users = users;
        this.offsets = offsets;
        this.items = items;
        this.times = times;
        this.ratings = ratings;
        this.topRating = topRating;
    }

    /** Starts an unfitted history feature with the defaults of {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Indexes each user's training items by time.
     *
     * @param train the interactions histories are drawn from, at least one
     * @return a new fitted feature
     * @throws IllegalArgumentException if {@code train} is empty
     */
    public RecentItems fit(Examples train) {
        Objects.requireNonNull(train, "train");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("cannot fit histories on an empty example set");
        }
        Integer[] order = new Integer[train.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> train.userId(a) != train.userId(b) ? Integer.compare(train.userId(a), train.userId(b))
                : train.timestamp(a) != train.timestamp(b) ? Long.compare(train.timestamp(a), train.timestamp(b))
                : Integer.compare(a, b));
        int n = order.length;
        int[] itemColumn = new int[n];
        long[] timeColumn = new long[n];
        float[] ratingColumn = new float[n];
        int[] userList = new int[n];
        int[] offsetList = new int[n + 1];
        int userCount = 0;
        for (int i = 0; i < n; i++) {
            int row = order[i];
            if (i == 0 || train.userId(row) != train.userId(order[i - 1])) {
                userList[userCount] = train.userId(row);
                offsetList[userCount++] = i;
            }
            itemColumn[i] = train.movieId(row);
            timeColumn[i] = train.timestamp(row);
            ratingColumn[i] = train.rating(row);
        }
        offsetList[userCount] = n;
        return new RecentItems(maxLength, ratingWeighted, recencyHalfLife, Arrays.copyOf(userList, userCount),
                Arrays.copyOf(offsetList, userCount + 1), itemColumn, timeColumn, ratingColumn,
                (float) train.scale().max());
    }

    /** Whether {@link #fit} has run. */
    public boolean isFitted() {
        return users != null;
    }

    /** Slots per history. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Each query's history: the user's latest {@code maxLength} training items rated strictly
     * before the query time, oldest first, left-padded. Unknown users have empty histories.
     *
     * @param queryUsers {@code [batch]} user ids
     * @param queryTimes {@code [batch]} epoch seconds
     * @return ids and mask {@code [batch, maxLength]}
     * @throws IllegalStateException if not fitted
     */
    public MaskedIndices encode(int[] queryUsers, long[] queryTimes) {
        return histories(queryUsers, queryTimes).items();
    }

    /**
     * Histories given by the caller (e.g. a serving request), each oldest first; the last
     * {@code maxLength} items of each are kept, left-padded.
     *
     * @param histories {@code [batch][any]} item ids
     * @return ids and mask {@code [batch, maxLength]}
     */
    public MaskedIndices encode(int[][] histories) {
        Objects.requireNonNull(histories, "histories");
        int[] ids = new int[histories.length * maxLength];
        float[] mask = new float[ids.length];
        for (int q = 0; q < histories.length; q++) {
            int[] history = Objects.requireNonNull(histories[q], "histories: the history at position " + q + " is null");
            int count = Math.min(maxLength, history.length);
            for (int s = 0; s < count; s++) {
                int slot = q * maxLength + maxLength - count + s;
                ids[slot] = history[history.length - count + s];
                mask[slot] = 1;
            }
        }
        return new MaskedIndices(histories.length, maxLength, ids, mask);
    }

    /**
     * Pooling weights of each query's slots (see the class documentation), 0 on padding.
     *
     * @return {@code [batch, maxLength]} row-major
     * @throws IllegalStateException if not fitted
     */
    public float[] weights(int[] queryUsers, long[] queryTimes) {
        return histories(queryUsers, queryTimes).weights();
    }

    /** Pooling weights of caller-given histories: recency only (their ratings are unknown). */
    public float[] weights(int[][] histories) {
        return histories(histories).weights();
    }

    /**
     * A batch of histories and their pooling weights, from one lookup.
     *
     * @param items ids and mask {@code [batch, maxLength]}, as {@link #encode(int[], long[])} gives
     * @param weights {@code [batch, maxLength]} row-major, as {@link #weights(int[], long[])} gives
     */
    public record Histories(MaskedIndices items, float[] weights) {
        /** Checks that neither part is null. */
        public Histories {
            Objects.requireNonNull(items, "items");
            Objects.requireNonNull(weights, "weights");
        }
    }

    /** {@link #encode(int[], long[])} and {@link #weights(int[], long[])} in one lookup. */
    public Histories histories(int[] queryUsers, long[] queryTimes) {
        Objects.requireNonNull(queryUsers, "queryUsers");
        Objects.requireNonNull(queryTimes, "queryTimes");
        if (!isFitted()) {
            throw new IllegalStateException("RecentItems is not fitted: call fit(train) first");
        }
        if (queryUsers.length != queryTimes.length) {
            throw new IllegalArgumentException("expected one time per user, found " + queryUsers.length + " users and "
                    + queryTimes.length + " times");
        }
        int[] ids = new int[queryUsers.length * maxLength];
        float[] mask = new float[ids.length];
        float[] weights = new float[ids.length];
        for (int q = 0; q < queryUsers.length; q++) {
            int u = Arrays.binarySearch(users, queryUsers[q]);
            if (u < 0) {
                continue;
            }
            int from = offsets[u];
            int end = before(from, offsets[u + 1], queryTimes[q]);
            int count = Math.min(maxLength, end - from);
            for (int s = 0; s < count; s++) {
                int source = end - count + s;
                int slot = q * maxLength + maxLength - count + s;
                ids[slot] = items[source];
                mask[slot] = 1;
                double rating = ratingWeighted && topRating > 0 ? ratings[source] / topRating : 1;
                weights[slot] = (float) (rating * recency(count - 1 - s));
            }
        }
        return new Histories(new MaskedIndices(queryUsers.length, maxLength, ids, mask), weights);
    }

    /** {@link #encode(int[][])} and {@link #weights(int[][])} in one pass. */
    public Histories histories(int[][] histories) {
        MaskedIndices items = encode(histories);
        float[] weights = items.mask();
        for (int q = 0; q < histories.length; q++) {
            for (int s = 0; s < maxLength; s++) {
                weights[q * maxLength + s] *= (float) recency(maxLength - 1 - s);
            }
        }
        return new Histories(items, weights);
    }

    private double recency(int slotsFromNewest) {
        return Double.isInfinite(recencyHalfLife) ? 1 : Math.pow(0.5, slotsFromNewest / recencyHalfLife);
    }

    /** The end of the run of {@code times[from, to)} strictly before {@code time}. */
    private int before(int from, int to, long time) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentItems other && maxLength == other.maxLength && ratingWeighted == other.ratingWeighted
                && recencyHalfLife == other.recencyHalfLife && Arrays.equals(users, other.users)
                && Arrays.equals(offsets, other.offsets) && Arrays.equals(items, other.items)
                && Arrays.equals(times, other.times) && Arrays.equals(ratings, other.ratings)
                && topRating == other.topRating;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxLength, ratingWeighted, recencyHalfLife, Arrays.hashCode(users), Arrays.hashCode(items));
    }

    @Override
    public String toString() {
        return "RecentItems{maxLength=" + maxLength + ", ratingWeighted=" + ratingWeighted + ", recencyHalfLife="
                + recencyHalfLife + (isFitted() ? ", users=" + users.length + ", items=" + items.length : ", unfitted")
                + "}";
    }

    /** Settings of a {@link RecentItems} feature. */
    public static final class Builder {
        private int maxLength = 50;
        private boolean ratingWeighted;
        private double recencyHalfLife = Double.POSITIVE_INFINITY;

        private Builder() {}

        /** Slots per history, positive; default 50 (SASRec's length for MovieLens-1M is 200). */
        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Weight each item by its rating over the data's top rating; default false (all 1). */
        public Builder ratingWeighted(boolean ratingWeighted) {
            this.ratingWeighted = ratingWeighted;
            return this;
        }

        /**
         * Halve an item's weight every {@code slots} positions back from the newest; default
         * infinity (no decay).
         */
        public Builder recencyHalfLife(double slots) {
            this.recencyHalfLife = slots;
            return this;
        }

        /**
         * Creates the unfitted feature.
         *
         * @throws IllegalArgumentException if {@code maxLength} or the half-life is not positive
         */
        public RecentItems build() {
            return new RecentItems(maxLength, ratingWeighted, recencyHalfLife, null, null, null, null, null, 0);
        }
    }
}
