package dev.recsys.core.topk;

import static dev.recsys.core.topk.HnswFixture.DIM;
import static dev.recsys.core.topk.HnswFixture.EXACT;
import static dev.recsys.core.topk.HnswFixture.IDS;
import static dev.recsys.core.topk.HnswFixture.INDEX;
import static dev.recsys.core.topk.HnswFixture.N;
import static dev.recsys.core.topk.HnswFixture.QUERIES;
import static dev.recsys.core.topk.HnswFixture.VECTORS;
import static dev.recsys.core.topk.HnswFixture.recall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HnswIndexTest {

    /*
     * Recall floors. HNSW with M = 16 and a beam of 100 finds 95-99% of the true top 10 on
     * million-point benchmarks of 100+ dimensions (Malkov and Yashunin 2016, fig. 11; the
     * ann-benchmarks runs of hnswlib and Lucene at these settings); 10,000 clustered points of
     * 16 dims are an easier graph. A mean over 200 queries (2,000 top-10 slots) has a standard
     * error of about 0.005 near 0.97, so a floor of 0.90 only fails for a real defect: a broken
     * graph (missing levels or edges, a wrong entry node) or a search that drops filtered paths
     * finds far fewer (a random answer has recall k / n = 0.001). Recall@100 is harder with a
     * beam of only k; the floor 0.90 is stated for a beam of 2k.
     */
    private static final double RECALL_FLOOR = 0.90;

    @Test
    void recallAgainstBruteForceIsAboveTheFloor() {
        assertThat(meanRecall(INDEX, 10, ItemFilter.none())).isGreaterThanOrEqualTo(RECALL_FLOOR);
        assertThat(meanRecall(INDEX.withSearchBeamWidth(200), 100, ItemFilter.none()))
                .isGreaterThanOrEqualTo(RECALL_FLOOR);
    }

    @Test
    void recallWithTwentyPercentExcludedIsAboveTheFloor() {
        ItemFilter filter = ItemFilter.excluding(everyFifthId());
        assertThat(meanRecall(INDEX, 10, filter)).isGreaterThanOrEqualTo(RECALL_FLOOR);
    }

    @Test
    void cosineWithSeveralBuildThreadsKeepsRecall() {
        HnswIndex cosine = HnswIndex.builder(IDS, VECTORS, DIM).similarity(Similarity.COSINE).threads(2).build();
        BruteForceIndex exact = BruteForceIndex.builder(IDS, VECTORS, DIM).similarity(Similarity.COSINE).build();
        double sum = 0;
        for (float[] query : QUERIES) {
            sum += recall(exact.search(query, 10), cosine.search(query, 10));
        }
        assertThat(sum / QUERIES.length).isGreaterThanOrEqualTo(RECALL_FLOOR);
        assertThat(cosine.similarity()).isEqualTo(Similarity.COSINE);
    }

    @Test
    void scoresAreExactAndBestFirst() {
        for (float[] query : Arrays.copyOf(QUERIES, 20)) {
            TopKResult top = INDEX.search(query, 50);
            assertThat(top.size()).isEqualTo(50);
            for (int r = 0; r < top.size(); r++) {
                // The score brute force gives the same candidate, bit for bit (same kernel).
                float exact = EXACT.search(query, 1, ItemFilter.allowing(top.id(r))).score(0);
                assertThat(top.score(r)).isEqualTo(exact);
                if (r > 0) {
                    assertThat(top.score(r)).isLessThanOrEqualTo(top.score(r - 1));
                }
            }
        }
    }

    @Test
    void restrictiveAllowListIsAnsweredExactly() {
        int[] allowed = new int[500];
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = IDS[i * 19];
        }
        ItemFilter filter = ItemFilter.allowing(allowed).andExcluding(IDS[0], IDS[19]);
        for (float[] query : Arrays.copyOf(QUERIES, 10)) {
            assertThat(INDEX.search(query, 10, filter)).isEqualTo(EXACT.search(query, 10, filter));
        }
    }

    @Test
    void smallCatalogueMatchesBruteForce() {
        // Fewer candidates than the search beam: answered by the exact scan, ties included.
        int[] ids = {10, 20, 30, 40, 50};
        float[][] vectors = {{1, 0}, {0, 1}, {1, 1}, {-1, 0}, {2, 0.5f}};
        HnswIndex small = HnswIndex.builder(ids, vectors).build();
        BruteForceIndex exact = BruteForceIndex.builder(ids, vectors).build();
        float[] query = {1, 2};
        assertThat(small.search(query, 99)).isEqualTo(exact.search(query, 99));
        assertThat(small.search(query, 3).ids()).containsExactly(30, 50, 20);
        assertThat(small.search(query, 5, ItemFilter.allowing(40, 10, 20).andExcluding(20)).ids())
                .containsExactly(10, 40);
        assertThat(small.isExact()).isFalse();
    }

    @Test
    void kBeyondTheBeamStillReturnsKResults() {
        TopKResult top = INDEX.search(QUERIES[0], 300, ItemFilter.excluding(everyFifthId()));
        assertThat(top.size()).isEqualTo(300);
        assertThat(INDEX.search(QUERIES[0], N + 5).size()).isEqualTo(N);
    }

    @Test
    void aReusedFilterGivesWhatAFreshOneGives() {
        // everyFifthId() is long enough for the bit-set path, whose bits the filter keeps
        ItemFilter reused = ItemFilter.excluding(everyFifthId());
        for (int q = 0; q < 5; q++) {
            TopKResult fresh = INDEX.search(QUERIES[q], 20, ItemFilter.excluding(everyFifthId()));
            assertThat(INDEX.search(QUERIES[q], 20, reused)).isEqualTo(fresh);
            assertThat(EXACT.search(QUERIES[q], 20, reused)).isEqualTo(EXACT.search(QUERIES[q], 20,
                    ItemFilter.excluding(everyFifthId())));
        }
    }

    @Test
    void batchSearchEqualsOneByOne() {
        float[][] queries = Arrays.copyOf(QUERIES, 30);
        List<ItemFilter> filters = new ArrayList<>();
        for (int q = 0; q < queries.length; q++) {
            filters.add(q % 3 == 0 ? ItemFilter.none() : q % 3 == 1 ? ItemFilter.excluding(everyFifthId())
                    : ItemFilter.allowing(Arrays.copyOf(IDS, 3_000)));
        }
        List<TopKResult> batched = INDEX.searchBatch(queries, 20, filters);
        for (int q = 0; q < queries.length; q++) {
            assertThat(batched.get(q)).isEqualTo(INDEX.search(queries[q], 20, filters.get(q)));
        }
    }

    @Test
    void concurrentSearchesEqualSingleThreadOnes() throws Exception {
        ItemFilter filter = ItemFilter.excluding(everyFifthId());
        List<TopKResult> expected = new ArrayList<>();
        for (float[] query : QUERIES) {
            expected.add(INDEX.search(query, 10, filter));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<TopKResult>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int shift = t * 50;
                futures.add(pool.submit(() -> {
                    // Each thread starts at another query so that different searches overlap.
                    TopKResult[] results = new TopKResult[QUERIES.length];
                    for (int i = 0; i < QUERIES.length; i++) {
                        int q = (i + shift) % QUERIES.length;
                        results[q] = INDEX.search(QUERIES[q], 10, filter);
                    }
                    return Arrays.asList(results);
                }));
            }
            for (Future<List<TopKResult>> future : futures) {
                assertThat(future.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void oneThreadBuildsAreReproducible() throws IOException {
        float[] vectors = Arrays.copyOf(VECTORS, 2_000 * DIM);
        int[] ids = Arrays.copyOf(IDS, 2_000);
        byte[] first = bytes(HnswIndex.builder(ids, vectors, DIM).threads(1).seed(7).build());
        byte[] second = bytes(HnswIndex.builder(ids, vectors, DIM).threads(1).seed(7).build());
        assertThat(second).isEqualTo(first);
    }

    @Test
    void saveAndLoadGiveIdenticalResults() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        INDEX.writeTo(out);
        out.write(new byte[] {1, 2, 3}); // the stream goes on after the index
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        HnswIndex loaded = HnswIndex.readFrom(in);
        assertThat(in.readAllBytes()).containsExactly(1, 2, 3);

        assertThat(loaded.toString()).isEqualTo(INDEX.toString());
        assertThat(loaded.sizeInBytes()).isEqualTo(INDEX.sizeInBytes());
        ItemFilter filter = ItemFilter.excluding(everyFifthId());
        for (float[] query : QUERIES) {
            assertThat(loaded.search(query, 10)).isEqualTo(INDEX.search(query, 10));
            assertThat(loaded.search(query, 10, filter)).isEqualTo(INDEX.search(query, 10, filter));
        }
        assertThat(bytes(loaded)).isEqualTo(Arrays.copyOf(out.toByteArray(), out.size() - 3));
    }

    @Test
    void cosineIndexRoundTripsWithoutNormalizingTwice() throws IOException {
        float[][] rows = {{3, 4}, {0, 2}, {-1, 1}};
        HnswIndex cosine = HnswIndex.builder(new int[] {1, 2, 3}, rows).similarity(Similarity.COSINE).build();
        HnswIndex loaded = HnswIndex.readFrom(new ByteArrayInputStream(bytes(cosine)));
        assertThat(loaded.similarity()).isEqualTo(Similarity.COSINE);
        assertThat(loaded.search(new float[] {1, 0}, 3)).isEqualTo(cosine.search(new float[] {1, 0}, 3));
        // cos((1, 0), (3, 4)) = 3/5.
        assertThat(loaded.search(new float[] {1, 0}, 1).score(0)).isEqualTo(0.6f);
    }

    @Test
    void corruptTruncatedOrForeignStreamsAreRefused() throws IOException {
        HnswIndex small = HnswIndex.builder(Arrays.copyOf(IDS, 300), Arrays.copyOf(VECTORS, 300 * DIM), DIM)
                .threads(1).build();
        byte[] good = bytes(small);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10; // inside the vectors
        assertThatThrownBy(() -> HnswIndex.readFrom(new ByteArrayInputStream(flipped)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("checksum");

        byte[] truncated = Arrays.copyOf(good, good.length - 100);
        assertThatThrownBy(() -> HnswIndex.readFrom(new ByteArrayInputStream(truncated)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("truncated");

        assertThatThrownBy(() -> HnswIndex.readFrom(new ByteArrayInputStream("PK\u0003\u0004 not an index".getBytes())))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("magic");

        byte[] future = good.clone();
        future[7] = 9; // format version 9
        assertThatThrownBy(() -> HnswIndex.readFrom(new ByteArrayInputStream(future)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("format version 9 is not supported");
    }

    @Test
    void rejectsBadSettingsAndQueries() {
        assertThatThrownBy(() -> HnswIndex.builder(IDS, VECTORS, DIM).maxConnections(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConnections must be in [2, 512], found 1");
        assertThatThrownBy(() -> HnswIndex.builder(IDS, VECTORS, DIM).beamWidth(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("beamWidth must be in [1, 3200], found 0");
        assertThatThrownBy(() -> HnswIndex.builder(IDS, VECTORS, DIM).threads(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be in [1, 2147483647], found 0");
        assertThatThrownBy(() -> INDEX.withSearchBeamWidth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("searchBeamWidth");
        assertThatThrownBy(() -> HnswIndex.builder(new int[] {1, 1}, new float[][] {{1}, {2}}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate candidate id 1 at positions 0 and 1");
        assertThatThrownBy(() -> INDEX.search(new float[3], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("query dim mismatch: index 16, query 3");
        assertThatThrownBy(() -> INDEX.search(QUERIES[0], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("k must be at least 1, found 0");
        assertThatThrownBy(() -> INDEX.search(QUERIES[0], 1, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("filter");
        assertThatThrownBy(() -> HnswIndex.builder(null, VECTORS, DIM))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("ids");
    }

    private static double meanRecall(HnswIndex index, int k, ItemFilter filter) {
        double sum = 0;
        for (float[] query : QUERIES) {
            sum += recall(EXACT.search(query, k, filter), index.search(query, k, filter));
        }
        return sum / QUERIES.length;
    }

    /** Ids of every fifth candidate: 20% of the catalogue. */
    static int[] everyFifthId() {
        int[] excluded = new int[N / 5];
        for (int i = 0; i < excluded.length; i++) {
            excluded[i] = IDS[5 * i + 2];
        }
        return excluded;
    }

    private static byte[] bytes(HnswIndex index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        index.writeTo(out);
        return out.toByteArray();
    }
}
