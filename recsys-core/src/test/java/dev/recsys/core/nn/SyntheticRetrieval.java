package dev.recsys.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Learnable synthetic retrieval data for {@link TwoTowerSketch}: each user mostly interacts with
 * items of one cluster ({@code user % clusters}), so the in-batch softmax loss can fall well
 * below its starting value {@code ln(batch)}.
 */
final class SyntheticRetrieval implements AutoCloseable {

    static final int USERS = 400;
    static final int TIMES = 8;
    static final int ITEMS = 800;
    static final int GENRES = 12;
    static final int TOKENS = 200;
    static final int GENRE_STEPS = 3;
    static final int TITLE_STEPS = 4;
    private static final int CLUSTERS = 20;

    final List<TwoTowerSketch.Batch> batches = new ArrayList<>();
    private final List<INDArray> arrays = new ArrayList<>();

    SyntheticRetrieval(long seed, int batchCount, int batchSize) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < batchCount; n++) {
            int[] users = new int[batchSize];
            int[] times = new int[batchSize];
            float[] timestamps = new float[batchSize];
            int[] items = new int[batchSize];
            int[] genres = new int[batchSize * GENRE_STEPS];
            float[] genreMask = new float[batchSize * GENRE_STEPS];
            int[] titles = new int[batchSize * TITLE_STEPS];
            float[] titleMask = new float[batchSize * TITLE_STEPS];
            for (int i = 0; i < batchSize; i++) {
                users[i] = random.nextInt(USERS);
                times[i] = random.nextInt(TIMES);
                timestamps[i] = random.nextFloat();
                int cluster = users[i] % CLUSTERS;
                items[i] = cluster + CLUSTERS * random.nextInt(ITEMS / CLUSTERS);
                int genreCount = 1 + items[i] % GENRE_STEPS;
                for (int t = 0; t < GENRE_STEPS; t++) {
                    genres[i * GENRE_STEPS + t] = t < genreCount ? (items[i] + t) % GENRES : 0;
                    genreMask[i * GENRE_STEPS + t] = t < genreCount ? 1 : 0;
                }
                int titleLength = 1 + items[i] % TITLE_STEPS;
                for (int t = 0; t < TITLE_STEPS; t++) {
                    titles[i * TITLE_STEPS + t] = t < titleLength ? (items[i] * 31 + t) % TOKENS : 0;
                    titleMask[i * TITLE_STEPS + t] = t < titleLength ? 1 : 0;
                }
            }
            float[] logQ = new float[batchSize];
            java.util.Arrays.fill(logQ, (float) Math.log((double) CLUSTERS / ITEMS));
            batches.add(new TwoTowerSketch.Batch(users, times, keep(Nd4j.create(timestamps, new long[] {batchSize, 1}, DataType.FLOAT)),
                    items, genres, keep(Nd4j.create(genreMask, new long[] {batchSize, GENRE_STEPS}, DataType.FLOAT)),
                    titles, keep(Nd4j.create(titleMask, new long[] {batchSize, TITLE_STEPS}, DataType.FLOAT)),
                    keep(Nd4j.create(logQ, new long[] {1, batchSize}, DataType.FLOAT))));
        }
    }

    static TwoTowerSketch model(ParameterStore store, int dim) {
        return new TwoTowerSketch(store, USERS, TIMES, ITEMS, GENRES, TOKENS, dim, 2 * dim, dim, 0.2);
    }

    private INDArray keep(INDArray array) {
        arrays.add(array);
        return array;
    }

    @Override
    public void close() {
        arrays.forEach(INDArray::close);
    }
}
