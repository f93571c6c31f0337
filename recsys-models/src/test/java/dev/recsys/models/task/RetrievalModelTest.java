package dev.recsys.models.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.features.RecentItems;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.optim.Adam;
import dev.recsys.models.Fixtures;
import dev.recsys.models.eval.Evaluator;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.EpochReport;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retrieval model assembly, learning on a synthetic world, and determinism. */
class RetrievalModelTest {

    private static final Fixtures WORLD = new Fixtures(5, 600);
    /** Each user's group holds 8 of the 24 movies. */
    private static final Evaluator EIGHT = Evaluator.builder().ks(1, 8).build();

    @Test
    void towersOfDifferentWidthsAreRejectedNamingBoth() {
        try (UserTower users = WORLD.userTower(8).outputDim(32).build();
             MovieTower movies = WORLD.movieTower(8).outputDim(64).build()) {
            assertThatThrownBy(() -> RetrievalModel.builder(users, movies, WORLD.catalog).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("embedding dim mismatch: user tower 32, movie tower 64");
        }
    }

    @Test
    void aUserTowerSharingAnotherMovieTowersIdTableIsRefused() {
        // that table's store is not among the model's, so no optimizer would step it
        RecentItems recent = RecentItems.builder().maxLength(3).build().fit(WORLD.train);
        try (MovieTower owner = MovieTower.builder(WORLD.movieIds, 4).build();
             MovieTower other = MovieTower.builder(WORLD.movieIds, 4).build();
             UserTower users = UserTower.builder(WORLD.userIds, 4).history(recent, owner, Pooling.MEAN).build()) {
            assertThatThrownBy(() -> RetrievalModel.builder(users, other, WORLD.catalog).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("retrieval model: the user tower's history shares the id table of another movie tower"
                            + " than the model's; pair it with that movie tower");
            assertThatThrownBy(() -> RankingModel.builder(users, other).build())
                    .hasMessageStartingWith("ranking model: the user tower's history shares");
            assertThat(RetrievalModel.builder(users, owner, WORLD.catalog).build().parameterStores())
                    .containsExactly(users.parameters(), owner.parameters());
        }
    }

    @Test
    void missingTowersAreRejected() {
        try (MovieTower movies = WORLD.movieTower(8).build()) {
            assertThatThrownBy(() -> RetrievalModel.builder(null, movies, WORLD.catalog).build())
                    .hasMessage("retrieval model needs a user tower and a movie tower, found no user tower and a movie tower");
        }
    }

    @Test
    void trainingLearnsTheTasteGroups() {
        // Each user only rates the 8 movies of their group among 24: a model that learned the
        // groups ranks the true movie within the top 8 far more often than chance (1/3).
        Map<String, Double> before;
        Map<String, Double> after;
        try (UserTower users = WORLD.userTower(8).build(); MovieTower movies = WORLD.movieTower(8).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, WORLD.catalog).build();
            before = EIGHT.evaluate(model, WORLD.test).metrics();
            after = trainer(7).fit(model, WORLD.train, WORLD.test).metrics();
        }
        assertThat(before.get("factorizedTop@8")).isLessThan(0.5);
        assertThat(after.get("factorizedTop@8")).isGreaterThan(0.8);
    }

    @Test
    void theSamplingCorrectionUsesEachCandidatesShareOfTheTrainingExamples() {
        Retrieval task = Retrieval.builder().samplingCorrection(true).build();
        Examples batch = WORLD.train.slice(0, 12);
        // log q of each batch movie, counted here independently of the model.
        double[] logQ = new double[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            int count = 0;
            for (int row = 0; row < WORLD.train.size(); row++) {
                count += WORLD.train.movieId(row) == batch.movieId(i) ? 1 : 0;
            }
            logQ[i] = Math.log((double) count / WORLD.train.size());
        }
        try (UserTower users = WORLD.userTower(8).build(); MovieTower movies = WORLD.movieTower(8).build();
             Tape tape = new Tape()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, WORLD.catalog).task(task).build();
            model.beforeTraining(WORLD.train);
            double expected = task.loss(tape, users.encode(tape, batch.userIds(), batch.timestamps()),
                    movies.encode(tape, batch.movieIds()), batch.movieIds(), logQ).value().getDouble(0);
            double uncorrected = Retrieval.defaults().loss(tape, users.encode(tape, batch.userIds(), batch.timestamps()),
                    movies.encode(tape, batch.movieIds()), batch.movieIds(), null).value().getDouble(0);
            double actual = model.loss(tape, batch).value().getDouble(0);
            assertThat(actual).isCloseTo(expected, within(1e-6));
            assertThat(Math.abs(actual - uncorrected)).isGreaterThan(1e-3);
        }
    }

    @Test
    void theSameSeedsGiveTheSameRunAndAnotherShuffleSeedAnotherRun() {
        TrainingResult first = run(7);
        TrainingResult second = run(7);
        TrainingResult other = run(8);
        assertThat(second.history()).extracting(EpochReport::loss)
                .containsExactlyElementsOf(first.history().stream().map(EpochReport::loss).toList());
        assertThat(second.metrics()).isEqualTo(first.metrics());
        assertThat(other.history().get(2).loss()).isNotEqualTo(first.history().get(2).loss());
    }

    private static TrainingResult run(long shuffleSeed) {
        try (UserTower users = WORLD.userTower(8).seed(1).build(); MovieTower movies = WORLD.movieTower(8).seed(2).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, WORLD.catalog).build();
            return Trainer.builder().epochs(3).batchSize(64).seed(shuffleSeed).evaluator(EIGHT).monitor("factorizedTop@8")
                    .optimizer(() -> Adam.builder(0.02).build()).build().fit(model, WORLD.train, WORLD.test);
        }
    }

    private static Trainer trainer(long seed) {
        return Trainer.builder().epochs(25).batchSize(64).seed(seed).evaluateEvery(25).evaluator(EIGHT)
                .monitor("factorizedTop@8")
                .optimizer(() -> Adam.builder(0.02).build()).build();
    }
}
