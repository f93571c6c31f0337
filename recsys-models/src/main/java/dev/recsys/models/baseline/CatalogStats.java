package dev.recsys.models.baseline;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import java.util.Objects;

/** Per-candidate rating counts and sums of a training set; rows outside the catalogue are skipped. */
final class CatalogStats {

    final int[] counts;
    final double[] sums;
    final double globalMean;

    CatalogStats(Examples train, Catalog candidates) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("expected at least one training rating, found none");
        }
        counts = new int[candidates.size()];
        sums = new double[candidates.size()];
        double total = 0;
        for (int i = 0; i < train.size(); i++) {
            total += train.rating(i);
            int row = candidates.rowOf(train.movieId(i));
            if (row >= 0) {
                counts[row]++;
                sums[row] += train.rating(i);
            }
        }
        globalMean = total / train.size();
    }

    /** The same score row for every query. */
    static float[][] repeat(float[] row, int queries) {
        float[][] out = new float[queries][];
        for (int q = 0; q < queries; q++) {
            out[q] = row.clone();
        }
        return out;
    }

    /** The null rule and equal lengths for {@code scores(userIds, timestamps)}. */
    static void checkQueries(int[] userIds, long[] timestamps) {
        Objects.requireNonNull(userIds, "userIds");
        Objects.requireNonNull(timestamps, "timestamps");
        if (userIds.length != timestamps.length) {
            throw new IllegalArgumentException("expected one timestamp per user, found " + userIds.length
                    + " users and " + timestamps.length + " timestamps");
        }
    }
}
