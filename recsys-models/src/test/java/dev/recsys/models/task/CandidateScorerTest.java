package dev.recsys.models.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.models.CandidateScorer;
import dev.recsys.models.Fixtures;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import org.junit.jupiter.api.Test;

/** The retrieval model as a {@link CandidateScorer}, checked against its factorized top-k path. */
class CandidateScorerTest {

    private static final Fixtures WORLD = new Fixtures(5, 600);

    @Test
    void retrievalScoresRankLikeHigherCounts() {
        // higherCounts scores through FactorizedTopK's gemm; counting strictly higher candidates in
        // the scorer's rows must give the same numbers.
        try (UserTower users = WORLD.userTower(8).build(); MovieTower movies = WORLD.movieTower(8).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, WORLD.catalog).build();
            float[][] scores = model.scores(WORLD.test.userIds(), WORLD.test.timestamps());
            int[] expected = model.higherCounts(WORLD.test);
            assertThat(scores).hasNumberOfRows(WORLD.test.size());
            for (int i = 0; i < scores.length; i++) {
                assertThat(scores[i]).hasSize(WORLD.catalog.size());
                float own = scores[i][WORLD.catalog.rowOf(WORLD.test.movieId(i))];
                int higher = 0;
                for (float s : scores[i]) {
                    higher += s > own ? 1 : 0;
                }
                assertThat(higher).as("row %d", i).isEqualTo(expected[i]);
            }
            assertThatThrownBy(() -> model.scores(new int[2], new long[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 users and 1 timestamps");
        }
    }
}
