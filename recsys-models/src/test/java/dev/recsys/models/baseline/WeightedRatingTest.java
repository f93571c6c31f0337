package dev.recsys.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedRatingTest {

    static final Catalog CATALOG = Catalog.of(new int[] {10, 20, 30}, List.of("A (2000)", "B (2001)", "C (2002)"),
            List.of(List.of(), List.of(), List.of()));

    /** Movie 10: one 5; movie 20: 4, 4, 4, 2; movie 30: none. */
    static final Examples TRAIN = Examples.of(new int[] {1, 1, 2, 3, 4}, new long[5], new int[] {10, 20, 20, 20, 20},
            new float[] {5, 4, 4, 4, 2});

    @Test
    void weightedRatingByHand() {
        // C = (5 + 4 + 4 + 4 + 2) / 5 = 3.8
        // movie 10: v = 1, R = 5: WR = 1/11 · 5 + 10/11 · 3.8 = (5 + 38) / 11 = 3.909091
        // movie 20: v = 4, R = 3.5: WR = 4/14 · 3.5 + 10/14 · 3.8 = (14 + 38) / 14 = 3.714286
        // movie 30: unseen, C = 3.8
        WeightedRating wr = WeightedRating.fit(TRAIN, CATALOG, 10);
        assertThat(wr.globalMean()).isCloseTo(3.8, within(1e-6));
        assertThat(wr.rating(10)).isCloseTo(43.0 / 11, within(1e-6));
        assertThat(wr.rating(20)).isCloseTo(52.0 / 14, within(1e-6));
        assertThat(wr.rating(30)).isCloseTo(3.8, within(1e-6));
        assertThat(wr.predict(Examples.of(new int[] {9}, new long[1], new int[] {20}, new float[1])))
                .containsExactly(new double[] {52.0 / 14}, within(1e-6));
        // with the prior the single 5 still outranks 3.5, but only just; the scores are the WRs
        assertThat(wr.scores(new int[] {1, 2}, new long[2])[1]).containsExactly(43f / 11, 52f / 14, 3.8f);
    }

    @Test
    void mZeroIsThePlainMean() {
        WeightedRating mean = WeightedRating.fit(TRAIN, CATALOG, 0);
        assertThat(mean.rating(10)).isCloseTo(5, within(1e-6));
        assertThat(mean.rating(20)).isCloseTo(3.5, within(1e-6));
        assertThat(mean.rating(30)).isCloseTo(3.8, within(1e-6));
    }

    @Test
    void popularityCountsRatings() {
        Popularity popularity = Popularity.fit(TRAIN, CATALOG);
        assertThat(popularity.count(20)).isEqualTo(4);
        assertThat(popularity.count(99)).isZero();
        assertThat(popularity.scores(new int[] {7}, new long[1])[0]).containsExactly(1f, 4f, 0f);
    }

    @Test
    void rejectsNegativeM() {
        assertThatThrownBy(() -> WeightedRating.fit(TRAIN, CATALOG, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found -1");
    }
}
