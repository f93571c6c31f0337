package dev.recsys.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.topk.TopK;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentPopularityTest {

    private static final Catalog CATALOG = Catalog.of(new int[] {10, 20, 30, 40},
            List.of("a", "b", "c", "d"), List.of(List.of(), List.of(), List.of(), List.of()));
    private static final long DAY = 86_400;

    /**
     * Movie 10 was rated 3 times long ago, 20 twice around day 100, 30 once on day 100 and 40 once
     * on day 99 (all-time counts 3, 2, 1, 1).
     */
    private static final Examples TRAIN = Examples.of(new int[] {1, 2, 3, 1, 2, 3, 4},
            new long[] {0, DAY, 2 * DAY, 95 * DAY, 98 * DAY, 100 * DAY, 99 * DAY},
            new int[] {10, 10, 10, 20, 20, 30, 40}, new float[7]);

    @Test
    void countsTheWindowBeforeTheQueryAndBreaksTiesByAllTimePopularity() {
        RecentPopularity recent = RecentPopularity.builder(CATALOG).window(Duration.ofDays(10)).fit(TRAIN);
        // query at day 101, window [91, 101): 20 twice, 30 and 40 once each, 10 never;
        // 30 and 40 tie on one recent rating and on all-time counts (1 each): catalogue order
        float[] scores = recent.scores(new int[] {7}, new long[] {101 * DAY})[0];
        assertThat(TopK.select(scores, 4)).containsExactly(1, 2, 3, 0);
        // query at day 100: the window [90, 100) ends before 30's rating at exactly day 100
        float[] before = recent.scores(new int[] {7}, new long[] {100 * DAY})[0];
        assertThat(TopK.select(before, 4)).containsExactly(1, 3, 0, 2);
        // at day 50 nothing is recent: all-time order, 10 (3), 20 (2), then 30 and 40 (1)
        float[] quiet = recent.scores(new int[] {7}, new long[] {50 * DAY})[0];
        assertThat(TopK.select(quiet, 4)).containsExactly(0, 1, 2, 3);
        // whatever the tie-break adds stays below one recent rating
        assertThat(scores[1] - scores[2]).isGreaterThan(0.5f);
    }

    @Test
    void anyQueryTimeIsAnswered() {
        RecentPopularity recent = RecentPopularity.builder(CATALOG).fit(TRAIN);
        assertThat(recent.window()).isEqualTo(Duration.ofDays(365));
        assertThat(recent.scores(new int[] {1, 1}, new long[] {Long.MIN_VALUE, Long.MAX_VALUE})).hasDimensions(2, 4);
        float[] farFuture = recent.scores(new int[] {1}, new long[] {Long.MAX_VALUE})[0];
        assertThat(TopK.select(farFuture, 4)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> RecentPopularity.builder(CATALOG).window(Duration.ZERO).fit(TRAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, found PT0S");
        assertThatThrownBy(() -> RecentPopularity.builder(CATALOG).window(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("window");
    }
}
