package dev.recsys.models.tower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.TitleVectorizer;
import dev.recsys.core.nn.GradientCheck;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.models.Fixtures;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Whole-tower gradient checks, output shapes and configuration errors. */
class TowerTest {

    private static final Fixtures WORLD = new Fixtures(1, 200);
    private static final int[] USERS = {1, 5, 5, 30, 999};
    private static final long[] TIMES = {Fixtures.T0, Fixtures.T0 + 40_000, Fixtures.T0 + 9_000_000,
        Fixtures.T0 + 20_000_000, Fixtures.T0 + 31_000_000};
    private static final int[] MOVIES = {100, 103, 103, 123, 5};

    @Test
    void userTowerWithEveryFeatureAndAHiddenLayerPassesTheGradientCheck() {
        try (UserTower tower = WORLD.userTower(4).hidden(5).outputDim(3).dataType(DataType.DOUBLE).build()) {
            assertThat(gradientError(tower.parameters(), tape -> tower.encode(tape, USERS, TIMES), 3)).isLessThan(1e-6);
        }
    }

    @Test
    void userTowersWithEveryHistoryPoolingPassTheGradientCheck() {
        // rating and recency weights reach the mean; the attention runs without dropout (a
        // numeric gradient needs a deterministic function; its dropout path is checked in core)
        dev.recsys.core.features.RecentItems recent = dev.recsys.core.features.RecentItems.builder().maxLength(4)
                .ratingWeighted(true).recencyHalfLife(30).build().fit(WORLD.train);
        for (Pooling pooling : Pooling.values()) {
            try (UserTower tower = UserTower.builder(WORLD.userIds, 2).history(recent, WORLD.movieIds, 4, pooling)
                    .historyAttention(1, 2, 0.2).outputDim(3).dataType(DataType.DOUBLE).build()) {
                assertThat(gradientError(tower.parameters(), tape -> tower.encode(tape, USERS, TIMES), 3))
                        .as(pooling.toString()).isLessThan(1e-6);
            }
        }
    }

    @Test
    void movieTowerWithMeanPooledTitlesGenresAndAHiddenLayerPassesTheGradientCheck() {
        try (MovieTower tower = WORLD.movieTower(4).hidden(5).outputDim(3).dataType(DataType.DOUBLE).build()) {
            assertThat(gradientError(tower.parameters(), tape -> tower.encode(tape, MOVIES), 3)).isLessThan(1e-6);
        }
    }

    @Test
    void movieTowerWithGruTitlesPassesTheGradientCheck() {
        try (MovieTower tower = WORLD.movieTower(4).title(WORLD.titles, 3, Pooling.GRU).outputDim(3)
                .dataType(DataType.DOUBLE).build()) {
            assertThat(gradientError(tower.parameters(), tape -> tower.encode(tape, MOVIES), 3)).isLessThan(1e-6);
        }
    }

    /**
     * Checks the gradient of {@code sum(output * w)} for a fixed random {@code w}: every output
     * element gets a distinct weight, so no gradient can cancel out by symmetry.
     */
    private static double gradientError(ParameterStore store, Function<Tape, Variable> tower, int dim) {
        SplittableRandom random = new SplittableRandom(3);
        double[] w = new double[USERS.length * dim];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextDouble(-1, 1);
        }
        try (INDArray weights = Nd4j.create(w, new long[] {USERS.length, dim}, DataType.DOUBLE)) {
            GradientCheck.Result result = GradientCheck.check(store,
                    tape -> Ops.sum(Ops.mul(tower.apply(tape), tape.constant(weights))));
            assertThat(result.elementsChecked()).as("elements checked").isPositive();
            return result.maxRelativeError();
        }
    }

    @Test
    void outputsHaveTheProjectedWidth() {
        try (UserTower users = WORLD.userTower(6).outputDim(5).build();
             MovieTower movies = WORLD.movieTower(6).hidden(7, 4).outputDim(5).build();
             Tape tape = new Tape()) {
            assertThat(users.encode(tape, USERS, TIMES).shape()).containsExactly(5, 5);
            assertThat(movies.encode(tape, MOVIES).shape()).containsExactly(5, 5);
            assertThat(users.outputDim()).isEqualTo(5);
        }
    }

    @Test
    void theOutputWidthDefaultsToTheIdEmbeddingWidth() {
        try (UserTower users = UserTower.builder(WORLD.userIds, 7).build()) {
            assertThat(users.outputDim()).isEqualTo(7);
        }
    }

    @Test
    void aMissingOrUnfittedIdFeatureIsRejected() {
        assertThatThrownBy(() -> UserTower.builder(null, 8).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user id feature").hasMessageContaining("found none");
        assertThatThrownBy(() -> MovieTower.builder(IdEncoder.builder().build(), 8).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("movie id feature").hasMessageContaining("unfitted");
    }

    @Test
    void badFeatureSettingsAreRejectedWithWhatWasFound() {
        assertThatThrownBy(() -> UserTower.builder(WORLD.userIds, 0).build())
                .hasMessage("user id embedding dim must be positive, found 0");
        assertThatThrownBy(() -> UserTower.builder(WORLD.userIds, 4).timeBuckets(Discretizer.equalWidth(3), 4).build())
                .hasMessageContaining("Discretizer is not fitted");
        assertThatThrownBy(() -> UserTower.builder(WORLD.userIds, 4).hidden(8, -1).build())
                .hasMessage("user tower hidden layer sizes must be positive, found [8, -1]");
        assertThatThrownBy(() -> MovieTower.builder(WORLD.movieIds, 4).title(WORLD.titles, 4, Pooling.MEAN).build())
                .hasMessageContaining("need catalog(...)");
        assertThatThrownBy(() -> MovieTower.builder(WORLD.movieIds, 4).catalog(WORLD.catalog)
                .title(TitleVectorizer.builder().build(), 4, Pooling.MEAN).build())
                .hasMessageContaining("TitleVectorizer is not fitted");
        assertThatThrownBy(() -> MovieTower.builder(WORLD.movieIds, 4).catalog(WORLD.catalog)
                .title(WORLD.titles, 4, Pooling.ATTENTION).build())
                .hasMessage("title pooling must be MEAN or GRU, found ATTENTION");
        dev.recsys.core.features.RecentItems recent = dev.recsys.core.features.RecentItems.builder().maxLength(3).build()
                .fit(WORLD.train);
        assertThatThrownBy(() -> UserTower.builder(WORLD.userIds, 4).history(recent, WORLD.movieIds, 4, Pooling.ATTENTION)
                .historyAttention(1, 3, 0.2).build())
                .hasMessage("history attention needs at least 1 layer and a head count dividing the history dim 4,"
                        + " found 1 layers, 3 heads");
        assertThatThrownBy(() -> UserTower.builder(WORLD.userIds, 4).history(recent, WORLD.movieIds, 4, Pooling.ATTENTION)
                .historyAttention(1, 1, 1.0).build())
                .hasMessage("history attention dropout must be in [0, 1), found 1.0");
    }
}
