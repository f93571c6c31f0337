package dev.recsys.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.core.data.Examples;
import dev.recsys.core.features.MaskedIndices;
import dev.recsys.core.features.RecentItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Integration on the real ml-latest-small (skipped without ../shared): the history feature, fitted
 * as the quality harness fits it, leaks nothing. Every training example's history holds only
 * ratings strictly before the example's own time, and no test query's history (fitted on train and
 * validation, as the final model is) holds a rating of the test part. MovieLens has one rating per
 * (user, movie), so a history slot names one rating.
 */
class HistoryLeakageTest {

    private static final Path DATA = Path.of("../../shared/datasets/ml-latest-small");

    @ParameterizedTest
    @ValueSource(strings = {"seed", "temporal", "temporal-global"})
    void historiesHoldOnlyEarlierTrainingRatings(String name) throws IOException {
        assumeTrue(Files.isRegularFile(DATA.resolve("ratings.csv")), "ml-latest-small not found at " + DATA.toAbsolutePath());
        Protocol protocol = Protocol.of(name, DATA);
        RecentItems.Builder settings = RecentItems.builder().maxLength(50);

        Examples train = protocol.train;
        Map<Long, Long> trainTimes = times(train);
        MaskedIndices own = settings.build().fit(train).encode(train.userIds(), train.timestamps());
        int[] ownIds = own.indices();
        float[] ownMask = own.mask();
        int slots = 0;
        List<String> leaks = new ArrayList<>();
        for (int row = 0; row < train.size(); row++) {
            for (int s = row * own.width(); s < (row + 1) * own.width(); s++) {
                if (ownMask[s] == 1) {
                    Long time = trainTimes.get(key(train.userId(row), ownIds[s]));
                    if (time == null || time >= train.timestamp(row)) {
                        leaks.add("training row " + row + " holds movie " + ownIds[s] + " rated at " + time);
                    }
                    slots++;
                }
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(slots).as("filled history slots").isGreaterThan(train.size());

        Examples test = protocol.test;
        Set<Long> testPairs = times(test).keySet();
        Map<Long, Long> finalTimes = times(protocol.trainAndValidation);
        MaskedIndices queries = settings.build().fit(protocol.trainAndValidation).encode(test.userIds(), test.timestamps());
        int[] queryIds = queries.indices();
        float[] queryMask = queries.mask();
        int filled = 0;
        for (int row = 0; row < test.size(); row++) {
            for (int s = row * queries.width(); s < (row + 1) * queries.width(); s++) {
                if (queryMask[s] == 1) {
                    long pair = key(test.userId(row), queryIds[s]);
                    Long time = finalTimes.get(pair);
                    if (testPairs.contains(pair) || time == null || time >= test.timestamp(row)) {
                        leaks.add("test row " + row + " holds movie " + queryIds[s] + " rated at " + time);
                    }
                    filled++;
                }
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(filled).as("filled test history slots").isGreaterThan(test.size());
    }

    private static Map<Long, Long> times(Examples examples) {
        Map<Long, Long> times = new HashMap<>();
        Set<Long> repeated = new HashSet<>();
        for (int row = 0; row < examples.size(); row++) {
            if (times.put(key(examples.userId(row), examples.movieId(row)), examples.timestamp(row)) != null) {
                repeated.add(key(examples.userId(row), examples.movieId(row)));
            }
        }
        assertThat(repeated).as("(user, movie) pairs rated twice").isEmpty();
        return times;
    }

    private static long key(int user, int movie) {
        return ((long) user << 32) | (movie & 0xFFFFFFFFL);
    }
}
