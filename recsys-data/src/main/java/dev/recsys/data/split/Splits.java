package dev.recsys.data.split;

import dev.recsys.data.Interactions;
import dev.recsys.data.internal.Permutations;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Train / validation / test splits of one set of interactions:
 *
 * <ul>
 *   <li>seeded random, by counts or ratios: the seed protocol is
 *       {@code randomByCount(kept, 54_000, 6_000, 42)}, 60,000 train + validation and the rest
 *       (6,658) test, whose test part is exactly that of the earlier two-way
 *       {@code randomByCount(kept, 60_000, 42)};
 *   <li>per-user temporal: each user's latest ratings are test, the slice just before them
 *       validation ({@link #temporalPerUser(Interactions, double, double)});
 *   <li>global temporal: one cut-off time for everyone, so no future popularity leaks into
 *       training ({@link #temporalGlobal}, with cut-offs from {@link #timeAtQuantile} if wanted).
 * </ul>
 *
 * <p>Every split is complete (each input row lands in exactly one part) and reproducible: the
 * random ones from their seed, the temporal ones from the data alone (equal timestamps are
 * ordered by row).
 */
public final class Splits {
    /** Which part a row goes to. */
    private static final byte TRAIN = 0;
    private static final byte VALIDATION = 1;
    private static final byte TEST = 2;

    private Splits() {
    }

    /**
     * Shuffles the rows with {@code seed} and takes the first {@code trainCount} as train, the
     * rest as test; both keep the shuffled order, and validation is empty.
     *
     * @throws IllegalArgumentException when {@code trainCount} is outside {@code [0, size]}
     */
    public static Split randomByCount(Interactions interactions, int trainCount, long seed) {
        return randomByCount(interactions, trainCount, 0, seed);
    }

    /**
     * Shuffles the rows with {@code seed}; the first {@code trainCount} are train, the next
     * {@code validationCount} validation, the rest test, each in shuffled order. The shuffle does
     * not depend on the counts, so the test part equals that of
     * {@code randomByCount(interactions, trainCount + validationCount, seed)}, and
     * {@link Split#trainAndValidation()} equals its train part: validation is a seeded random
     * subset carved out of that train part. The seed protocol:
     *
     * <pre>{@code
     * Split split = Splits.randomByCount(kept, 54_000, 6_000, 42); // 54,000 / 6,000 / 6,658
     * }</pre>
     *
     * @throws IllegalArgumentException when a count is negative or their sum exceeds the size
     */
    public static Split randomByCount(Interactions interactions, int trainCount, int validationCount, long seed) {
        Objects.requireNonNull(interactions, "interactions");
        int n = interactions.size();
        if (trainCount < 0 || validationCount < 0 || (long) trainCount + validationCount > n) {
            throw new IllegalArgumentException("train and validation counts must be >= 0 with a sum in [0, " + n
                    + "], found " + trainCount + " and " + validationCount);
        }
        int[] rows = Permutations.shuffled(n, new SplittableRandom(seed));
        int kept = trainCount + validationCount;
        return new Split(interactions.select(Arrays.copyOf(rows, trainCount)),
                interactions.select(Arrays.copyOfRange(rows, trainCount, kept)),
                interactions.select(Arrays.copyOfRange(rows, kept, n)));
    }

    /**
     * Shuffles the rows with {@code seed} and takes {@code round(trainFraction * size)} as train,
     * the rest as test; validation is empty.
     *
     * @throws IllegalArgumentException when {@code trainFraction} is outside {@code [0, 1]}
     */
    public static Split randomByRatio(Interactions interactions, double trainFraction, long seed) {
        return randomByRatio(interactions, trainFraction, 0, seed);
    }

    /**
     * Shuffles the rows with {@code seed}: {@code round(trainFraction * size)} rows are train,
     * {@code round((trainFraction + validationFraction) * size)} train and validation together,
     * the rest test. As with {@link #randomByCount(Interactions, int, int, long)}, the test part
     * equals that of {@code randomByRatio(interactions, trainFraction + validationFraction, seed)}.
     *
     * @throws IllegalArgumentException when a fraction is negative or their sum exceeds 1
     */
    public static Split randomByRatio(Interactions interactions, double trainFraction, double validationFraction,
            long seed) {
        Objects.requireNonNull(interactions, "interactions");
        checkFractions("train", trainFraction, "validation", validationFraction);
        int n = interactions.size();
        int trainCount = (int) Math.round(trainFraction * n);
        int kept = (int) Math.min(n, Math.round((trainFraction + validationFraction) * n));
        return randomByCount(interactions, trainCount, kept - trainCount, seed);
    }

    /**
     * For each user, the latest {@code floor(testFraction * count)} ratings by time are test, the
     * others train, so no test rating of a user is earlier than any of that user's training
     * ratings; validation is empty. See {@link #temporalPerUser(Interactions, double, double)}.
     *
     * @throws IllegalArgumentException when {@code testFraction} is outside {@code [0, 1]}
     */
    public static Split temporalPerUser(Interactions interactions, double testFraction) {
        return temporalPerUser(interactions, 0, testFraction);
    }

    /**
     * For each user with {@code count} ratings, ordered by time: the latest
     * {@code floor(testFraction * count)} are test, the {@code floor(validationFraction * count)}
     * just before them validation, the rest train. The fractions follow time order (validation
     * slice, then test slice) and are both of the user's whole count, so the test part equals
     * that of {@code temporalPerUser(interactions, testFraction)}. Per user, no validation rating
     * is later than a test rating and no train rating later than a validation one; a user with
     * few ratings may have no validation or test rows. Equal timestamps are ordered by row, so
     * the split is deterministic. Each part keeps the input's row order.
     *
     * <p>Users are cut at different times, so later ratings of other users (and the popularity
     * they imply) are in train; {@link #temporalGlobal} has no such leak.
     *
     * @throws IllegalArgumentException when a fraction is negative or their sum exceeds 1
     */
    public static Split temporalPerUser(Interactions interactions, double validationFraction, double testFraction) {
        Objects.requireNonNull(interactions, "interactions");
        checkFractions("validation", validationFraction, "test", testFraction);
        int n = interactions.size();
        // Bucket the rows by user (a counting sort, which keeps row order), then order each
        // bucket by time.
        int[] counts = interactions.countsPerUser();
        int[] start = new int[counts.length + 1];
        for (int u = 0; u < counts.length; u++) {
            start[u + 1] = start[u] + counts[u];
        }
        int[] fill = Arrays.copyOf(start, counts.length);
        int[] byUser = new int[n];
        for (int row = 0; row < n; row++) {
            byUser[fill[interactions.userIndex(row)]++] = row;
        }
        byte[] part = new byte[n]; // TRAIN unless marked
        for (int u = 0; u < counts.length; u++) {
            int count = counts[u];
            int testCount = (int) Math.floor(testFraction * count);
            int validationCount = (int) Math.floor(validationFraction * count);
            if (testCount + validationCount == 0) {
                continue;
            }
            sortByTime(interactions, byUser, start[u], count);
            for (int i = count - testCount - validationCount; i < count; i++) {
                part[byUser[start[u] + i]] = i < count - testCount ? VALIDATION : TEST;
            }
        }
        return byPart(interactions, part);
    }

    /**
     * One cut-off for everyone: ratings before {@code validationStart} are train, those in
     * {@code [validationStart, testStart)} validation, those at or after {@code testStart} test
     * (times in epoch seconds). No validation or test rating is earlier than a train rating, so
     * nothing from the future (ratings, popularity) reaches training; side data such as tags
     * should be cut the same way ({@code Tags.before(validationStart)} while choosing settings,
     * {@code before(testStart)} when retraining on train and validation). Each part keeps the
     * input's row order. With {@code validationStart == testStart} validation is empty.
     *
     * <p>A user whose first rating is at or after {@code validationStart} has no train rows: such
     * cold-start users stay in validation and test (a model meets them as unknown ids, which is
     * what happens in production); drop them with {@code part.filter(...)} for a warm-users-only
     * protocol. Cut-offs at quantiles of the rating times:
     *
     * <pre>{@code
     * long validationStart = Splits.timeAtQuantile(data, 0.8);
     * long testStart = Splits.timeAtQuantile(data, 0.9);
     * Split split = Splits.temporalGlobal(data, validationStart, testStart); // about 80 / 10 / 10 %
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code validationStart > testStart}
     */
    public static Split temporalGlobal(Interactions interactions, long validationStart, long testStart) {
        Objects.requireNonNull(interactions, "interactions");
        if (validationStart > testStart) {
            throw new IllegalArgumentException("validation must not start after test: validationStart "
                    + validationStart + " > testStart " + testStart);
        }
        byte[] part = new byte[interactions.size()];
        for (int row = 0; row < part.length; row++) {
            long t = interactions.timestamp(row);
            part[row] = t < validationStart ? TRAIN : t < testStart ? VALIDATION : TEST;
        }
        return byPart(interactions, part);
    }

    /**
     * A cut-off time with about a fraction {@code q} of the ratings before it: the time of the
     * rating at position {@code floor(q * size)} in time order (one past the latest rating for
     * {@code q = 1}). Exactly {@code floor(q * size)} ratings are strictly earlier unless others
     * share the cut-off time; those all fall at or after it, so fewer are earlier.
     *
     * @throws IllegalArgumentException when {@code q} is outside {@code [0, 1]} or there are no ratings
     */
    public static long timeAtQuantile(Interactions interactions, double q) {
        Objects.requireNonNull(interactions, "interactions");
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], found " + q);
        }
        if (interactions.size() == 0) {
            throw new IllegalArgumentException("no ratings to take a time quantile of");
        }
        long[] times = interactions.timestamps();
        Arrays.sort(times);
        int k = (int) Math.floor(q * times.length);
        if (k < times.length) {
            return times[k];
        }
        long latest = times[times.length - 1];
        return latest == Long.MAX_VALUE ? latest : latest + 1;
    }

    private static Split byPart(Interactions interactions, byte[] part) {
        return new Split(interactions.filter(row -> part[row] == TRAIN),
                interactions.filter(row -> part[row] == VALIDATION), interactions.filter(row -> part[row] == TEST));
    }

    private static void checkFractions(String firstName, double first, String secondName, double second) {
        // a small tolerance, so that 0.7 + 0.3 style sums that round above 1 pass
        if (!(first >= 0 && second >= 0 && first + second <= 1 + 1e-9)) {
            throw new IllegalArgumentException(firstName + " and " + secondName + " fractions must be >= 0 with a"
                    + " sum <= 1, found " + first + " and " + second);
        }
    }

    /** Sorts {@code rows[from, from+count)}, which are in row order, by timestamp; the sort is stable. */
    private static void sortByTime(Interactions interactions, int[] rows, int from, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = rows[from + i];
        }
        Arrays.sort(order, (a, b) -> Long.compare(interactions.timestamp(a), interactions.timestamp(b)));
        for (int i = 0; i < count; i++) {
            rows[from + i] = order[i];
        }
    }
}
