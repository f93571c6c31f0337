package dev.recsys.models.baseline;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.models.CandidateScorer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Popularity at the time of the query: a candidate's score is the number of training ratings in
 * the window {@code [t − window, t)} before the query time {@code t}, ties broken by all-time
 * training popularity. What is in fashion now, the same list for every user at a given time; on
 * time-ordered protocols it is a much stronger baseline than all-time popularity. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * RecentPopularity recent = RecentPopularity.builder(catalog).window(Duration.ofDays(365)).fit(train);
 * }</pre>
 */
public final class RecentPopularity implements CandidateScorer {

    private final Catalog candidates;
    private final Duration window;
    /** Training ratings of candidates in time order: times and catalogue rows. */
    private final long[] times;
    private final int[] rows;
    /** All-time counts scaled into [0, 1): they break ties without ever outweighing one recent rating. */
    private final float[] tieBreak;

    private RecentPopularity(Catalog candidates, Duration window, long[] times, int[] rows, float[] tieBreak) {
        this.candidates = candidates;
        this.window = window;
        this.times = times;
        this.rows = rows;
        this.tieBreak = tieBreak;
    }

    /**
     * Starts an unfitted model.
     *
     * @param candidates the movies to rank
     */
    public static Builder builder(Catalog candidates) {
        return new Builder(Objects.requireNonNull(candidates, "candidates"));
    }

    /** The counting window. */
    public Duration window() {
        return window;
    }

    @Override
    public Catalog candidates() {
        return candidates;
    }

    /**
     * Recent counts plus the tie-break, {@code [batch][candidates]}.
     *
     * @param userIds {@code [batch]} ignored but for its length: the list is the same for everyone
     * @param timestamps {@code [batch]} query times, epoch seconds
     */
    @Override
    public float[][] scores(int[] userIds, long[] timestamps) {
        CatalogStats.checkQueries(userIds, timestamps);
        long seconds = window.getSeconds();
        float[][] out = new float[timestamps.length][];
        for (int q = 0; q < timestamps.length; q++) {
            long end = timestamps[q];
            long start = end - seconds < end ? end - seconds : Long.MIN_VALUE; // no overflow below Long.MIN_VALUE
            float[] scores = tieBreak.clone();
            for (int i = firstAtOrAfter(start); i < times.length && times[i] < end; i++) {
                scores[rows[i]]++;
            }
            out[q] = scores;
        }
        return out;
    }

    private int firstAtOrAfter(long time) {
        int lo = 0;
        int hi = times.length;
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

    /** Settings of a {@link RecentPopularity} model. */
    public static final class Builder {
        private final Catalog candidates;
        private Duration window = Duration.ofDays(365);

        private Builder(Catalog candidates) {
            this.candidates = candidates;
        }

        /** How far back from the query time ratings count, positive; default 365 days. */
        public Builder window(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * Indexes the training ratings by time.
         *
         * @param train at least one rating
         * @throws IllegalArgumentException if the window is not positive or {@code train} is empty
         */
        public RecentPopularity fit(Examples train) {
            Objects.requireNonNull(train, "train");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive, found " + window);
            }
            int[] counts = new CatalogStats(train, candidates).counts;
            int kept = 0;
            Integer[] order = new Integer[train.size()];
            for (int i = 0; i < train.size(); i++) {
                if (candidates.rowOf(train.movieId(i)) >= 0) {
                    order[kept++] = i;
                }
            }
            Integer[] inCatalog = Arrays.copyOf(order, kept);
            Arrays.sort(inCatalog, (a, b) -> Long.compare(train.timestamp(a), train.timestamp(b)));
            long[] times = new long[kept];
            int[] rows = new int[kept];
            for (int i = 0; i < kept; i++) {
                times[i] = train.timestamp(inCatalog[i]);
                rows[i] = candidates.rowOf(train.movieId(inCatalog[i]));
            }
            int max = Arrays.stream(counts).max().orElse(0);
            float[] tieBreak = new float[counts.length];
            for (int row = 0; row < counts.length; row++) {
                tieBreak[row] = (float) (counts[row] / (max + 1.0)); // below 1: never outweighs a recent rating
            }
            return new RecentPopularity(candidates, window, times, rows, tieBreak);
        }
    }
}
