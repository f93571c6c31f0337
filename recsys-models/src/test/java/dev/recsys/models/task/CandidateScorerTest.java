package dev.recsys.models.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.models.CandidateScorer;
import dev.recsys.models.Fixtures;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The retrieval model as a {@link CandidateScorer}: dot products of its two towers' embeddings. */
class CandidateScorerTest {

    private static final Fixtures WORLD = new Fixtures(5, 600);

    @Test
    void retrievalScoresAreQueryCandidateDotProducts() {
        try (UserTower users = WORLD.userTower(8).build(); MovieTower movies = WORLD.movieTower(8).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, WORLD.catalog).build();
            float[][] scores = model.scores(WORLD.test.userIds(), WORLD.test.timestamps());
            float[][] queries;
            float[][] candidates;
            try (INDArray q = model.queryEmbeddings(WORLD.test); INDArray c = model.candidateEmbeddings()) {
                queries = q.toFloatMatrix();
                candidates = c.toFloatMatrix();
            }
            assertThat(scores).hasNumberOfRows(WORLD.test.size());
            for (int i = 0; i < scores.length; i++) {
                assertThat(scores[i]).hasSize(WORLD.catalog.size());
                for (int m = 0; m < candidates.length; m++) {
                    double dot = 0;
                    for (int d = 0; d < queries[i].length; d++) {
                        dot += (double) queries[i][d] * candidates[m][d];
                    }
                    assertThat((double) scores[i][m]).as("query %d, candidate %d", i, m).isCloseTo(dot, within(1e-5));
                }
            }
            assertThatThrownBy(() -> model.scores(new int[2], new long[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 users and 1 timestamps");
        }
    }
}
