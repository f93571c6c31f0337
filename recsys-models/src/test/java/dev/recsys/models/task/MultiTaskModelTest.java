package dev.recsys.models.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.optim.Adam;
import dev.recsys.models.Fixtures;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import org.junit.jupiter.api.Test;

/** The joint loss is the weighted sum of the two task losses, on shared towers. */
class MultiTaskModelTest {

    private static final Fixtures WORLD = new Fixtures(3, 300);

    @Test
    void theJointLossIsTheWeightedSumOfTheTaskLosses() {
        Examples batch = WORLD.train.slice(0, 16);
        try (UserTower users = WORLD.userTower(6).build(); MovieTower movies = WORLD.movieTower(6).build();
             MultiTaskModel joint = MultiTaskModel.builder(users, movies, WORLD.catalog)
                     .retrieval(Retrieval.defaults(), 0.3).ranking(Ranking.movieLens(), 2.0).build();
             Tape tape = new Tape()) {
            double retrieval = joint.retrieval().loss(tape, batch).value().getDouble(0);
            double ranking = joint.ranking().loss(tape, batch).value().getDouble(0);
            double total = joint.loss(tape, batch).value().getDouble(0);
            assertThat(total).isCloseTo(0.3 * retrieval + 2.0 * ranking, within(1e-4 * Math.abs(total)));
        }
    }

    @Test
    void jointTrainingReportsBothTasksMetrics() {
        try (UserTower users = WORLD.userTower(6).build(); MovieTower movies = WORLD.movieTower(6).build();
             MultiTaskModel joint = MultiTaskModel.builder(users, movies, WORLD.catalog)
                     .rankingHead(head -> head.hidden(8)).build()) {
            TrainingResult result = Trainer.builder().epochs(2).batchSize(64)
                    .optimizer(() -> Adam.builder(0.01).build()).build().fit(joint, WORLD.train, WORLD.test);
            assertThat(result.metrics()).containsKeys("factorizedTop@1", "factorizedTop@100", "ndcg@10", "rmse", "mae");
            assertThat(joint.parameterStores()).hasSize(3);
        }
    }

    @Test
    void theRankingHeadTakesItsSettingsFromTheHook() {
        try (UserTower users = WORLD.userTower(6).build(); MovieTower movies = WORLD.movieTower(6).build();
             MultiTaskModel joint = MultiTaskModel.builder(users, movies, WORLD.catalog)
                     .rankingHead(head -> head.hidden(4).biases(true).mean(3.0).dotProduct(true)).build()) {
            RankingModel.HeadSpec head = joint.ranking().headSpec();
            assertThat(head.hidden()).containsExactly(4);
            assertThat(head.biases()).isTrue();
            assertThat(head.dotProduct()).isTrue();
            assertThat(head.mean()).isEqualTo(3.0);
        }
    }

    @Test
    void weightsMustNotBothBeZero() {
        try (UserTower users = WORLD.userTower(6).build(); MovieTower movies = WORLD.movieTower(6).build()) {
            assertThatThrownBy(() -> MultiTaskModel.builder(users, movies, WORLD.catalog)
                    .retrieval(Retrieval.defaults(), 0).ranking(Ranking.movieLens(), 0).build())
                    .hasMessage("at least one loss weight must be positive, found both 0");
        }
    }
}
