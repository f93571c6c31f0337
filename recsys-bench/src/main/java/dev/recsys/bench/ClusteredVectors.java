package dev.recsys.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded synthetic embeddings with the structure of item embeddings: {@code clusters} Gaussian
 * centres {@code c ~ N(0, I)} and points {@code c + spread * N(0, I)}, each around a centre drawn
 * uniformly. Queries come from the same mixture, so every query has a neighbourhood, as a user
 * embedding has among the items it was trained on. Norms vary from point to point, as in a
 * two-tower model scored by dot product.
 */
final class ClusteredVectors {

    /** Row-major {@code [n * dim]} points. */
    final float[] points;
    /** {@code [queries][dim]}. */
    final float[][] queries;

    private ClusteredVectors(float[] points, float[][] queries) {
        this.points = points;
        this.queries = queries;
    }

    /**
     * Draws the points and queries; the same arguments give the same vectors.
     *
     * @param spread standard deviation of a point around its centre, per component
     */
    static ClusteredVectors generate(long seed, int n, int dim, int clusters, float spread, int queryCount) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) gaussian(random);
        }
        float[] points = new float[n * dim];
        fill(random, centres, clusters, dim, spread, points, n);
        float[] flat = new float[queryCount * dim];
        fill(random, centres, clusters, dim, spread, flat, queryCount);
        float[][] queries = new float[queryCount][];
        for (int q = 0; q < queryCount; q++) {
            queries[q] = Arrays.copyOfRange(flat, q * dim, (q + 1) * dim);
        }
        return new ClusteredVectors(points, queries);
    }

    private static void fill(SplittableRandom random, float[] centres, int clusters, int dim, float spread,
            float[] out, int n) {
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(clusters) * dim;
            for (int d = 0; d < dim; d++) {
                out[i * dim + d] = centres[c + d] + spread * (float) gaussian(random);
            }
        }
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on JDK 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
