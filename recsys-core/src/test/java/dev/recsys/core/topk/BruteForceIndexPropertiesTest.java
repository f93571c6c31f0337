package dev.recsys.core.topk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;

/** Index results against {@link Reference}'s full sort, and batch against one-by-one search. */
class BruteForceIndexPropertiesTest {

    @Property(tries = 300)
    void searchEqualsFullSortWithTieRule(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int n,
            @ForAll @IntRange(min = 1, max = 40) int dim, @ForAll @IntRange(min = 1, max = 420) int k,
            @ForAll boolean withAllowList) {
        Random random = new Random(seed);
        int[] ids = Reference.shuffledIds(random, n);
        float[] vectors = Reference.integerVectors(random, n, dim);
        BruteForceIndex index = BruteForceIndex.builder(ids, vectors, dim).build();
        float[] query = Reference.integerVectors(random, 1, dim);
        Set<Integer> excluded = randomIds(random, ids, random.nextInt(n + 1));
        Set<Integer> allowed = withAllowList ? randomIds(random, ids, random.nextInt(n + 1)) : null;
        ItemFilter filter = allowed == null ? ItemFilter.excluding(toArray(excluded))
                : ItemFilter.allowing(toArray(allowed)).andExcluding(toArray(excluded));

        assertThat(index.search(query, k, filter))
                .isEqualTo(Reference.topK(ids, vectors, dim, query, k, allowed, excluded));
    }

    @Property(tries = 100)
    void batchSearchEqualsOneByOneSearch(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n,
            @ForAll @IntRange(min = 1, max = 40) int dim, @ForAll @IntRange(min = 1, max = 50) int k,
            @ForAll @IntRange(min = 1, max = 70) int batch) {
        Random random = new Random(seed);
        int[] ids = Reference.shuffledIds(random, n);
        float[] vectors = Reference.integerVectors(random, n, dim);
        BruteForceIndex index = BruteForceIndex.builder(ids, vectors, dim).build();
        float[][] queries = new float[batch][];
        List<ItemFilter> filters = new ArrayList<>();
        for (int q = 0; q < batch; q++) {
            queries[q] = Reference.integerVectors(random, 1, dim);
            int kind = random.nextInt(3);
            filters.add(kind == 0 ? ItemFilter.none()
                    : kind == 1 ? ItemFilter.excluding(toArray(randomIds(random, ids, random.nextInt(n + 1))))
                    : ItemFilter.allowing(toArray(randomIds(random, ids, random.nextInt(n + 1)))));
        }
        List<TopKResult> batched = index.searchBatch(queries, k, filters);
        assertThat(batched).hasSize(batch);
        for (int q = 0; q < batch; q++) {
            assertThat(batched.get(q)).as("query %d", q).isEqualTo(index.search(queries[q], k, filters.get(q)));
        }
    }

