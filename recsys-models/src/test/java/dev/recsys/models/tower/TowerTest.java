package dev.recsys.models.tower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.MaskedIndices;
import dev.recsys.core.features.RecentItems;
import dev.recsys.core.features.TitleVectorizer;
import dev.recsys.core.nn.GradientCheck;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.Parameter;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.core.optim.Sgd;
import dev.recsys.models.Fixtures;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.train.TrainingStep;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataBuffer;
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
    void aHistorySharingTheMovieIdTablePassesTheGradientCheckThroughBothTowers() {
        // the movie id table is read by the movie tower (MOVIES) and by the user tower (the
        // histories): its analytic gradient must hold both lookups' terms to match the numeric one.
        // One pooling suffices: the poolings differ after the lookup, which the test above checks
        RecentItems recent = RecentItems.builder().maxLength(4).ratingWeighted(true).build().fit(WORLD.train);
        try (MovieTower movies = MovieTower.builder(WORLD.movieIds, 4).outputDim(3).dataType(DataType.DOUBLE).build();
             UserTower users = UserTower.builder(WORLD.userIds, 2).history(recent, movies, Pooling.MEAN).outputDim(3)
                     .dataType(DataType.DOUBLE).build()) {
            Function<Tape, Variable> both = tape -> Ops.add(users.encode(tape, USERS, TIMES), movies.encode(tape, MOVIES));
            assertThat(gradientError(movies.parameters(), both, 3)).as("movie store").isLessThan(1e-6);
            assertThat(gradientError(users.parameters(), both, 3)).as("user store").isLessThan(1e-6);
        }
    }

    @Test
    void aSharedHistoryTableIsSteppedOnceWithTheGradientOfBothTowers() {
        // SGD steps w' = w − lr·∂L/∂w. On the shared table ∂L/∂w is the central difference of the
        // retrieval loss, which reads the table through both towers: a table stepped by both
        // stores' optimizers would move by 2·lr·∂L/∂w, one stepped by neither would not move, and
        // one missing the user tower's gradient would leave the rows only the histories read
        RecentItems recent = RecentItems.builder().maxLength(4).build().fit(WORLD.train);
        double lr = 0.5;
        double h = 1e-6;
        Examples batch = WORLD.train.select(new int[] {3, 17, 40, 77, 120, 151});
        try (MovieTower movies = MovieTower.builder(WORLD.movieIds, 3).dataType(DataType.DOUBLE).build();
             UserTower users = UserTower.builder(WORLD.userIds, 3).history(recent, movies, Pooling.MEAN)
                     .dataType(DataType.DOUBLE).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, WORLD.catalog).build();
            assertThat(users.parameters().parameters()).extracting(Parameter::name).doesNotContain(UserTower.HISTORY);
            DataBuffer table = movies.parameters().get(MovieTower.ID).value().data();
            int n = (int) table.length();
            double[] before = table.asDouble();
            double[] gradient = new double[n];
            for (int i = 0; i < n; i++) {
                table.put(i, before[i] + h);
                double plus = loss(model, batch);
                table.put(i, before[i] - h);
                double minus = loss(model, batch);
                table.put(i, before[i]);
                gradient[i] = (plus - minus) / (2 * h);
            }
            try (TrainingStep step = new TrainingStep(model, () -> Sgd.builder(lr).build())) {
                step.run(batch);
            }
            double[] after = table.asDouble();
            for (int i = 0; i < n; i++) {
                assertThat(after[i]).as("element %d", i).isCloseTo(before[i] - lr * gradient[i], within(1e-8));
            }
            // rows read only by the histories (no positive of the batch) moved too
            Set<Integer> historyOnly = new TreeSet<>();
            MaskedIndices histories = recent.encode(batch.userIds(), batch.timestamps());
            for (int i = 0; i < histories.indices().length; i++) {
                if (histories.mask()[i] != 0) {
                    historyOnly.add(histories.indices()[i]);
                }
            }
            Arrays.stream(batch.movieIds()).forEach(historyOnly::remove);
            assertThat(historyOnly).isNotEmpty();
            int dim = 3;
            for (int movie : historyOnly) {
                int row = WORLD.movieIds.encode(movie);
                double moved = 0;
                for (int k = 0; k < dim; k++) {
                    moved += Math.abs(after[row * dim + k] - before[row * dim + k]);
                }
                assertThat(moved).as("movie %d, read only by the histories", movie).isGreaterThan(1e-6);
            }
        }
    }

    @Test
    void aSharedHistoryTakesTheMovieTowersIdsAndWidthAndIsRefusedWhereItCannotWork() {
        RecentItems recent = RecentItems.builder().maxLength(3).build().fit(WORLD.train);
        try (MovieTower movies = MovieTower.builder(WORLD.movieIds, 6).build();
             UserTower users = UserTower.builder(WORLD.userIds, 4).history(recent, movies, Pooling.MEAN).build()) {
            UserTower.Spec spec = users.spec();
            assertThat(spec.historyShared()).isTrue();
            assertThat(spec.historyIds()).isSameAs(WORLD.movieIds);
            assertThat(spec.historyDim()).isEqualTo(6);
            assertThat(users.historyMovieTower()).isSameAs(movies);
            // features: id 4 + pooled history 6
            assertThat(users.parameters().get("user/projection/kernel").shape()).containsExactly(10, 4);
            assertThatThrownBy(spec::builder).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the history shares a movie tower's id table: call builder(movieTower)");
            assertThatThrownBy(() -> spec.builder(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected that movie tower, found null");
            assertThatThrownBy(() -> FrozenUserTower.of(spec, users.parameters().weights()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("of(spec, weights, movieWeights)");
            assertThatThrownBy(() -> FrozenUserTower.of(spec, users.parameters().weights(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found null");
            // the movie weights must hold the id table: a user store's weights do not
            assertThatThrownBy(() -> FrozenUserTower.of(spec, users.parameters().weights(), users.parameters().weights()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(MovieTower.ID);
            // the history width is the movie id width, so attention heads must divide 6
            assertThatThrownBy(() -> UserTower.builder(WORLD.userIds, 4).history(recent, movies, Pooling.ATTENTION)
                    .historyAttention(1, 4, 0.2).build())
                    .hasMessage("history attention needs at least 1 layer and a head count dividing the history dim 6,"
                            + " found 1 layers, 4 heads");
            assertThatThrownBy(() -> UserTower.builder(WORLD.userIds, 4).history(recent, (MovieTower) null, Pooling.MEAN))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("movies");
            assertThatThrownBy(() -> UserTower.builder(WORLD.userIds, 4).history(recent, movies, Pooling.MEAN)
                    .dataType(DataType.DOUBLE).build())
                    .hasMessage("a shared history table needs one parameter type: user tower DOUBLE, movie tower FLOAT");
            // a later history(ids, dim) setting replaces the shared one
            try (UserTower own = UserTower.builder(WORLD.userIds, 4).history(recent, movies, Pooling.MEAN)
                    .history(recent, WORLD.movieIds, 5, Pooling.MEAN).build()) {
                assertThat(own.spec().historyShared()).isFalse();
                assertThat(own.historyMovieTower()).isNull();
                assertThat(own.parameters().get(UserTower.HISTORY).shape()).containsExactly(WORLD.movieIds.size(), 5);
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

    private static double loss(RetrievalModel model, Examples batch) {
        try (Tape tape = new Tape()) {
            return model.loss(tape, batch).value().getDouble(0);
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
