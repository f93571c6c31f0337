package dev.recsys.models.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.optim.Adam;
import dev.recsys.models.Fixtures;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A request at any {@code long} time gets sensible predictions: the time features of a model
 * trained on one year of timestamps do not extrapolate (issue 14: at 0, -1, 2100 or
 * Long.MAX_VALUE every prediction used to clip to 5.0).
 */
class TimesOutsideTrainingTest {

    private static final Fixtures WORLD = new Fixtures(13, 400);
    /** 2100-01-01T00:00:00Z. */
    private static final long YEAR_2100 = 4_102_444_800L;
    private static final long[] BEFORE = {0, -1, Long.MIN_VALUE, WORLD.train.timestamps()[0] - 86_400L * 365 * 30};
    private static final long[] AFTER = {YEAR_2100, Long.MAX_VALUE, 253_402_300_799L};

    /**
     * Without the cyclic calendar features every time feature (buckets, year, normalized
     * timestamp) is clamped to the training range, so a time before it predicts exactly as the
     * first training time and a time after it as the last.
     */
    @Test
    void predictionsBeyondTheTrainingRangeEqualThoseAtTheNearestEdge() {
        long first = LongStream.of(WORLD.train.timestamps()).min().orElseThrow();
        long last = LongStream.of(WORLD.train.timestamps()).max().orElseThrow();
        try (UserTower users = UserTower.builder(WORLD.userIds, 4).timeBuckets(WORLD.buckets, 2)
                     .year(WORLD.years, 2).normalizedTimestamp(WORLD.normalizer).seed(5).build();
             MovieTower movies = MovieTower.builder(WORLD.movieIds, 4).seed(5).build();
             RankingModel model = trained(users, movies)) {
            double[] atFirst = model.predict(at(first));
            double[] atLast = model.predict(at(last));
            for (long t : BEFORE) {
                assertThat(model.predict(at(t))).as("time %d", t).containsExactly(atFirst, within(1e-6));
            }
            for (long t : AFTER) {
                assertThat(model.predict(at(t))).as("time %d", t).containsExactly(atLast, within(1e-6));
            }
            assertSensible(atFirst);
            assertSensible(atLast);
        }
    }

    /** With every time feature, cyclic ones included, predictions at extreme times stay sensible. */
    @Test
    void predictionsAtExtremeTimesAreNotClippedWithEveryTimeFeature() {
        try (UserTower users = WORLD.userTower(4).seed(5).build();
             MovieTower movies = MovieTower.builder(WORLD.movieIds, 4).seed(5).build();
             RankingModel model = trained(users, movies)) {
            for (long t : LongStream.concat(LongStream.of(BEFORE), LongStream.of(AFTER)).toArray()) {
                assertSensible(model.predict(at(t)));
            }
        }
    }

    private static RankingModel trained(UserTower users, MovieTower movies) {
        RankingModel model = RankingModel.builder(users, movies).hidden(8).seed(5).build();
        Trainer.builder().epochs(5).batchSize(64).seed(5).optimizer(() -> Adam.builder(0.02).build()).build()
                .fit(model, WORLD.train, WORLD.test);
        return model;
    }

    /** Every movie of the world for user 1 at time {@code t}. */
    private static Examples at(long t) {
        int n = Fixtures.MOVIES;
        int[] users = new int[n];
        long[] times = new long[n];
        int[] movies = new int[n];
        Arrays.fill(users, 1);
        Arrays.fill(times, t);
        for (int m = 0; m < n; m++) {
            movies[m] = 100 + m;
        }
        return Examples.of(users, times, movies, new float[n]);
    }

    /** Finite, on the 0.5-5 scale, not all at its maximum, and different across movies. */
    private static void assertSensible(double[] predictions) {
        for (double p : predictions) {
            assertThat(p).isBetween(0.5, 5.0);
        }
        assertThat(Arrays.stream(predictions).filter(p -> p == 5.0).count()).isLessThan(predictions.length);
        assertThat(Arrays.stream(predictions).distinct().count()).isGreaterThan(predictions.length / 2);
    }
}
