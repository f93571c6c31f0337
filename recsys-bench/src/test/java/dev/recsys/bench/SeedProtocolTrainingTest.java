package dev.recsys.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.core.data.Examples;
import dev.recsys.core.optim.Adam;
import dev.recsys.models.eval.FactorizedTopK;
import dev.recsys.models.task.Retrieval;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Integration on the real ml-latest-small (skipped without ../shared): a few epochs of the seed
 * protocol's retrieval model beat ranking every movie by its training popularity.
 */
class SeedProtocolTrainingTest {

    private static final Path DATA = Path.of("../../shared/datasets/ml-latest-small");

    @Test
    void aFewEpochsBeatThePopularityRankingOnTop100() throws IOException {
        assumeTrue(Files.isRegularFile(DATA.resolve("ratings.csv")), "ml-latest-small not found at " + DATA.toAbsolutePath());
        Protocol protocol = Protocol.seed(DATA);
        assertThat(protocol.train.size()).isEqualTo(60_000);
        assertThat(protocol.test.size()).isEqualTo(6_658);
        assertThat(protocol.candidates.size()).isEqualTo(9_742);

        double popularity = popularityTop100(protocol.train, protocol.test, protocol.candidates.ids());
        double model;
        QualityBenchmark.Settings settings = new QualityBenchmark.Settings();
        try (UserTower users = settings.userTower(protocol, settings.userFeatures); MovieTower movies = settings.movieTower(protocol, settings.movieFeatures)) {
            RetrievalModel retrieval = RetrievalModel.builder(users, movies, protocol.candidates)
                    .task(Retrieval.builder().samplingCorrection(true).build()).build();
            model = Trainer.builder().epochs(4).evaluateEvery(4).optimizer(() -> Adam.builder(0.01).build()).build()
                    .fit(retrieval, protocol.train, protocol.test).metrics().get("top100");
        }
        assertThat(model).as("model top-100 vs popularity %.4f", popularity).isGreaterThan(popularity);
    }

    /**
     * Top-100 accuracy of scoring each candidate by its training count, with the metric's rule: a
     * test row is a hit when fewer than 100 candidates have a strictly higher count than its movie.
     */
    private static double popularityTop100(Examples train, Examples test, int[] candidates) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            counts.merge(train.movieId(i), 1, Integer::sum);
        }
        int[] higher = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            int own = counts.getOrDefault(test.movieId(i), 0);
            for (int candidate : candidates) {
                if (counts.getOrDefault(candidate, 0) > own) {
                    higher[i]++;
                }
            }
        }
        return FactorizedTopK.accuracy(higher, new int[] {100})[0];
    }
}
