package dev.recsys.models.tower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.RecentItems;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.frozen.Weights;
import dev.recsys.models.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Frozen towers against the training forward pass, for every tower configuration: each optional
 * feature alone, all of them, with and without hidden layers and a projection, mean and GRU title
 * pooling; known, unknown and catalogue-less ids; times inside and far outside the training range.
 *
 * <p>Tolerance {@value #TOLERANCE} · (1 + |y|): both sides are float32, but ND4J's gemm and the
 * vector kernels add the products in other orders, and ND4J's float tanh and sigmoid differ from
 * {@code Math}'s in the last bits; weights and features are of order 1 with at most a few dozen
 * products per output, so the difference is a few float ulps (measured at most 3e-7), far below
 * anything a wrong feature, index or layer would give.
 */
class FrozenTowerTest {

    static final double TOLERANCE = 1e-5;
    private static final Fixtures WORLD = new Fixtures(1, 200);
    private static final int[] USERS = {1, 5, 5, 30, 999, 12, 7};
    private static final long[] TIMES = {Fixtures.T0, Fixtures.T0 + 40_000, Fixtures.T0 + 9_000_000,
        Fixtures.T0 + 20_000_000, Fixtures.T0 + 31_000_000, 0L, Fixtures.T0 + 86_400L * 365 * 40};
    private static final int[] MOVIES = {100, 103, 103, 123, 5, 111, 999};

    @Test
    void userTowersOfEveryConfigurationEncodeAsInTraining() {
        Map<String, UnaryOperator<UserTower.Builder>> configurations = new LinkedHashMap<>();
        configurations.put("id only", b -> b);
        configurations.put("time buckets", b -> b.timeBuckets(WORLD.buckets, 3));
        configurations.put("year", b -> b.year(WORLD.years, 2));
        configurations.put("cyclic time", b -> b.cyclicTime(CyclicTimeEncoder.standard(), 3));
        configurations.put("normalized time", b -> b.normalizedTimestamp(WORLD.normalizer));
        configurations.put("hidden layers", b -> b.hidden(5, 3));
        configurations.put("projection", b -> b.outputDim(6));
        RecentItems plain = RecentItems.builder().maxLength(5).build().fit(WORLD.train);
        RecentItems weighted = RecentItems.builder().maxLength(4).ratingWeighted(true).recencyHalfLife(2).build()
                .fit(WORLD.train);
        configurations.put("mean-pooled history", b -> b.history(plain, WORLD.movieIds, 3, Pooling.MEAN));
        configurations.put("weighted history", b -> b.history(weighted, WORLD.movieIds, 3, Pooling.MEAN));
        configurations.put("GRU history", b -> b.history(plain, WORLD.movieIds, 3, Pooling.GRU));
        configurations.put("attention history", b -> b.history(plain, WORLD.movieIds, 3, Pooling.ATTENTION)
                .historyAttention(1, 1, 0.2));
        configurations.put("two-layer two-head attention history", b -> b.history(weighted, WORLD.movieIds, 4,
                Pooling.ATTENTION).historyAttention(2, 2, 0.1).hidden(3));
        configurations.put("every feature", b -> b.timeBuckets(WORLD.buckets, 3).year(WORLD.years, 2)
                .cyclicTime(CyclicTimeEncoder.of(dev.recsys.core.features.TimeField.HOUR), 2)
                .normalizedTimestamp(WORLD.normalizer).history(weighted, WORLD.movieIds, 2, Pooling.GRU).hidden(7)
                .outputDim(5));
        for (Map.Entry<String, UnaryOperator<UserTower.Builder>> configuration : configurations.entrySet()) {
            try (UserTower tower = configuration.getValue().apply(UserTower.builder(WORLD.userIds, 4)).build()) {
                Fixtures.randomize(tower.parameters());
                float[] expected;
                try (Tape tape = new Tape()) {
                    expected = tower.encode(tape, USERS, TIMES).value().data().asFloat();
                }
                FrozenUserTower frozen = tower.freeze();
                assertThat(frozen.outputDim()).isEqualTo(tower.outputDim());
                float[] batch = new float[USERS.length * frozen.outputDim()];
                frozen.encode(USERS, TIMES, batch);
                assertClose(batch, expected, configuration.getKey() + ", batch");
                for (int i = 0; i < USERS.length; i++) {
                    assertClose(frozen.encode(USERS[i], TIMES[i]),
                            java.util.Arrays.copyOfRange(expected, i * frozen.outputDim(), (i + 1) * frozen.outputDim()),
                            configuration.getKey() + ", user " + USERS[i]);
                }
            }
        }
    }

    @Test
    void aHistoryGivenWithTheRequestEncodesAsTheSameHistoryFromTraining() {
        // user 5's fitted history at a time after all training is the same list a request could carry
        RecentItems recent = RecentItems.builder().maxLength(6).build().fit(WORLD.train);
        long late = Fixtures.T0 + 86_400L * 400;
        int[] ids = recent.encode(new int[] {5}, new long[] {late}).indices();
        float[] mask = recent.encode(new int[] {5}, new long[] {late}).mask();
        int[] history = java.util.stream.IntStream.range(0, ids.length).filter(i -> mask[i] == 1).map(i -> ids[i]).toArray();
        assertThat(history).isNotEmpty();
        for (Pooling pooling : Pooling.values()) {
            try (UserTower tower = UserTower.builder(WORLD.userIds, 4).history(recent, WORLD.movieIds, 3, pooling).build()) {
                Fixtures.randomize(tower.parameters());
                FrozenUserTower frozen = tower.freeze();
                assertClose(frozen.encode(5, late, history), frozen.encode(5, late), pooling + ", given vs fitted");
                // a stranger with user 5's history differs from user 5 only through the id embedding
                assertThat(frozen.encode(999, late, history)).isNotEqualTo(frozen.encode(999, late));
            }
        }
    }

    @Test
    void movieTowersOfEveryConfigurationEncodeAsInTraining() {
        Map<String, UnaryOperator<MovieTower.Builder>> configurations = new LinkedHashMap<>();
        configurations.put("id only", b -> b);
        configurations.put("mean-pooled title", b -> b.catalog(WORLD.catalog).title(WORLD.titles, 3, Pooling.MEAN));
        configurations.put("GRU title", b -> b.catalog(WORLD.catalog).title(WORLD.titles, 3, Pooling.GRU));
        configurations.put("genres", b -> b.catalog(WORLD.catalog).genres(WORLD.genres, 2));
        configurations.put("hidden layers and projection", b -> b.hidden(6, 4).outputDim(3));
        configurations.put("every feature", b -> b.catalog(WORLD.catalog).title(WORLD.titles, 5, Pooling.GRU)
                .genres(WORLD.genres, 3).hidden(7).outputDim(6));
        for (Map.Entry<String, UnaryOperator<MovieTower.Builder>> configuration : configurations.entrySet()) {
            try (MovieTower tower = configuration.getValue().apply(MovieTower.builder(WORLD.movieIds, 4)).build()) {
                Fixtures.randomize(tower.parameters());
                float[] expected;
                try (Tape tape = new Tape()) {
                    expected = tower.encode(tape, MOVIES).value().data().asFloat();
                }
                FrozenMovieTower frozen = tower.freeze();
                assertThat(frozen.outputDim()).isEqualTo(tower.outputDim());
                assertClose(frozen.encode(MOVIES), expected, configuration.getKey());
            }
        }
    }

    @Test
    void aFrozenTowerOutlivesItsTrainingTower() {
        FrozenUserTower frozen;
        float[] before;
        try (UserTower tower = WORLD.userTower(4).hidden(3).build()) {
            Fixtures.randomize(tower.parameters());
            frozen = tower.freeze();
            before = frozen.encode(5, Fixtures.T0);
        }
        assertThat(frozen.encode(5, Fixtures.T0)).containsExactly(before);
        assertThat(frozen.knowsUser(5)).isTrue();
        assertThat(frozen.knowsUser(999)).isFalse();
    }

    @Test
    void weightsThatDoNotFitTheSpecAreRefusedNamingTheParameter() {
        try (UserTower tower = WORLD.userTower(4).build(); UserTower other = WORLD.userTower(3).build()) {
            Weights wrong = other.parameters().weights();
            assertThatThrownBy(() -> FrozenUserTower.of(tower.spec(), wrong)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parameter 'user/id' has shape [31, 3], expected [31, 4]");
            assertThatThrownBy(() -> FrozenUserTower.of(tower.spec(), Weights.builder().build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no parameter named 'user/id'");
        }
        try (MovieTower tower = WORLD.movieTower(4).build()) {
            assertThatThrownBy(() -> FrozenMovieTower.of(tower.spec(), null, tower.parameters().weights()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("movie tower title, genre and age features need catalog(...): found none");
        }
    }

    static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s [%d]", what, i)
                    .isCloseTo(expected[i], Offset.offset(TOLERANCE * (1 + Math.abs(expected[i]))));
        }
    }
}
