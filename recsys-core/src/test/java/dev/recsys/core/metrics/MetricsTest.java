package dev.recsys.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rmseByHand() {
        // errors 1, -1, 2: sqrt((1 + 1 + 4) / 3) = sqrt(2)
        assertThat(Metrics.rmse(new double[] {4, 2, 5}, new float[] {3, 3, 3})).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void topKSkipsExcludedAndBreaksTiesByRow() {
        float[] scores = {0.5f, 0.9f, 0.9f, 0.1f, 0.7f};
        // by score: rows 1 and 2 (tie: lower row first), 4, 0, 3; row 2 excluded
        assertThat(Metrics.topK(scores, new int[] {2}, 3)).containsExactly(1, 4, 0);
        assertThat(Metrics.topK(scores, new int[0], 10)).containsExactly(1, 2, 4, 0, 3);
    }

    @Property
    void topKMatchesAFullSort(@ForAll @Size(min = 1, max = 60) float[] raw, @ForAll @IntRange(min = 1, max = 70) int k) {
        float[] scores = raw.clone();
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Float.isNaN(scores[i]) ? 0 : Math.round(scores[i] % 5); // many ties
        }
        int[] excluded = IntStream.range(0, scores.length).filter(i -> i % 3 == 1).toArray();
        int[] expected = IntStream.range(0, scores.length).filter(i -> i % 3 != 1).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).limit(k).toArray();
        assertThat(Metrics.topK(scores, excluded, k)).containsExactly(expected);
    }

    @Test
    void rankingMetricsByHand() {
        int[] ranked = {7, 3, 9, 1, 4};
        int[] relevant = {9, 4, 8};
        // top 3 holds 9 (position 3): recall 1/3, hit 1
        assertThat(Metrics.recall(ranked, relevant, 3)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Metrics.hitRate(ranked, relevant, 3)).isEqualTo(1);
        assertThat(Metrics.hitRate(ranked, relevant, 2)).isEqualTo(0);
        // top 5 holds 9 (position 3) and 4 (position 5): DCG = 1/log2(4) + 1/log2(6) = 0.5 + 0.386853;
        // ideal with min(5, 3) = 3 relevant first: 1 + 1/log2(3) + 1/log2(4) = 1 + 0.630930 + 0.5
        double expected = (0.5 + 1 / (Math.log(6) / Math.log(2))) / (1.5 + 1 / (Math.log(3) / Math.log(2)));
        assertThat(Metrics.ndcg(ranked, relevant, 5)).isCloseTo(expected, within(1e-12));
        assertThat(Metrics.recall(ranked, relevant, 5)).isCloseTo(2.0 / 3, within(1e-12));
        // a perfect list scores 1
        assertThat(Metrics.ndcg(new int[] {9, 4, 8}, relevant, 10)).isCloseTo(1, within(1e-12));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Metrics.recall(new int[] {1}, new int[0], 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relevant");
        assertThatThrownBy(() -> Metrics.topK(new float[1], new int[0], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metrics.rmse(new double[2], new float[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 predictions and 1 ratings");
    }
}
