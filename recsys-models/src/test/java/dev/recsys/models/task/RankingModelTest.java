package dev.recsys.models.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.data.Examples;
import dev.recsys.core.data.RatingScale;
import dev.recsys.core.optim.Adam;
import dev.recsys.models.Fixtures;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import org.junit.jupiter.api.Test;

/** Ranking model: learning beats the mean rating, predictions stay on the scale. */
class RankingModelTest {

    private static final Fixtures WORLD = new Fixtures(9, 600);

    @Test
    void trainingBeatsPredictingTheMeanRatingAndPredictionsStayOnTheScale() {
        // Ratings in the synthetic world are a function of the movie (5 - 0.5 · slot), so a model
        // that learned anything beats the constant predictor, whose RMSE is the ratings' std.
        double mean = 0;
        for (int i = 0; i < WORLD.test.size(); i++) {
            mean += WORLD.test.rating(i);
        }
        mean /= WORLD.test.size();
        double squares = 0;
        for (int i = 0; i < WORLD.test.size(); i++) {
            squares += Math.pow(WORLD.test.rating(i) - mean, 2);
        }
        double constantRmse = Math.sqrt(squares / WORLD.test.size());

        try (UserTower users = WORLD.userTower(8).build(); MovieTower movies = WORLD.movieTower(8).build();
             RankingModel model = RankingModel.builder(users, movies).hidden(16, 8).build()) {
            TrainingResult result = Trainer.builder().epochs(40).batchSize(64).evaluateEvery(40)
                    .optimizer(() -> Adam.builder(0.01).build()).build().fit(model, WORLD.train, WORLD.test);
            assertThat(result.metrics().get("rmse")).isLessThan(0.5 * constantRmse);
            for (double prediction : model.predict(WORLD.test)) {
                assertThat(prediction).isBetween(0.5, 5.0);
            }
        }
    }

    @Test
    void withoutATaskTheModelTakesTheTrainingDataScale() {
        Examples train = WORLD.train;
        Examples oneToTen = Examples.of(train.userIds(), train.timestamps(), train.movieIds(), train.ratings(),
                RatingScale.of(1, 10, 1));
        try (UserTower users = WORLD.userTower(4).build(); MovieTower movies = WORLD.movieTower(4).build();
             RankingModel fromData = RankingModel.builder(users, movies).hidden(4).build();
             RankingModel fixed = RankingModel.builder(users, movies).hidden(4).task(Ranking.of(0, 5)).build()) {
            fromData.beforeTraining(oneToTen);
            fixed.beforeTraining(oneToTen);

            assertThat(fromData.task().minRating()).isEqualTo(1.0);
            assertThat(fromData.task().maxRating()).isEqualTo(10.0);
            assertThat(fixed.task().maxRating()).isEqualTo(5.0); // a task the user set is kept
            for (double prediction : fromData.predict(WORLD.test)) {
                assertThat(prediction).isBetween(1.0, 10.0);
            }
        }
    }

    @Test
    void clippingUsesTheRatingScale() {
        Ranking task = Ranking.of(1, 5);
        assertThat(task.clip(7.2)).isEqualTo(5.0);
        assertThat(task.clip(-3)).isEqualTo(1.0);
        assertThat(task.clip(3.3)).isEqualTo(3.3);
        assertThatThrownBy(() -> Ranking.of(5, 1)).hasMessage("rating scale must be finite with min < max, found [5.0, 1.0]");
        assertThat(Ranking.of(RatingScale.WHOLE_STARS).minRating()).isEqualTo(1.0);
    }
}
