package dev.recsys.core.topk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IndexChoiceTest {

    private static final int[] IDS = {7, 3, 9, 1, 4};
    private static final float[] VECTORS = {1, 0, 0, 1, 1, 1, -1, 0, 0.5f, 2};

    @Test
    void theThresholdSplitsExactFromGraph() {
        IndexChoice choice = IndexChoice.builder().annThreshold(5).threads(1).build();
        assertThat(choice.approximate(4)).isFalse();
        assertThat(choice.approximate(5)).isTrue();
        TopKIndex exact = IndexChoice.builder().annThreshold(6).build().build(IDS, VECTORS, 2, Similarity.DOT_PRODUCT);
        TopKIndex graph = choice.build(IDS, VECTORS, 2, Similarity.COSINE);
        assertThat(exact).isInstanceOf(BruteForceIndex.class);
        assertThat(graph).isInstanceOf(HnswIndex.class);
        assertThat(graph.similarity()).isEqualTo(Similarity.COSINE);
        assertThat(((HnswIndex) graph).searchBeamWidth()).isEqualTo(800);
    }

    @Test
    void defaultsAndExact() {
        assertThat(IndexChoice.defaults().annThreshold()).isEqualTo(IndexChoice.DEFAULT_ANN_THRESHOLD).isEqualTo(100_000);
        assertThat(IndexChoice.defaults().approximate(99_999)).isFalse();
        assertThat(IndexChoice.defaults().approximate(100_000)).isTrue();
        assertThat(IndexChoice.exact().approximate(Integer.MAX_VALUE - 1)).isFalse();
    }

    @Test
    void adoptKeepsTheGraphAndTakesTheSearchBeam() {
        HnswIndex stored = HnswIndex.builder(IDS, VECTORS, 2).threads(1).searchBeamWidth(7).build();
        HnswIndex adopted = IndexChoice.builder().searchBeamWidth(30).build().adopt(stored);
        assertThat(adopted.searchBeamWidth()).isEqualTo(30);
        assertThat(adopted.maxConnections()).isEqualTo(stored.maxConnections());
        assertThat(adopted.search(new float[] {1, 1}, 5).ids()).isEqualTo(stored.search(new float[] {1, 1}, 5).ids());
    }

    @Test
    void holdsComparesIdsInOrderAndVectorsBitForBit() {
        HnswIndex dot = HnswIndex.builder(IDS, VECTORS, 2).threads(1).build();
        assertThat(dot.holds(IDS, VECTORS, 2)).isTrue();
        float[] nudged = VECTORS.clone();
        nudged[3] = Math.nextUp(nudged[3]);
        assertThat(dot.holds(IDS, nudged, 2)).isFalse();
        int[] swapped = {3, 7, 9, 1, 4};
        assertThat(dot.holds(swapped, VECTORS, 2)).isFalse();
        assertThat(dot.holds(Arrays.copyOf(IDS, 4), Arrays.copyOf(VECTORS, 8), 2)).isFalse();
        assertThat(dot.holds(IDS, VECTORS, 1)).isFalse();
        // cosine compares after normalizing, as the build did: a scaled copy is the same candidates
        HnswIndex cosine = HnswIndex.builder(IDS, VECTORS, 2).similarity(Similarity.COSINE).threads(1).build();
        float[] doubled = VECTORS.clone();
        for (int i = 0; i < doubled.length; i++) {
            doubled[i] *= 2;
        }
        assertThat(cosine.holds(IDS, doubled, 2)).isTrue();
        float[] turned = VECTORS.clone();
        turned[2] = 0.25f; // row (0, 1) becomes (0.25, 1): another direction
        assertThat(cosine.holds(IDS, turned, 2)).isFalse();
    }

    @Test
    void settingsOutOfRangeAreRefusedByBuild() {
        assertThatThrownBy(() -> IndexChoice.builder().annThreshold(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("annThreshold must be in [1, 2147483647], found 0");
        assertThatThrownBy(() -> IndexChoice.builder().maxConnections(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections must be in [2, 512]");
        assertThatThrownBy(() -> IndexChoice.builder().beamWidth(3201).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beamWidth must be in [1, 3200]");
        assertThatThrownBy(() -> IndexChoice.builder().searchBeamWidth(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("searchBeamWidth");
        assertThatThrownBy(() -> IndexChoice.builder().threads(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
    }
}
