package dev.recsys.data.internal;

import java.util.SplittableRandom;

/** Seeded permutations shared by splits and batching; not part of the public API. */
public final class Permutations {

    private Permutations() {
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates), drawn from {@code random}. */
    public static int[] shuffled(int n, SplittableRandom random) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        return rows;
    }
}
