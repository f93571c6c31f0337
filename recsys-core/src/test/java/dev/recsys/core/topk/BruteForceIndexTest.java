package dev.recsys.core.topk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BruteForceIndexTest {

    // Five 2-d candidates; dot products with the query (1, 2) worked out by hand:
    // id 10: (1, 0) -> 1    id 20: (0, 1) -> 2    id 30: (1, 1) -> 3
    // id 40: (-1, 0) -> -1  id 50: (2, 0.5) -> 3 (ties with id 30, which was given first)
    private static final int[] IDS = {10, 20, 30, 40, 50};
    private static final float[][] VECTORS = {{1, 0}, {0, 1}, {1, 1}, {-1, 0}, {2, 0.5f}};
    private static final float[] QUERY = {1, 2};

    private final BruteForceIndex index = BruteForceIndex.builder(IDS, VECTORS).build();

    @Test
    void dotProductRanksBestFirstAndBreaksTiesByInsertionOrder() {
        TopKResult top = index.search(QUERY, 3);
        assertThat(top.ids()).containsExactly(30, 50, 20);
        assertThat(top.scores()).containsExactly(3f, 3f, 2f);
        assertThat(index.isExact()).isTrue();
        assertThat(index.size()).isEqualTo(5);
        assertThat(index.dim()).isEqualTo(2);
    }

    @Test
    void kLargerThanTheCatalogueReturnsEverything() {
        assertThat(index.search(QUERY, 99).ids()).containsExactly(30, 50, 20, 10, 40);
        assertThat(index.search(QUERY, 5).ids()).containsExactly(30, 50, 20, 10, 40);
    }

    @Test
    void exclusionsRemoveSeenItemsAndUnknownIdsAreIgnored() {
        TopKResult top = index.search(QUERY, 2, ItemFilter.excluding(30, 999, 30));
        assertThat(top.ids()).containsExactly(50, 20);
    }

    @Test
    void allowListRestrictsCandidatesAndCombinesWithExclusions() {
        assertThat(index.search(QUERY, 5, ItemFilter.allowing(40, 10, 20, 777)).ids()).containsExactly(20, 10, 40);
        assertThat(index.search(QUERY, 5, ItemFilter.allowing(40, 10, 20).andExcluding(20)).ids())
                .containsExactly(10, 40);
        assertThat(index.search(QUERY, 5, ItemFilter.allowing(777)).size()).isZero();
    }

    @Test
    void cosineNormalizesQueryAndCandidates() {
        BruteForceIndex cosine = BruteForceIndex.builder(IDS, VECTORS).similarity(Similarity.COSINE).build();
        // cos with (1, 2), |q| = sqrt 5: id 20: 2/sqrt5 = 0.894; id 30: 3/(sqrt5 sqrt2) = 0.949;
        // id 50: 3/(sqrt5 sqrt4.25) = 0.651; id 10: 1/sqrt5 = 0.447; id 40: -0.447.
        TopKResult top = cosine.search(new float[] {2, 4}, 5);
        assertThat(top.ids()).containsExactly(30, 20, 50, 10, 40);
        assertThat(top.score(0)).isCloseTo((float) (3 / (Math.sqrt(5) * Math.sqrt(2))), Offset.offset(1e-6f));
        assertThat(top.score(4)).isCloseTo((float) (-1 / Math.sqrt(5)), Offset.offset(1e-6f));
    }

    @Test
    void flatAndRowBuildersAgree() {
        float[] flat = {1, 0, 0, 1, 1, 1, -1, 0, 2, 0.5f};
        assertThat(BruteForceIndex.builder(IDS, flat, 2).build().search(QUERY, 5))
                .isEqualTo(index.search(QUERY, 5));
    }

    @Test
    void buildCopiesItsInputs() {
        float[][] rows = {{1, 0}, {0, 1}};
        int[] ids = {1, 2};
        BruteForceIndex copy = BruteForceIndex.builder(ids, rows).build();
        rows[0][0] = 100;
        ids[0] = 7;
        assertThat(copy.search(new float[] {1, 0}, 1).ids()).containsExactly(1);
        assertThat(copy.search(new float[] {1, 0}, 1).scores()).containsExactly(1f);
    }

    @Test
    void resultsAreImmutable() {
        TopKResult top = index.search(QUERY, 2);
        top.ids()[0] = -1;
        top.scores()[0] = -1;
        assertThat(top.id(0)).isEqualTo(30);
        assertThat(top.score(0)).isEqualTo(3f);
    }

    @Test
    void batchSearchKeepsQueryOrderAndFilters() {
        List<TopKResult> results = index.searchBatch(new float[][] {QUERY, {-1, 0}, QUERY}, 2,
                List.of(ItemFilter.none(), ItemFilter.none(), ItemFilter.allowing(10, 40)));
        assertThat(results.get(0).ids()).containsExactly(30, 50);
        // (-1, 0): id 40 -> 1, id 20 -> 0, then id 10 -> -1, id 30 -> -1, id 50 -> -2.
        assertThat(results.get(1).ids()).containsExactly(40, 20);
        assertThat(results.get(2).ids()).containsExactly(10, 40);
    }

    /**
     * The example: with the query (1e19, 1e19), candidate 1 = (1e20, -1e20) gives the
     * products +1e39 and -1e39, both beyond Float.MAX_VALUE (3.4e38): +Inf + -Inf = NaN in float.
     * Candidate 2 = (10, 10) scores 1e20 + 1e20 = 2e20, candidate 3 = (20, 20) scores 4e20. A
     * non-finite score ranks last and is reported as -Infinity.
     */
    @Test
    void overflowingScoresRankLastInEverySearchPath() {
        int[] ids = {1, 2, 3};
        float[][] vectors = {{1e20f, -1e20f}, {10, 10}, {20, 20}};
        float[] query = {1e19f, 1e19f};
        BruteForceIndex overflow = BruteForceIndex.builder(ids, vectors).build();

        TopKResult top = overflow.search(query, 2);
        assertThat(top.toString()).isEqualTo("TopKResult[3=4.0E20, 2=2.0E20]");
        assertThat(overflow.search(query, 3).scores()).containsExactly(4e20f, 2e20f, Float.NEGATIVE_INFINITY);
        assertThat(overflow.search(query, 2, ItemFilter.allowing(1, 2, 3))).isEqualTo(top);
        assertThat(overflow.searchBatch(new float[][] {query, query}, 2)).containsExactly(top, top);
        // (1e19, -1e19) meets candidate 1 in +1e39 + +1e39 = +Inf: a non-finite score as well.
        float[] other = {1e19f, -1e19f};
        assertThat(overflow.search(other, 3).ids()).containsExactly(2, 3, 1);
        assertThat(overflow.search(other, 3).scores()).containsExactly(0f, 0f, Float.NEGATIVE_INFINITY);
    }

    @Test
    void rejectsBadQueriesWithWhatWasExpectedAndFound() {
        assertThatThrownBy(() -> index.search(new float[3], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("query dim mismatch: index 2, query 3");
        assertThatThrownBy(() -> index.search(new float[] {1, Float.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query[1] is NaN");
        assertThatThrownBy(() -> index.search(new float[] {Float.POSITIVE_INFINITY, 0}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query[0] is Infinity");
        assertThatThrownBy(() -> index.search(QUERY, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("k must be at least 1, found 0");
        assertThatThrownBy(() -> index.searchBatch(new float[][] {QUERY, {1, Float.NaN}}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queries[1][1] is NaN");
        assertThatThrownBy(() -> index.searchBatch(new float[][] {QUERY}, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filters: expected one per query (1), found 0");
        BruteForceIndex cosine = BruteForceIndex.builder(IDS, VECTORS).similarity(Similarity.COSINE).build();
        assertThatThrownBy(() -> cosine.search(new float[2], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero vector");
    }

    @Test
    void rejectsBadCandidates() {
        assertThatThrownBy(() -> BruteForceIndex.builder(new int[] {1, 1}, new float[][] {{1}, {2}}).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate candidate id 1 at positions 0 and 1");
        assertThatThrownBy(() -> BruteForceIndex.builder(new int[] {1, 2}, new float[][] {{1, 2}, {3}}).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embeddings[1] has 1 components, expected 2 like row 0");
        assertThatThrownBy(() -> BruteForceIndex.builder(new int[] {1, 2}, new float[5], 2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embeddings: expected 2 ids x 2 dim = 4 floats, found 5");
        assertThatThrownBy(() -> BruteForceIndex.builder(new int[] {4, 5}, new float[] {0, 0, Float.NaN, 0}, 2)
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedding of id 5 has component 0 = NaN");
        assertThatThrownBy(() -> BruteForceIndex.builder(new int[0], new float[0][]).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one candidate");
        assertThatThrownBy(() -> BruteForceIndex.builder(new int[] {1}, new float[][] {{0, 0}})
                .similarity(Similarity.COSINE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedding of id 1 is the zero vector");
    }

    @Test
    void aLongExclusionListReusedAcrossIndexesExcludesTheRightPositionsInEach() {
        // Two indexes over the same ids in different orders, so an id sits at different positions;
        // 300 excluded ids take the bit-set path, whose bits the filter keeps for the last index.
        Random random = new Random(5);
        int n = 2_000;
        int dim = 4;
        int[] ids = Reference.shuffledIds(random, n);
        int[] reversed = new int[n];
        float[] vectors = Reference.integerVectors(random, n, dim);
        float[] reversedVectors = new float[n * dim];
        for (int i = 0; i < n; i++) {
            reversed[i] = ids[n - 1 - i];
            System.arraycopy(vectors, (n - 1 - i) * dim, reversedVectors, i * dim, dim);
        }
        Set<Integer> excluded = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            excluded.add(ids[random.nextInt(n)]);
        }
        ItemFilter filter = ItemFilter.excluding(excluded.stream().mapToInt(Integer::intValue).toArray());
        BruteForceIndex first = BruteForceIndex.builder(ids, vectors, dim).build();
        BruteForceIndex second = BruteForceIndex.builder(reversed, reversedVectors, dim).build();
        float[] query = {1, -2, 3, 1};

        for (int round = 0; round < 2; round++) {
            assertThat(first.search(query, 50, filter))
                    .isEqualTo(Reference.topK(ids, vectors, dim, query, 50, null, excluded));
            assertThat(second.search(query, 50, filter))
                    .isEqualTo(Reference.topK(reversed, reversedVectors, dim, query, 50, null, excluded));
        }
    }
}
