package dev.recsys.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Fixtures;
import dev.recsys.data.Interactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
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

    /** The rows of all three parts: equal to the input's rows exactly when the split is complete and disjoint. */
    private static List<String> union(Split split) {
        List<String> all = new ArrayList<>(rowKeys(split.train()));
        all.addAll(rowKeys(split.validation()));
        all.addAll(rowKeys(split.test()));
        Collections.sort(all);
        return all;
    }

    /** Random interactions whose timestamps take only {@code distinctTimes} values, so many tie. */
    private static Interactions withTies(int rows, int distinctTimes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] table = new double[rows][];
        for (int i = 0; i < rows; i++) {
            table[i] = new double[] {1 + random.nextInt(10), 1 + random.nextInt(20), 0.5 * (1 + random.nextInt(10)),
                1000 + random.nextInt(distinctTimes)};
        }
        return Fixtures.interactions(Fixtures.movies(20), table);
    }

    private static long max(Interactions part) {
        return Arrays.stream(part.timestamps()).max().orElse(Long.MIN_VALUE);
    }

    private static long min(Interactions part) {
        return Arrays.stream(part.timestamps()).min().orElse(Long.MAX_VALUE);
    }

    // ---- random

    @Property(tries = 50)
    void randomSplitIsCompleteDisjointAndReproducible(@ForAll @IntRange(min = 0, max = 300) int rows,
            @ForAll @DoubleRange(min = 0, max = 1) double trainShare,
            @ForAll @DoubleRange(min = 0, max = 1) double validationShare, @ForAll long seed) {
        Interactions data = Fixtures.random(20, 30, rows, 7);
        int trainCount = (int) (trainShare * rows);
        int validationCount = (int) (validationShare * (rows - trainCount));

        Split split = Splits.randomByCount(data, trainCount, validationCount, seed);

        assertThat(split.train().size()).isEqualTo(trainCount);
        assertThat(split.validation().size()).isEqualTo(validationCount);
        assertThat(split.test().size()).isEqualTo(rows - trainCount - validationCount);
        assertThat(union(split)).isEqualTo(rowKeys(data)); // complete, and no row used twice
        Split again = Splits.randomByCount(data, trainCount, validationCount, seed);
        assertThat(again.train().timestamps()).containsExactly(split.train().timestamps());
        assertThat(again.validation().timestamps()).containsExactly(split.validation().timestamps());
        assertThat(again.test().timestamps()).containsExactly(split.test().timestamps());
    }

    @Property(tries = 50)
    void validationIsCarvedOutOfTheTwoWayTrainPartLeavingItsTestAlone(
            @ForAll @IntRange(min = 0, max = 300) int rows, @ForAll @DoubleRange(min = 0, max = 1) double keptShare,
            @ForAll @DoubleRange(min = 0, max = 1) double validationShare, @ForAll long seed) {
        Interactions data = Fixtures.random(20, 30, rows, 11);
        int kept = (int) (keptShare * rows);
        int validationCount = (int) (validationShare * kept);

        Split twoWay = Splits.randomByCount(data, kept, seed);
        Split threeWay = Splits.randomByCount(data, kept - validationCount, validationCount, seed);

        assertThat(twoWay.hasValidation()).isFalse();
        assertThat(threeWay.test().timestamps()).containsExactly(twoWay.test().timestamps());
        assertThat(threeWay.trainAndValidation().timestamps()).containsExactly(twoWay.train().timestamps());
    }

    @Property(tries = 50)
    void ratioSplitRoundsEachBoundaryAndKeepsTheTwoWayTest(@ForAll @IntRange(min = 0, max = 300) int rows,
            @ForAll @DoubleRange(min = 0, max = 1) double trainFraction,
            @ForAll @DoubleRange(min = 0, max = 1) double validationShare, @ForAll long seed) {
        Interactions data = Fixtures.random(20, 30, rows, 5);
        double validationFraction = validationShare * (1 - trainFraction);

        Split split = Splits.randomByRatio(data, trainFraction, validationFraction, seed);

        long kept = Math.min(rows, Math.round((trainFraction + validationFraction) * rows));
        assertThat(split.train().size()).isEqualTo(Math.round(trainFraction * rows));
        assertThat(split.train().size() + split.validation().size()).isEqualTo(kept);
        assertThat(union(split)).isEqualTo(rowKeys(data));
        assertThat(split.test().timestamps())
                .containsExactly(Splits.randomByCount(data, (int) kept, seed).test().timestamps());
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
        // train round(0.7 · 10) = 7, train + validation round(0.85 · 10) = round(8.5) = 9
        Split split = Splits.randomByRatio(data, 0.7, 0.15, 1);
        assertThat(new int[] {split.train().size(), split.validation().size(), split.test().size()})
                .containsExactly(7, 2, 1);
        assertThatThrownBy(() -> Splits.randomByRatio(data, 1.5, 1)).hasMessageContaining("found 1.5");
        assertThatThrownBy(() -> Splits.randomByRatio(data, 0.8, 0.3, 1))
                .hasMessage("train and validation fractions must be >= 0 with a sum <= 1, found 0.8 and 0.3");
        assertThatThrownBy(() -> Splits.randomByCount(data, 11, 1)).hasMessageContaining("[0, 10], found 11");
        assertThatThrownBy(() -> Splits.randomByCount(data, 6, 5, 1))
                .hasMessage("train and validation counts must be >= 0 with a sum in [0, 10], found 6 and 5");
        assertThatThrownBy(() -> Splits.randomByCount(null, 1, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("interactions");
    }

    // ---- per-user temporal

    @Property(tries = 60)
    void temporalPerUserSplitIsCompleteAndOrderedInTimePerUser(@ForAll @IntRange(min = 0, max = 400) int rows,
            @ForAll @DoubleRange(min = 0, max = 1) double testFraction,
            @ForAll @DoubleRange(min = 0, max = 1) double validationShare, @ForAll boolean ties, @ForAll long seed) {
        Interactions data = ties ? withTies(rows, 4, seed) : Fixtures.random(15, 40, rows, seed);
        double validationFraction = validationShare * (1 - testFraction);

        Split split = Splits.temporalPerUser(data, validationFraction, testFraction);

        assertThat(union(split)).isEqualTo(rowKeys(data));
        int[] all = data.countsPerUser();
        int[] validationCounts = split.validation().countsPerUser();
        int[] testCounts = split.test().countsPerUser();
        for (int u = 0; u < data.userCount(); u++) {
            assertThat(testCounts[u]).isEqualTo((int) Math.floor(testFraction * all[u]));
            assertThat(validationCounts[u]).isEqualTo((int) Math.floor(validationFraction * all[u]));
            int user = u;
            Interactions train = split.train().filter(row -> split.train().userIndex(row) == user);
            Interactions validation = split.validation().filter(row -> split.validation().userIndex(row) == user);
            Interactions test = split.test().filter(row -> split.test().userIndex(row) == user);
            // leak-free per user: no train rating after a validation or test one, no validation after a test one
            assertThat(max(train)).isLessThanOrEqualTo(min(validation));
            assertThat(max(train)).isLessThanOrEqualTo(min(test));
            assertThat(max(validation)).isLessThanOrEqualTo(min(test));
        }
        // the test part is the two-way split's, row for row
        assertThat(rowKeysInOrder(split.test()))
                .isEqualTo(rowKeysInOrder(Splits.temporalPerUser(data, testFraction).test()));
    }

    private static List<String> rowKeysInOrder(Interactions data) {
        List<String> keys = new ArrayList<>();
        for (int row = 0; row < data.size(); row++) {
            keys.add(data.userId(row) + "/" + data.movieIndex(row) + "/" + data.timestamp(row));
        }
        return keys;
    }

    @Test
    void temporalSplitTakesEachUsersLatestRatings() {
        // user 1 rated at times 50, 10, 40, 30, 20: with 40% test, the two latest (50, 40) are test.
        Interactions data = Fixtures.interactions(Fixtures.movies(5), new double[][] {
            {1, 1, 4, 50}, {1, 2, 4, 10}, {1, 3, 4, 40}, {1, 4, 4, 30}, {1, 5, 4, 20}, {2, 1, 3, 5}});

        Split split = Splits.temporalPerUser(data, 0.4);
        assertThat(split.test().timestamps()).containsExactly(50, 40);
        assertThat(split.train().timestamps()).containsExactly(10, 30, 20, 5);
        assertThat(split.hasValidation()).isFalse();

        // with 20% validation too: floor(0.2 · 5) = 1 rating, the one just before the test slice (30);
        // user 2's single rating stays train (floor(0.4 · 1) = floor(0.2 · 1) = 0)
        split = Splits.temporalPerUser(data, 0.2, 0.4);
        assertThat(split.test().timestamps()).containsExactly(50, 40);
        assertThat(split.validation().timestamps()).containsExactly(30);
        assertThat(split.train().timestamps()).containsExactly(10, 20, 5);
    }

    @Test
    void equalTimestampsAreOrderedByRow() {
        // five ratings at one time: the later rows count as later, so movies 4, 5 are test and 3 validation
        Interactions data = Fixtures.interactions(Fixtures.movies(5), new double[][] {
            {1, 1, 4, 7}, {1, 2, 4, 7}, {1, 3, 4, 7}, {1, 4, 4, 7}, {1, 5, 4, 7}});

        Split split = Splits.temporalPerUser(data, 0.2, 0.4);

        assertThat(split.test().movieIndex(0)).isEqualTo(3);
        assertThat(split.test().movieIndex(1)).isEqualTo(4);
        assertThat(split.validation().movieIndex(0)).isEqualTo(2);
        assertThatThrownBy(() -> Splits.temporalPerUser(data, 0.5, 0.6))
                .hasMessage("validation and test fractions must be >= 0 with a sum <= 1, found 0.5 and 0.6");
        assertThatThrownBy(() -> Splits.temporalPerUser(data, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- global temporal

    @Property(tries = 60)
    void globalSplitIsCompleteAndLeakFreeAtQuantileCutOffs(@ForAll @IntRange(min = 1, max = 400) int rows,
            @ForAll @DoubleRange(min = 0, max = 1) double a, @ForAll @DoubleRange(min = 0, max = 1) double b,
            @ForAll boolean ties, @ForAll long seed) {
        Interactions data = ties ? withTies(rows, 6, seed) : Fixtures.random(15, 40, rows, seed);
        double validationQuantile = Math.min(a, b);
        double testQuantile = Math.max(a, b);
        long validationStart = Splits.timeAtQuantile(data, validationQuantile);
        long testStart = Splits.timeAtQuantile(data, testQuantile);

        Split split = Splits.temporalGlobal(data, validationStart, testStart);

        assertThat(union(split)).isEqualTo(rowKeys(data));
        assertThat(max(split.train())).isLessThan(validationStart);
        assertThat(min(split.validation())).isGreaterThanOrEqualTo(validationStart);
        assertThat(max(split.validation())).isLessThan(testStart);
        assertThat(min(split.test())).isGreaterThanOrEqualTo(testStart);
        // ties at a cut-off go to the later part, so the earlier parts hold at most their quantile's share
        int trainLimit = (int) Math.floor(validationQuantile * rows);
        int keptLimit = (int) Math.floor(testQuantile * rows);
        assertThat(split.train().size()).isLessThanOrEqualTo(trainLimit);
        assertThat(split.train().size() + split.validation().size()).isLessThanOrEqualTo(keptLimit);
        if (Arrays.stream(data.timestamps()).distinct().count() == rows) {
            assertThat(split.train().size()).isEqualTo(trainLimit);
            assertThat(split.train().size() + split.validation().size()).isEqualTo(keptLimit);
        }
    }

    @Test
    void globalSplitCutsEveryoneAtOneTimeAndKeepsColdUsersInTheLaterParts() {
        // user 1 rated at 10, 20, 30, 40; user 2 only at 35 and 45, after the validation cut-off (30)
        Interactions data = Fixtures.interactions(Fixtures.movies(5), new double[][] {
            {1, 1, 4, 10}, {1, 2, 4, 20}, {1, 3, 4, 30}, {1, 4, 4, 40}, {2, 1, 3, 35}, {2, 2, 3, 45}});

        Split split = Splits.temporalGlobal(data, 30, 40);

        assertThat(split.train().timestamps()).containsExactly(10, 20);
        assertThat(split.validation().timestamps()).containsExactly(30, 35);
        assertThat(split.test().timestamps()).containsExactly(40, 45);
        int user2 = data.userIndexOf(2);
        assertThat(split.train().countsPerUser()[user2]).isZero(); // cold in training, still evaluated
        assertThat(split.test().countsPerUser()[user2]).isEqualTo(1);
        assertThat(Splits.temporalGlobal(data, 40, 40).hasValidation()).isFalse();
        assertThatThrownBy(() -> Splits.temporalGlobal(data, 41, 40))
                .hasMessage("validation must not start after test: validationStart 41 > testStart 40");
    }

    @Test
    void timeAtQuantileIsTheTimeAtPositionFloorQN() {
        // times in order 10, 20, 20, 30
        Interactions data = Fixtures.interactions(Fixtures.movies(4), new double[][] {
            {1, 1, 4, 20}, {1, 2, 4, 30}, {2, 3, 4, 10}, {2, 4, 4, 20}});

        assertThat(Splits.timeAtQuantile(data, 0)).isEqualTo(10);
        assertThat(Splits.timeAtQuantile(data, 0.3)).isEqualTo(20); // floor(1.2) = 1
        assertThat(Splits.timeAtQuantile(data, 0.5)).isEqualTo(20); // floor(2) = 2: only 1 rating before, 20 ties
        assertThat(Splits.timeAtQuantile(data, 0.75)).isEqualTo(30);
        assertThat(Splits.timeAtQuantile(data, 1)).isEqualTo(31); // one past the latest: everything before
        assertThatThrownBy(() -> Splits.timeAtQuantile(data, 1.5)).hasMessage("quantile must be in [0, 1], found 1.5");
        assertThatThrownBy(() -> Splits.timeAtQuantile(data.filter(row -> false), 0.5))
                .hasMessage("no ratings to take a time quantile of");
    }
}
