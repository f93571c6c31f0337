package dev.recsys.models.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.data.RatingScale;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.frozen.Weights;
import dev.recsys.core.optim.Adam;
import dev.recsys.models.Fixtures;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Ranking model: learning beats the mean rating, predictions stay on the scale, and the optional
 * additive terms (mean rating, biases, dot product) are what the class says.
 */
class RankingModelTest {

    private static final Fixtures WORLD = new Fixtures(9, 600);

    @Test
    void trainingBeatsPredictingTheMeanRatingAndPredictionsStayOnTheScale() {
        // Ratings in the synthetic world are a function of the movie (5 - 0.5 · slot), so a model
        // that learned anything beats the constant predictor, whose RMSE is the ratings' std.
        double constantRmse = constantRmse(WORLD.test);

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
    void withBiasesAndTheDotProductTrainingAlsoBeatsTheMeanRating() {
        // the same bar as above (half the constant predictor's RMSE) for the head with every additive
        // term, in a quarter of the epochs: the movie bias alone can hold this world's ratings
        double constantRmse = constantRmse(WORLD.test);
        try (UserTower users = WORLD.userTower(8).build(); MovieTower movies = WORLD.movieTower(8).build();
             RankingModel model = RankingModel.builder(users, movies).hidden(16, 8).biases(true).dotProduct(true)
                     .build()) {
            TrainingResult result = Trainer.builder().epochs(10).batchSize(64).evaluateEvery(10)
                    .optimizer(() -> Adam.builder(0.01).build()).build().fit(model, WORLD.train, WORLD.test);
            assertThat(result.metrics().get("rmse")).isLessThan(0.5 * constantRmse);
        }
    }

    @Test
    void theMeanRatingAndBothBiasesAndTheDotProductAreAddedToTheHead() {
        // a linear head (no hidden layer) with a zero kernel and output bias 0.1, user 5's bias 0.5,
        // movie 103's bias -0.25, μ = 3: rating = 0.1 + 3 + 0.5 - 0.25 + u·m = 3.35 + u·m, with u
        // and m the towers' outputs (small: initial embeddings)
        try (UserTower users = WORLD.userTower(4).build(); MovieTower movies = WORLD.movieTower(4).build();
             RankingModel model = RankingModel.builder(users, movies).hidden().biases(true).mean(3.0)
                     .dotProduct(true).build()) {
            int userRow = users.userIds().encode(5);
            int movieRow = movies.spec().movieIds().encode(103);
            Weights.Builder weights = Weights.builder();
            Weights current = model.head().weights();
            for (String name : current.names()) {
                float[] values = new float[current.values(name).length];
                if (name.equals("rating/projection/bias")) {
                    values[0] = 0.1f;
                } else if (name.equals(RankingModel.USER_BIAS)) {
                    values[userRow] = 0.5f;
                } else if (name.equals(RankingModel.MOVIE_BIAS)) {
                    values[movieRow] = -0.25f;
                }
                weights.put(name, values, current.shape(name));
            }
            model.head().restore(weights.build());
            Examples pair = Examples.of(new int[] {5}, new long[] {Fixtures.T0}, new int[] {103}, new float[] {0f});
            float[] u = users.freeze().encode(5, Fixtures.T0);
            float[] m = movies.freeze().encode(new int[] {103});
            double dot = dot(u, m);
            assertThat(model.predict(pair)[0]).isCloseTo(3.35 + dot, within(1e-6));
            assertThat(model.freeze().rating(5, u, 103, m)).isCloseTo((float) (3.35 + dot), within(1e-6f));
            // an unknown user and movie have their out-of-vocabulary rows, zero here: 3.1 + u'·m'
            Examples strangers = Examples.of(new int[] {999}, new long[] {Fixtures.T0}, new int[] {999}, new float[] {0f});
            double strangersDot = dot(users.freeze().encode(999, Fixtures.T0), movies.freeze().encode(new int[] {999}));
            assertThat(model.predict(strangers)[0]).isCloseTo(3.1 + strangersDot, within(1e-6));
        }
    }

    @Test
    void dropoutActsInTrainingOnly() {
        // two heads with the same seed and weights, one with dropout 0.5: the same predictions,
        // but the training loss of one batch differs (half the head's inputs dropped, the rest doubled)
        Examples batch = WORLD.test;
        try (UserTower users = WORLD.userTower(4).build(); MovieTower movies = WORLD.movieTower(4).build();
             RankingModel plain = RankingModel.builder(users, movies).hidden(8).build();
             RankingModel dropped = RankingModel.builder(users, movies).hidden(8).dropout(0.5).build()) {
            assertThat(dropped.predict(batch)).containsExactly(plain.predict(batch));
            double plainLoss;
            double droppedLoss;
            try (Tape tape = new Tape()) {
                plainLoss = plain.loss(tape, batch).value().getDouble(0);
                droppedLoss = dropped.loss(tape, batch).value().getDouble(0);
            }
            assertThat(droppedLoss).isNotEqualTo(plainLoss);
        }
    }

    @Test
    void withBiasesTheMeanComesFromTheTrainingDataUnlessSet() {
        // ratings 1, 2 and 4.5: mean 7.5 / 3 = 2.5
        Examples three = Examples.of(new int[] {1, 2, 3}, new long[] {Fixtures.T0, Fixtures.T0, Fixtures.T0},
                new int[] {100, 101, 102}, new float[] {1f, 2f, 4.5f});
        try (UserTower users = WORLD.userTower(4).build(); MovieTower movies = WORLD.movieTower(4).build();
             RankingModel fromData = RankingModel.builder(users, movies).biases(true).build();
             RankingModel fixed = RankingModel.builder(users, movies).biases(true).mean(3.5).build();
             RankingModel plain = RankingModel.builder(users, movies).build()) {
            assertThat(fromData.mean()).isZero(); // before training
            for (RankingModel model : new RankingModel[] {fromData, fixed, plain}) {
                model.beforeTraining(three);
            }
            assertThat(fromData.mean()).isEqualTo(2.5);
            assertThat(fixed.mean()).isEqualTo(3.5);
            assertThat(plain.mean()).isZero();
            assertThat(plain.biases()).isFalse();
            assertThat(plain.dotProduct()).isFalse();
            assertThat(plain.head().parameters()).noneMatch(p -> p.name().contains("Bias"));
            assertThat(fromData.headSpec()).satisfies(spec -> {
                assertThat(spec.biases()).isTrue();
                assertThat(spec.mean()).isEqualTo(2.5);
                assertThat(spec.hidden()).containsExactly(128, 64);
            });
        }
    }

    @Test
    void badHeadSettingsAreRefused() {
        try (UserTower users = WORLD.userTower(4).build(); MovieTower movies = WORLD.movieTower(4).outputDim(3).build()) {
            assertThatThrownBy(() -> RankingModel.builder(users, movies).dotProduct(true).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("dot product needs towers of one width: user tower 4, movie tower 3");
            assertThatThrownBy(() -> RankingModel.builder(users, movies).biases(true).mean(Double.POSITIVE_INFINITY)
                    .build()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("mean rating must be finite, found Infinity");
            assertThatThrownBy(() -> RankingModel.builder(users, movies).dropout(1.0).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("dropout rate must be in [0, 1), found 1.0");
        }
    }

    private static double dot(float[] u, float[] m) {
        double sum = 0;
        for (int k = 0; k < u.length; k++) {
            sum += u[k] * m[k];
        }
        return sum;
    }

    private static double constantRmse(Examples examples) {
        double mean = 0;
        for (int i = 0; i < examples.size(); i++) {
            mean += examples.rating(i);
        }
        mean /= examples.size();
        double squares = 0;
        for (int i = 0; i < examples.size(); i++) {
            squares += Math.pow(examples.rating(i) - mean, 2);
        }
        return Math.sqrt(squares / examples.size());
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
