package dev.recsys.data.split;

import dev.recsys.data.Interactions;
import dev.recsys.data.internal.Permutations;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Train/test splits: seeded random (by count, as the seed protocol's 60,000 / rest, or by ratio)
 * and per-user temporal (each user's latest ratings are test).
 */
public final class Splits {

    private Splits() {
    }

    /**
     * Shuffles the rows with {@code seed} and takes the first {@code trainCount} as train, the
     * rest as test; both keep the shuffled order. The seed protocol uses 60,000.
     *
     * @throws IllegalArgumentException when {@code trainCount} is outside {@code [0, size]}
     */
    public static Split randomByCount(Interactions interactions, int trainCount, long seed) {
        Objects.requireNonNull(interactions, "interactions");
        int n = interactions.size();
        if (trainCount < 0 || trainCount > n) {
            throw new IllegalArgumentException("trainCount must be in [0, " + n + "], found " + trainCount);
        }
        int[] rows = Permutations.shuffled(n, new SplittableRandom(seed));
        return new Split(interactions.select(Arrays.copyOf(rows, trainCount)),
                interactions.select(Arrays.copyOfRange(rows, trainCount, n)));
    }

    /**
     * Shuffles the rows with {@code seed} and takes {@code round(trainFraction * size)} as train.
     *
     * @throws IllegalArgumentException when {@code trainFraction} is outside {@code [0, 1]}
     */
    public static Split randomByRatio(Interactions interactions, double trainFraction, long seed) {
        Objects.requireNonNull(interactions, "interactions");
        if (!(trainFraction >= 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException("trainFraction must be in [0, 1], found " + trainFraction);
        }
        return randomByCount(interactions, (int) Math.round(trainFraction * interactions.size()), seed);
    }

    /**
     * For each user, the latest {@code floor(testFraction * count)} ratings by time are test, the
     * others train, so no test rating of a user is earlier than any of that user's training
     * ratings. Equal timestamps are ordered by row, so the split is deterministic. Both parts keep
     * the input's row order.
     *
     * @throws IllegalArgumentException when {@code testFraction} is outside {@code [0, 1]}
     */
    public static Split temporalPerUser(Interactions interactions, double testFraction) {
        Objects.requireNonNull(interactions, "interactions");
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1], found " + testFraction);
        }
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
        boolean[] isTest = new boolean[n];
        for (int u = 0; u < counts.length; u++) {
            int count = counts[u];
            int testCount = (int) Math.floor(testFraction * count);
            if (testCount == 0) {
                continue;
            }
            sortByTime(interactions, byUser, start[u], count);
            for (int i = count - testCount; i < count; i++) {
                isTest[byUser[start[u] + i]] = true;
            }
        }
        return new Split(interactions.filter(row -> !isTest[row]), interactions.filter(row -> isTest[row]));
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
