package dev.recsys.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServeFromDisk's line handling on a small untrained model saved to disk. */
class ServeFromDiskTest {

    @Test
    void oneAnswerPerLineWithFallbackAndErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tiny.zip");
        Catalog movies = Catalog.of(new int[] {10, 20, 30, 40, 50},
                List.of("A (1990)", "B (1991)", "C (1992)", "D (1993)", "E (1994)"),
                List.of(List.of("Drama"), List.of("Comedy"), List.of(), List.of("Drama"), List.of("Horror")));
        IdEncoder users = IdEncoder.builder().build().fit(new int[] {1, 2, 3});
        IdEncoder movieIds = IdEncoder.builder().build().fit(movies.ids());
        try (UserTower u = UserTower.builder(users, 4).build();
             MovieTower m = MovieTower.builder(movieIds, 4).catalog(movies).build();
             RankingModel ranking = RankingModel.builder(u, m).hidden(3).build()) {
            SavedModel.builder().retrieval(RetrievalModel.builder(u, m, movies).build()).ranking(ranking).build()
                    .save(file);
        }
        String input = String.join("\n", "1", "999", "abc", "", "2 1500000000", "3 4 5", " 3 ");
        StringWriter output = new StringWriter();
        try (SavedModel model = SavedModel.load(file)) {
            ServeFromDisk.serve(new BufferedReader(new StringReader(input)), new PrintWriter(output),
                    Recommender.of(model), 3, 1_600_000_000L);
        }
        String[] lines = output.toString().split("\n");
        assertThat(lines).hasSize(7);
        assertThat(lines[0]).matches("1\tknown\t\\d+=\\d\\.\\d{3},\\d+=\\d\\.\\d{3},\\d+=\\d\\.\\d{3}");
        assertThat(lines[1]).matches("999\tunknown\t(\\d+=\\d\\.\\d{3},){2}\\d+=\\d\\.\\d{3}");
        assertThat(lines[2]).isEqualTo("error\tline 3: expected USER_ID [EPOCH_SECONDS], found 'abc'");
        assertThat(lines[3]).isEqualTo("error\tline 4: expected USER_ID [EPOCH_SECONDS], found ''");
        assertThat(lines[4]).startsWith("2\tknown\t");
        assertThat(lines[5]).isEqualTo("error\tline 6: expected USER_ID [EPOCH_SECONDS], found '3 4 5'");
        assertThat(lines[6]).startsWith("3\tknown\t");
    }
}
