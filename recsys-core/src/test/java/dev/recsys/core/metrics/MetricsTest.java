package dev.recsys.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rmseByHand() {
        // errors 1, -1, 2: sqrt((1 + 1 + 4) / 3) = sqrt(2)
        assertThat(Metrics.rmse(new double[] {4, 2, 5}, new float[] {3, 3, 3})).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void maeByHand() {
        // |4 - 3| + |2 - 3| + |5 - 3| = 4, over 3
        assertThat(Metrics.mae(new double[] {4, 2, 5}, new float[] {3, 3, 3})).isCloseTo(4.0 / 3, within(1e-12));
    }

    @Test
    void reciprocalRankIsOneOverTheFirstRelevantPosition() {
        int[] ranked = {7, 3, 9, 1, 4};
        // first relevant (9) at position 3
        assertThat(Metrics.reciprocalRank(ranked, new int[] {4, 9}, 5)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Metrics.reciprocalRank(ranked, new int[] {4, 9}, 2)).isZero();
        assertThat(Metrics.reciprocalRank(ranked, new int[] {8}, 5)).isZero();
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
        assertThatThrownBy(() -> Metrics.ndcg(new int[] {1}, new int[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metrics.rmse(new double[2], new float[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 predictions and 1 ratings");
    }
}