    /**
     * Overflowing scores rank last, as -Infinity, in single, allow-listed and batched searches.
     * Some candidates are 2^66 times small integers and some queries 2^64 times small integers:
     * such a pair meets in products of at least 2^130, beyond any float, whatever the kernel, so
     * the reference marks exactly those scores as -Infinity; every other sum stays exact.
     */
    @Property(tries = 200)
    void overflowingScoresRankLastAsInTheReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n,
            @ForAll @IntRange(min = 1, max = 40) int dim, @ForAll @IntRange(min = 1, max = 220) int k,
            @ForAll @IntRange(min = 1, max = 6) int batch) {
        Random random = new Random(seed);
        int[] ids = Reference.shuffledIds(random, n);
        float[] vectors = Reference.integerVectors(random, n, dim);
        for (int p = 0; p < n; p++) {
            if (random.nextInt(3) == 0) {
                for (int d = 0; d < dim; d++) {
                    vectors[p * dim + d] = Math.scalb(vectors[p * dim + d], 66);
                }
            }
        }
        BruteForceIndex index = BruteForceIndex.builder(ids, vectors, dim).build();
        float[][] queries = new float[batch][];
        for (int q = 0; q < batch; q++) {
            queries[q] = Reference.integerVectors(random, 1, dim);
            if (random.nextBoolean()) {
                for (int d = 0; d < dim; d++) {
                    queries[q][d] = Math.scalb(queries[q][d], 64);
                }
            }
        }
        List<TopKResult> batched = index.searchBatch(queries, k);
        for (int q = 0; q < batch; q++) {
            TopKResult expected = Reference.topK(ids, vectors, dim, queries[q], k, null, Set.of());
            assertThat(index.search(queries[q], k)).as("query %d", q).isEqualTo(expected);
            assertThat(batched.get(q)).as("batched query %d", q).isEqualTo(expected);
            assertThat(index.search(queries[q], k, ItemFilter.allowing(ids))).as("allow-all query %d", q)
                    .isEqualTo(expected);
        }
    }

    /**
     * Real-valued embeddings: the float sums are no longer exact, so scores are compared with the
     * double reference within 1e-5 and the ranking must be right up to that slack.
     */
    @Property(tries = 100)
    void cosineAndRealValuedBatchesAgreeWithDoubleReference(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(min = 1, max = 70) int dim,
            @ForAll @IntRange(min = 1, max = 30) int k, @ForAll @IntRange(min = 1, max = 9) int batch,
            @ForAll boolean cosine) {
        Random random = new Random(seed);
        int[] ids = Reference.shuffledIds(random, n);
        float[] vectors = new float[n * dim];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian();
        }
        BruteForceIndex index = BruteForceIndex.builder(ids, vectors, dim)
                .similarity(cosine ? Similarity.COSINE : Similarity.DOT_PRODUCT).build();
        float[][] queries = new float[batch][dim];
        for (float[] query : queries) {
            for (int d = 0; d < dim; d++) {
                query[d] = (float) random.nextGaussian();
            }
        }
        List<TopKResult> results = index.searchBatch(queries, k);
        for (int q = 0; q < batch; q++) {
            double[] exact = new double[n];
            for (int p = 0; p < n; p++) {
                exact[p] = score(queries[q], vectors, p, dim, cosine);
            }
            double tolerance = 1e-5 * (cosine ? 1 : dim);
            TopKResult result = results.get(q);
            assertThat(result.size()).isEqualTo(Math.min(k, n));
            Set<Integer> returned = new HashSet<>();
            for (int r = 0; r < result.size(); r++) {
                int p = position(ids, result.id(r));
                returned.add(p);
                assertThat((double) result.score(r)).isCloseTo(exact[p], Offset.offset(tolerance));
                if (r > 0) {
                    assertThat(result.score(r)).isLessThanOrEqualTo(result.score(r - 1));
                }
            }
            double last = exact[position(ids, result.id(result.size() - 1))];
            for (int p = 0; p < n; p++) {
                if (!returned.contains(p)) {
                    assertThat(exact[p]).as("left out candidate %d", p).isLessThanOrEqualTo(last + 2 * tolerance);
                }
            }
        }
    }

    private static double score(float[] query, float[] vectors, int p, int dim, boolean cosine) {
        double dot = 0;
        double qq = 0;
        double cc = 0;
        for (int d = 0; d < dim; d++) {
            dot += (double) query[d] * vectors[p * dim + d];
            qq += (double) query[d] * query[d];
            cc += (double) vectors[p * dim + d] * vectors[p * dim + d];
        }
        return cosine ? dot / Math.sqrt(qq * cc) : dot;
    }

    private static int position(int[] ids, int id) {
        for (int p = 0; p < ids.length; p++) {
            if (ids[p] == id) {
                return p;
            }
        }
        throw new AssertionError("unknown id " + id);
    }

    private static Set<Integer> randomIds(Random random, int[] ids, int count) {
        Set<Integer> chosen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            chosen.add(ids[random.nextInt(ids.length)]);
        }
        if (random.nextBoolean()) {
            chosen.add(Integer.MIN_VALUE); // an id the index does not hold
        }
        return chosen;
    }

    private static int[] toArray(Set<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
