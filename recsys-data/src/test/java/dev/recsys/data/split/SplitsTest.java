package dev.recsys.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Fixtures;
import dev.recsys.data.Interactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** A row's identity: every fixture row differs in (user, movie, rating, timestamp) with high probability, so compare multisets of these. */
    private static List<String> rowKeys(Interactions data) {
        List<String> keys = new ArrayList<>();
        for (int row = 0; row < data.size(); row++) {
            keys.add(data.userId(row) + "/" + data.movieIndex(row) + "/" + data.rating(row) + "/" + data.timestamp(row));
        }
        Collections.sort(keys);
        return keys;
    }

    private static List<String> union(Split split) {
        List<String> all = new ArrayList<>(rowKeys(split.train()));
        all.addAll(rowKeys(split.test()));
        Collections.sort(all);
        return all;
    }

    @Property(tries = 50)
    void randomSplitIsCompleteDisjointAndReproducible(@ForAll @IntRange(min = 0, max = 300) int rows,
            @ForAll @DoubleRange(min = 0, max = 1) double fraction, @ForAll long seed) {
        Interactions data = Fixtures.random(20, 30, rows, 7);
        int trainCount = (int) (fraction * rows);

        Split split = Splits.randomByCount(data, trainCount, seed);

        assertThat(split.train().size()).isEqualTo(trainCount);
        assertThat(split.test().size()).isEqualTo(rows - trainCount);
        assertThat(union(split)).isEqualTo(rowKeys(data)); // complete, and no row used twice
        Split again = Splits.randomByCount(data, trainCount, seed);
        assertThat(again.train().timestamps()).containsExactly(split.train().timestamps());
        assertThat(again.test().timestamps()).containsExactly(split.test().timestamps());
    }

    @Test
    void differentSeedsGiveDifferentSplits() {
        Interactions data = Fixtures.random(50, 100, 1000, 1);
        assertThat(Splits.randomByCount(data, 500, 1).train().timestamps())
                .isNotEqualTo(Splits.randomByCount(data, 500, 2).train().timestamps());
    }

    @Test
    void ratioSplitRoundsTheTrainCount() {
        Interactions data = Fixtures.random(5, 5, 10, 3);
        assertThat(Splits.randomByRatio(data, 0.75, 1).train().size()).isEqualTo(8); // round(7.5)
        assertThatThrownBy(() -> Splits.randomByRatio(data, 1.5, 1)).hasMessageContaining("found 1.5");
        assertThatThrownBy(() -> Splits.randomByCount(data, 11, 1)).hasMessageContaining("[0, 10], found 11");
    }

    @Property(tries = 50)
    void temporalSplitNeverPutsATestRatingBeforeTrainingRatings(@ForAll @IntRange(min = 0, max = 400) int rows,
            @ForAll @DoubleRange(min = 0, max = 1) double testFraction, @ForAll long seed) {
        Interactions data = Fixtures.random(15, 40, rows, seed);

        Split split = Splits.temporalPerUser(data, testFraction);

        assertThat(union(split)).isEqualTo(rowKeys(data));
        int[] trainCounts = split.train().countsPerUser();
        int[] testCounts = split.test().countsPerUser();
        int[] allCounts = data.countsPerUser();
        long[] latestTrain = new long[data.userCount()];
        long[] earliestTest = new long[data.userCount()];
        Arrays.fill(latestTrain, Long.MIN_VALUE);
        Arrays.fill(earliestTest, Long.MAX_VALUE);
        for (int row = 0; row < split.train().size(); row++) {
            int u = split.train().userIndex(row);
            latestTrain[u] = Math.max(latestTrain[u], split.train().timestamp(row));
        }
        for (int row = 0; row < split.test().size(); row++) {
            int u = split.test().userIndex(row);
            earliestTest[u] = Math.min(earliestTest[u], split.test().timestamp(row));
        }
        for (int u = 0; u < data.userCount(); u++) {
            assertThat(testCounts[u]).isEqualTo((int) Math.floor(testFraction * allCounts[u]));
            assertThat(trainCounts[u] + testCounts[u]).isEqualTo(allCounts[u]);
            assertThat(earliestTest[u]).isGreaterThanOrEqualTo(latestTrain[u]);
        }
    }

    @Test
    void temporalSplitTakesEachUsersLatestRatings() {
        // user 1 rated at times 50, 10, 40, 30, 20: with 40% test, the two latest (50, 40) are test.
        Interactions data = Fixtures.interactions(Fixtures.movies(5), new double[][] {
            {1, 1, 4, 50}, {1, 2, 4, 10}, {1, 3, 4, 40}, {1, 4, 4, 30}, {1, 5, 4, 20}, {2, 1, 3, 5}});

        Split split = Splits.temporalPerUser(data, 0.4);

        assertThat(split.test().timestamps()).containsExactly(50, 40);
        assertThat(split.train().timestamps()).containsExactly(10, 30, 20, 5);
    }
}
