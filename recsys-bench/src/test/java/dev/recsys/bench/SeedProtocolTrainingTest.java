package dev.recsys.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.core.features.IdEncoder;
import dev.recsys.models.baseline.Popularity;
import dev.recsys.models.eval.Evaluator;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Integration on the real ml-latest-small (skipped without ../shared): the library's defaults
 * train. A retrieval model with nothing set but the towers' widths (the default trainer, task and
 * optimizer) trained for 3 epochs on the seed protocol's 60,000 ratings beats ranking every movie by
 * its training popularity by at least 20% on factorized top-100 accuracy of the 6,658 test rows.
 */
class SeedProtocolTrainingTest {

    private static final Path DATA = Path.of("../../shared/datasets/ml-latest-small");

    @Test
    void allDefaultRetrievalForThreeEpochsBeatsPopularityByTwentyPercent() throws IOException {
        assumeTrue(Files.isRegularFile(DATA.resolve("ratings.csv")), "ml-latest-small not found at " + DATA.toAbsolutePath());
        Protocol protocol = Protocol.of("seed", DATA);
        assertThat(protocol.trainAndValidation.size()).isEqualTo(60_000);
        assertThat(protocol.test.size()).isEqualTo(6_658);
        assertThat(protocol.candidates.size()).isEqualTo(9_742);

        Evaluator evaluator = Evaluator.builder().build();
        double popularity = evaluator.ranking(Popularity.fit(protocol.trainAndValidation, protocol.candidates),
                protocol.test).get("factorizedTop@100");
        IdEncoder userIds = IdEncoder.builder().build().fit(protocol.trainAndValidation.userIds());
        IdEncoder movieIds = IdEncoder.builder().build().fit(protocol.trainAndValidation.movieIds());
        double model;
        try (UserTower users = UserTower.builder(userIds, 32).build(); MovieTower movies = MovieTower.builder(movieIds, 32).build()) {
            RetrievalModel retrieval = RetrievalModel.builder(users, movies, protocol.candidates).build();
            Trainer.builder().epochs(3).build().fit(retrieval, protocol.trainAndValidation, null);
            model = evaluator.ranking(retrieval, protocol.test).get("factorizedTop@100");
        }
        assertThat(model).as("all-default model top-100 vs popularity %.4f", popularity).isGreaterThanOrEqualTo(1.2 * popularity);
    }
}
