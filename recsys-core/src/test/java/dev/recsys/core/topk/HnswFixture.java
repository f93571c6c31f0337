package dev.recsys.core.topk;

import java.util.Random;

/**
 * Seeded clustered data and an index over it, built once per test JVM: 10,000 candidates of 16
 * dims around 100 Gaussian centres (centre ~ N(0, I), point = centre + 0.5 N(0, I)), the shape of
 * item embeddings, where a graph index has real work to do (a uniform cloud has no
 * neighbourhoods worth following). One build thread, so the graph is the same on every run.
 */
final class HnswFixture {

    static final int N = 10_000;
    static final int DIM = 16;
    static final int[] IDS = new int[N];
    static final float[] VECTORS;
    static final float[][] QUERIES;
    static final HnswIndex INDEX;
    static final BruteForceIndex EXACT;

    static {
        Random random = new Random(12);
        float[][] centres = gaussian(random, 100, DIM, 1f);
        VECTORS = clustered(random, centres, N);
        for (int i = 0; i < N; i++) {
            IDS[i] = 3 * i + 1_000; // ids differ from positions
        }
        float[] flatQueries = clustered(random, centres, 200);
        QUERIES = new float[200][];
        for (int q = 0; q < 200; q++) {
            QUERIES[q] = java.util.Arrays.copyOfRange(flatQueries, q * DIM, (q + 1) * DIM);
        }
        INDEX = HnswIndex.builder(IDS, VECTORS, DIM).threads(1).build();
        EXACT = BruteForceIndex.builder(IDS, VECTORS, DIM).build();
    }

    private HnswFixture() {
    }

    static float[] clustered(Random random, float[][] centres, int n) {
        float[] v = new float[n * DIM];
        for (int i = 0; i < n; i++) {
            float[] centre = centres[random.nextInt(centres.length)];
            for (int d = 0; d < DIM; d++) {
                v[i * DIM + d] = centre[d] + 0.5f * (float) random.nextGaussian();
            }
        }
        return v;
    }

    static float[][] gaussian(Random random, int n, int dim, float scale) {
        float[][] rows = new float[n][dim];
        for (float[] row : rows) {
            for (int d = 0; d < dim; d++) {
                row[d] = scale * (float) random.nextGaussian();
            }
        }
        return rows;
    }

    /** Share of the exact top k that the approximate result holds. */
    static double recall(TopKResult exact, TopKResult approximate) {
        java.util.Set<Integer> truth = new java.util.HashSet<>();
        for (int id : exact.ids()) {
            truth.add(id);
        }
        int hits = 0;
        for (int id : approximate.ids()) {
            hits += truth.contains(id) ? 1 : 0;
        }
        return truth.isEmpty() ? 1 : hits / (double) truth.size();
    }
}
