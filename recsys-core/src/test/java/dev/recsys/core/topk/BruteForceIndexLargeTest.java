package dev.recsys.core.topk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A catalogue large enough to span many kernel chunks (1024 rows) and batch blocks, with
 * integer components so that {@link Reference} must be matched exactly.
 */
class BruteForceIndexLargeTest {

    private static final int N = 5_003;
    private static final int DIM = 13;
    private static int[] ids;
    private static float[] vectors;
    private static BruteForceIndex index;
    private static ExecutorService pool;

    @BeforeAll
    static void build() {
        Random random = new Random(42);
        ids = Reference.shuffledIds(random, N);
        vectors = Reference.integerVectors(random, N, DIM);
        index = BruteForceIndex.builder(ids, vectors, DIM).build();
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @Test
    void singleAndBatchMatchFullSortIncludingKCloseToN() {
        Random random = new Random(7);
        int[] ks = {1, 10, 100, N - 1, N, N + 1};
        float[][] queries = new float[70][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = Reference.integerVectors(random, 1, DIM);
        }
        Set<Integer> excluded = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            excluded.add(ids[random.nextInt(N)]);
        }
        int[] excludedArray = excluded.stream().mapToInt(Integer::intValue).toArray();
        List<ItemFilter> filters = new ArrayList<>();
        for (int q = 0; q < queries.length; q++) {
            filters.add(q % 2 == 0 ? ItemFilter.none() : ItemFilter.excluding(excludedArray));
        }
        for (int k : ks) {
            List<TopKResult> batched = index.searchBatch(queries, k, filters);
            for (int q = 0; q < queries.length; q++) {
                TopKResult expected = Reference.topK(ids, vectors, DIM, queries[q], k, null,
                        q % 2 == 0 ? Set.of() : excluded);
                assertThat(batched.get(q)).as("batch, k %d, query %d", k, q).isEqualTo(expected);
                if (q < 4) {
                    assertThat(index.search(queries[q], k, filters.get(q))).as("single, k %d, query %d", k, q)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void concurrentSearchesGiveTheSameAnswersAsOneThread() throws Exception {
        Random random = new Random(11);
        float[][] queries = new float[64][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = Reference.integerVectors(random, 1, DIM);
        }
        List<TopKResult> expectedSingle = new ArrayList<>();
        for (float[] query : queries) {
            expectedSingle.add(index.search(query, 50, ItemFilter.excluding(ids[0], ids[1])));
        }
        List<TopKResult> expectedBatch = index.searchBatch(queries, 50);

        List<Future<Boolean>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                boolean same = true;
                for (int round = 0; round < 8; round++) {
                    int q = (thread * 8 + round) % queries.length;
                    same &= index.search(queries[q], 50, ItemFilter.excluding(ids[0], ids[1]))
                            .equals(expectedSingle.get(q));
                    if (round % 4 == thread % 4) {
                        same &= index.searchBatch(queries, 50).equals(expectedBatch);
                    }
                }
                return same;
            }));
        }
        for (Future<Boolean> future : futures) {
            assertThat(future.get()).isTrue();
        }
    }
}
